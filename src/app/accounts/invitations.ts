/**
 * Invitations: an administrator invites a colleague by e-mail with a role of the team; the
 * invitee sets a name and a password through the link (valid 7 days, once) and the account is
 * created already verified, since following the link proved the mailbox. Inviting the same
 * address again replaces the pending invitation, so only the newest link works.
 */
import { DomainError, validationError } from '../../domain/errors.ts';
import type { Role } from '../../domain/roles.ts';
import { recordAudit } from '../audit.ts';
import type { Actor, AppContext } from '../context.ts';
import type { Db } from '../../store/database.ts';
import { enqueueEmail } from '../subscriptions/outbox.ts';
import { inTransaction, isUniqueViolation } from '../transaction.ts';
import { toUserView, type UserView } from '../users/user-view.ts';
import { invitationEmail, type MailLang } from './account-emails.ts';
import { DISPLAY_NAME_MAX, emailProblems, normalizeEmail, passwordProblems, textProblems } from './account-input.ts';
import { accountLink, invalidLink, linkTokenHash, newLinkToken, TOKEN_PREFIX, TOKEN_TTL_MINUTES } from './account-tokens.ts';
import { roleName } from './role-names.ts';
import { teamName, teamOf, teamRoles, teamVendorId, type Team } from './team-scope.ts';

export interface InvitationView {
  id: string;
  email: string;
  role: Role;
  createdAt: string;
  expiresAt: string;
}

function roleProblems(team: Team, role: unknown) {
  return teamRoles(team).includes(role as Role) ? [] : [{ pointer: '/role', detail: `must be one of ${teamRoles(team).join(', ')}` }];
}

export async function inviteUser(ctx: AppContext, actor: Actor, input: { email: string; role: string; lang: MailLang }): Promise<InvitationView> {
  const team = teamOf(actor);
  const email = normalizeEmail(input.email);
  const problems = [...emailProblems(email), ...roleProblems(team, input.role)];
  if (problems.length) throw validationError(problems);
  const role = input.role as Role;
  const taken = await ctx.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  if (taken) throw new DomainError('EMAIL_TAKEN', `${email} already has an account`);
  const inviter = await ctx.db.selectFrom('users').select('display_name').where('id', '=', actor.userId!).executeTakeFirstOrThrow();
  const name = await teamName(ctx, team);
  const now = ctx.clock.now();
  const token = newLinkToken('invitation');
  const row = {
    id: ctx.newId(),
    email,
    role,
    vendor_id: teamVendorId(team),
    invited_by: actor.userId,
    token_hash: linkTokenHash(token),
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + TOKEN_TTL_MINUTES.invitation * 60_000).toISOString(),
    accepted_at: null,
    accepted_user_id: null,
    revoked_at: null,
  };
  await inTransaction(ctx, async (trx) => {
    const replaced = await pendingFor(trx, team, email, now).select('id').execute();
    for (const old of replaced) {
      await trx.updateTable('invitations').set({ revoked_at: now.toISOString() }).where('id', '=', old.id).execute();
      await recordAudit(trx, ctx, actor, now, { action: 'invitation.revoked', entityType: 'invitation', entityId: old.id, after: { replacedBy: row.id } });
    }
    await trx.insertInto('invitations').values(row).execute();
    const link = accountLink(ctx.publicBaseUrl, '/invitations/accept', token);
    await enqueueEmail(ctx, trx, invitationEmail(email, input.lang, link, name[input.lang], inviter.display_name, roleName(role)), now);
    const { token_hash: _omit, ...after } = row;
    await recordAudit(trx, ctx, actor, now, { action: 'invitation.created', entityType: 'invitation', entityId: row.id, after });
  });
  return toInvitationView(row);
}

function pendingFor(trx: Db, team: Team, email: string | null, now: Date) {
  let query = trx.selectFrom('invitations').where('accepted_at', 'is', null).where('revoked_at', 'is', null).where('expires_at', '>', now.toISOString());
  query = team.kind === 'vendor' ? query.where('vendor_id', '=', team.vendorId) : query.where('vendor_id', 'is', null);
  return email === null ? query : query.where('email', '=', email);
}

function toInvitationView(row: { id: string; email: string; role: string; created_at: string; expires_at: string }): InvitationView {
  return { id: row.id, email: row.email, role: row.role as Role, createdAt: row.created_at, expiresAt: row.expires_at };
}

