/**
 * Log-in with a lockout: after LOCKOUT_FAILURES wrong passwords for one account within
 * LOCKOUT_WINDOW_MINUTES, further attempts are refused (even with the right password) until the
 * window has passed. Failures are kept in the database, so all app servers share the count; a
 * success clears it. Unknown e-mail addresses count too, so the lockout reveals nothing.
 */
import { DomainError } from '../../domain/errors.ts';
import { requireVerifiedEmail } from '../accounts/email-verification.ts';
import { hasSecondFactor } from '../accounts/totp.ts';
import type { AppContext } from '../context.ts';
import { sha256, verifyPassword } from './credentials.ts';
import type { UserView } from './user-view.ts';

export const LOCKOUT_FAILURES = 5;
export const LOCKOUT_WINDOW_MINUTES = 15;

/**
 * Log-in by password alone (the API's session log-in). An account with a second factor is refused
 * here: the web log-in asks for its code (src/app/accounts/two-step-log-in.ts).
 */
export async function logIn(ctx: AppContext, email: string, password: string): Promise<UserView> {
  const user = await checkLogInPassword(ctx, email, password);
  if (await hasSecondFactor(ctx, user.id)) {
    throw new DomainError('SECOND_FACTOR_REQUIRED', 'This account has a second factor: log in through the web page, which asks for the code, or use an API token');
  }
  return user;
}

/** The password step: lockout, password, and a verified e-mail address for self-service sign-ups. */
export async function checkLogInPassword(ctx: AppContext, email: string, password: string): Promise<UserView> {
  const emailHash = sha256(email.trim().toLowerCase());
  const now = ctx.clock.now();
  const since = new Date(now.getTime() - LOCKOUT_WINDOW_MINUTES * 60_000).toISOString();
  const failures = await ctx.db
    .selectFrom('login_failures')
    .select(['at'])
    .where('email_hash', '=', emailHash)
    .where('at', '>', since)
    .orderBy('at')
    .execute();
  if (failures.length >= LOCKOUT_FAILURES) {
    const unlocksAt = new Date(failures[failures.length - LOCKOUT_FAILURES]!.at).getTime() + LOCKOUT_WINDOW_MINUTES * 60_000;
    const retryAfterSeconds = Math.max(1, Math.ceil((unlocksAt - now.getTime()) / 1000));
    throw new DomainError('RATE_LIMITED', `Too many failed log-ins for this account; try again in ${Math.ceil(retryAfterSeconds / 60)} minute(s)`, [], { retryAfterSeconds });
  }
  try {
    const user = await verifyPassword(ctx, email, password);
    await ctx.db.deleteFrom('login_failures').where('email_hash', '=', emailHash).execute();
    await requireVerifiedEmail(ctx, user.id);
    return user;
  } catch (error) {
    if (error instanceof DomainError && error.code === 'INVALID_CREDENTIALS') {
      await ctx.db.insertInto('login_failures').values({ id: ctx.newId(), email_hash: emailHash, at: now.toISOString() }).execute();
    }
    throw error;
  }
}
