/**
 * The web log-in in two steps for accounts with a second factor. After the password, a pending
 * log-in is recorded: a random secret for a short-lived cookie, stored only as SHA-256. It is not
 * a session and grants nothing; it only lets the code page know whose code to check. It lasts
 * five minutes and five wrong codes, and is used up by the right one; only then is a session made.
 */
import { randomBytes } from 'node:crypto';
import { DomainError } from '../../domain/errors.ts';
import type { AppContext } from '../context.ts';
import { sha256 } from '../users/credentials.ts';
import { checkLogInPassword } from '../users/log-in.ts';
import { toUserView, type UserView } from '../users/user-view.ts';
import { hasSecondFactor, withSecondFactorCode } from './totp.ts';

export const PENDING_LOGIN_MINUTES = 5;
export const PENDING_LOGIN_MAX_FAILURES = 5;

export type LogInStep = { kind: 'done'; user: UserView } | { kind: 'code'; pending: string };

export async function beginLogIn(ctx: AppContext, email: string, password: string): Promise<LogInStep> {
  const user = await checkLogInPassword(ctx, email, password);
  if (!(await hasSecondFactor(ctx, user.id))) return { kind: 'done', user };
  const pending = randomBytes(32).toString('base64url');
  const now = ctx.clock.now();
  await ctx.db.deleteFrom('pending_logins').where('expires_at', '<=', now.toISOString()).execute();
  await ctx.db
    .insertInto('pending_logins')
    .values({ id_hash: sha256(pending), user_id: user.id, created_at: now.toISOString(), expires_at: new Date(now.getTime() + PENDING_LOGIN_MINUTES * 60_000).toISOString() })
    .execute();
  return { kind: 'code', pending };
}

function expired(): DomainError {
  return new DomainError('UNAUTHENTICATED', 'The log-in has expired; enter your e-mail address and password again');
}

/** Whether a pending log-in is still open (for the code page). */
export async function pendingLogInOpen(ctx: AppContext, pending: string | undefined): Promise<boolean> {
  if (!pending) return false;
  const row = await ctx.db.selectFrom('pending_logins').select('expires_at').where('id_hash', '=', sha256(pending)).executeTakeFirst();
  return !!row && new Date(row.expires_at).getTime() > ctx.clock.now().getTime();
}

/** The second step: the code for a pending log-in. Returns the user to start a session for. */
export async function completeLogIn(ctx: AppContext, pending: string | undefined, code: string): Promise<UserView> {
  if (!pending) throw expired();
  const idHash = sha256(pending);
  const row = await ctx.db.selectFrom('pending_logins').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
  if (!row || new Date(row.expires_at).getTime() <= ctx.clock.now().getTime()) throw expired();
  try {
    return await withSecondFactorCode(ctx, row.user_id, code, 'confirmed', async (trx) => {
      const used = await trx.deleteFrom('pending_logins').where('id_hash', '=', idHash).executeTakeFirst();
      if (Number(used.numDeletedRows) !== 1) throw expired();
      const user = await trx.selectFrom('users').selectAll().where('id', '=', row.user_id).executeTakeFirstOrThrow();
      if (user.disabled_at) throw expired();
      return toUserView(user);
    });
  } catch (error) {
    if (error instanceof DomainError && error.code === 'SECOND_FACTOR_INVALID') {
      await ctx.db.updateTable('pending_logins').set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1) })).where('id_hash', '=', idHash).execute();
      await ctx.db.deleteFrom('pending_logins').where('id_hash', '=', idHash).where('failed_attempts', '>=', PENDING_LOGIN_MAX_FAILURES).execute();
    }
    throw error;
  }
}