/** The team's invitations still waiting for their invitee, newest first. */
export async function listPendingInvitations(ctx: AppContext, actor: Actor): Promise<InvitationView[]> {
  const team = teamOf(actor);
  const rows = await pendingFor(ctx.db, team, null, ctx.clock.now()).selectAll().orderBy('created_at', 'desc').execute();
  return rows.map(toInvitationView);
}

export async function revokeInvitation(ctx: AppContext, actor: Actor, invitationId: string): Promise<void> {
  const team = teamOf(actor);
  const now = ctx.clock.now();
  await inTransaction(ctx, async (trx) => {
    const row = await pendingFor(trx, team, null, now).select(['id', 'email']).where('id', '=', invitationId).executeTakeFirst();
    if (!row) throw new DomainError('NOT_FOUND', 'No such pending invitation in your team');
    await trx.updateTable('invitations').set({ revoked_at: now.toISOString() }).where('id', '=', row.id).execute();
    await recordAudit(trx, ctx, actor, now, { action: 'invitation.revoked', entityType: 'invitation', entityId: row.id, after: { email: row.email } });
  });
}

async function findInvitation(db: Db, token: string, now: Date) {
  if (typeof token !== 'string' || !token.startsWith(`${TOKEN_PREFIX.invitation}_`)) throw invalidLink();
  const row = await db.selectFrom('invitations').selectAll().where('token_hash', '=', linkTokenHash(token)).executeTakeFirst();
  if (!row || row.accepted_at || row.revoked_at || new Date(row.expires_at).getTime() <= now.getTime()) throw invalidLink();
  return row;
}

/** For the page the link opens: who is invited, to which team, as what. */
export async function checkInvitation(ctx: AppContext, token: string): Promise<{ email: string; role: Role; team: { ja: string; en: string } }> {
  const row = await findInvitation(ctx.db, token, ctx.clock.now());
  const team: Team = row.vendor_id ? { kind: 'vendor', vendorId: row.vendor_id } : { kind: 'operators' };
  return { email: row.email, role: row.role as Role, team: await teamName(ctx, team) };
}

export async function acceptInvitation(ctx: AppContext, token: string, input: { displayName: string; password: string }): Promise<UserView> {
  await findInvitation(ctx.db, token, ctx.clock.now());
  const problems = [...textProblems(input.displayName, '/displayName', DISPLAY_NAME_MAX), ...passwordProblems(input.password)];
  if (problems.length) throw validationError(problems);
  const passwordHash = await ctx.passwords.hash(input.password);
  const now = ctx.clock.now();
  try {
    return await inTransaction(ctx, async (trx) => {
      const invitation = await findInvitation(trx, token, now);
      const accepted = await trx.updateTable('invitations').set({ accepted_at: now.toISOString() })
        .where('id', '=', invitation.id).where('accepted_at', 'is', null).where('revoked_at', 'is', null).executeTakeFirst();
      if (Number(accepted.numUpdatedRows) !== 1) throw invalidLink();
      const user = {
        id: ctx.newId(),
        email: invitation.email,
        display_name: input.displayName.trim(),
        password_hash: passwordHash,
        role: invitation.role,
        vendor_id: invitation.vendor_id,
        created_at: now.toISOString(),
        disabled_at: null,
      };
      await trx.insertInto('users').values(user).execute();
      await trx.updateTable('invitations').set({ accepted_user_id: user.id }).where('id', '=', invitation.id).execute();
      const actor: Actor = { userId: user.id, role: invitation.role as Role, vendorId: invitation.vendor_id };
      const { password_hash: _omit, ...after } = user;
      await recordAudit(trx, ctx, actor, now, { action: 'user.created', entityType: 'user', entityId: user.id, after: { ...after, via: 'invitation', invitationId: invitation.id } });
      await recordAudit(trx, ctx, actor, now, { action: 'invitation.accepted', entityType: 'invitation', entityId: invitation.id, after: { userId: user.id } });
      return toUserView(await trx.selectFrom('users').selectAll().where('id', '=', user.id).executeTakeFirstOrThrow());
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError('EMAIL_TAKEN', 'This address already has an account; log in or reset the password instead');
    throw error;
  }
}
