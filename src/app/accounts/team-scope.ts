/**
 * Which team an administrator manages: a vendor admin its own organisation (vendor roles), an
 * operator admin the operator team (reviewer, operator_admin). Every team use case derives the team
 * from the actor, so an id from another team simply is not found (404), and no page or API can
 * widen the scope by passing a different organisation.
 */
import { DomainError } from '../../domain/errors.ts';
import { OPERATOR_ROLES, VENDOR_ROLES, type Role } from '../../domain/roles.ts';
import { requirePermission, type Actor, type AppContext, type Trx } from '../context.ts';
import { isPostgres, type Db } from '../../store/database.ts';

export type Team = { kind: 'vendor'; vendorId: string } | { kind: 'operators' };

export function teamOf(actor: Actor): Team {
  requirePermission(actor, 'users:manage');
  if (actor.role === 'vendor_admin' && actor.vendorId) return { kind: 'vendor', vendorId: actor.vendorId };
  if (actor.role === 'operator_admin') return { kind: 'operators' };
  throw new DomainError('FORBIDDEN', 'Teams are managed by their administrators');
}

export function teamRoles(team: Team): readonly Role[] {
  return team.kind === 'vendor' ? VENDOR_ROLES : OPERATOR_ROLES;
}

export function adminRole(team: Team): Role {
  return team.kind === 'vendor' ? 'vendor_admin' : 'operator_admin';
}

export const teamVendorId = (team: Team): string | null => (team.kind === 'vendor' ? team.vendorId : null);

/** The team's users: its vendor's users, or every user with an operator role. */
export function teamUsers(db: Trx | Db, team: Team) {
  const query = db.selectFrom('users');
  return team.kind === 'vendor'
    ? query.where('users.vendor_id', '=', team.vendorId)
    : query.where('users.vendor_id', 'is', null).where('users.role', 'in', [...OPERATOR_ROLES]);
}

/** A member of the team, or NOT_FOUND (also for ids of other teams). */
export async function findMember(db: Trx | Db, team: Team, userId: string) {
  const row = await teamUsers(db, team).selectAll().where('id', '=', userId).executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND', 'No such user in your team');
  return row;
}

/**
 * Throws LAST_ADMIN unless the team keeps another active administrator besides `userId`. On
 * PostgreSQL the administrators' rows are locked, so two admins demoting each other at once
 * cannot both succeed; SQLite has one writer at a time anyway.
 */
export async function requireAnotherAdmin(ctx: AppContext, trx: Trx, team: Team, userId: string): Promise<void> {
  const admins = await teamUsers(trx, team)
    .select('id')
    .where('role', '=', adminRole(team))
    .where('disabled_at', 'is', null)
    .$if(isPostgres(ctx.db), (q) => q.forUpdate())
    .execute();
  if (!admins.some((a) => a.id !== userId)) {
    throw new DomainError('LAST_ADMIN', 'This is the last active administrator of the team; make someone else an administrator first');
  }
}

export async function teamName(ctx: AppContext, team: Team): Promise<{ ja: string; en: string }> {
  if (team.kind === 'operators') return { ja: 'hoshi 運営チーム', en: 'the hoshi operator team' };
  const vendor = await ctx.db.selectFrom('vendors').select(['name_ja', 'name_en']).where('id', '=', team.vendorId).executeTakeFirstOrThrow();
  return { ja: vendor.name_ja, en: vendor.name_en };
}
