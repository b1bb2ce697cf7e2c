/**
 * Team management by its administrators: the members with their roles, role changes within the
 * team's roles, and disabling (and re-enabling) an account. A team never loses its last active
 * administrator. Disabling ends the member's sessions at once; their API tokens stop working
 * because every token check looks at the user's `disabled_at`.
 */
import { validationError } from '../../domain/errors.ts';
import type { Role } from '../../domain/roles.ts';
import { recordAudit } from '../audit.ts';
import type { Actor, AppContext } from '../context.ts';
import { inTransaction } from '../transaction.ts';
import { adminRole, findMember, requireAnotherAdmin, teamOf, teamRoles, teamUsers, type Team } from './team-scope.ts';

export interface MemberView {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  createdAt: string;
  disabledAt: string | null;
  /** False while a self-service sign-up waits for its e-mail verification. */
  emailVerified: boolean;
  secondFactor: boolean;
}

export async function listTeam(ctx: AppContext, actor: Actor): Promise<{ team: Team; members: MemberView[] }> {
  const team = teamOf(actor);
  const rows = await teamUsers(ctx.db, team)
    .leftJoin('signups', 'signups.user_id', 'users.id')
    .leftJoin('totp_factors', 'totp_factors.user_id', 'users.id')
    .select(['users.id', 'users.email', 'users.display_name', 'users.role', 'users.created_at', 'users.disabled_at', 'signups.user_id as signup_user', 'signups.verified_at', 'totp_factors.confirmed_at'])
    .orderBy('users.created_at')
    .orderBy('users.id')
    .execute();
  return {
    team,
    members: rows.map((r) => ({
      id: r.id,
      email: r.email,
      displayName: r.display_name,
      role: r.role as Role,
      createdAt: r.created_at,
      disabledAt: r.disabled_at,
      emailVerified: !r.signup_user || !!r.verified_at,
      secondFactor: !!r.confirmed_at,
    })),
  };
}

export async function changeUserRole(ctx: AppContext, actor: Actor, userId: string, role: string): Promise<void> {
  const team = teamOf(actor);
  const now = ctx.clock.now();
  await inTransaction(ctx, async (trx) => {
    const member = await findMember(trx, team, userId);
    if (!teamRoles(team).includes(role as Role)) throw validationError([{ pointer: '/role', detail: `must be one of ${teamRoles(team).join(', ')}` }]);
    if (member.role === role) return;
    if (member.role === adminRole(team) && !member.disabled_at) await requireAnotherAdmin(ctx, trx, team, member.id);
    await trx.updateTable('users').set({ role }).where('id', '=', member.id).execute();
    await recordAudit(trx, ctx, actor, now, { action: 'user.role_changed', entityType: 'user', entityId: member.id, before: { role: member.role }, after: { role } });
  });
}

export async function setUserDisabled(ctx: AppContext, actor: Actor, userId: string, disabled: boolean): Promise<void> {
  const team = teamOf(actor);
  const now = ctx.clock.now();
  await inTransaction(ctx, async (trx) => {
    const member = await findMember(trx, team, userId);
    if (!!member.disabled_at === disabled) return;
    if (disabled && member.role === adminRole(team)) await requireAnotherAdmin(ctx, trx, team, member.id);
    await trx.updateTable('users').set({ disabled_at: disabled ? now.toISOString() : null }).where('id', '=', member.id).execute();
    if (disabled) {
      await trx.deleteFrom('sessions').where('user_id', '=', member.id).execute();
      await trx.deleteFrom('pending_logins').where('user_id', '=', member.id).execute();
    }
    await recordAudit(trx, ctx, actor, now, {
      action: disabled ? 'user.disabled' : 'user.enabled',
      entityType: 'user',
      entityId: member.id,
      before: { disabledAt: member.disabled_at },
      after: { disabledAt: disabled ? now.toISOString() : null },
    });
  });
}
