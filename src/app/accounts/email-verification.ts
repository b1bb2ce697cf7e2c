/**
 * E-mail verification of self-service sign-ups. The link opens a page with a button; only the
 * button (a POST) verifies, because mail scanners open links but do not press buttons.
 */
import { DomainError } from '../../domain/errors.ts';
import { recordAudit } from '../audit.ts';
import type { AppContext, Trx } from '../context.ts';
import { inTransaction } from '../transaction.ts';
import { actorOf } from '../users/user-view.ts';
import { consumeAccountToken, findAccountToken } from './account-tokens.ts';

/** Refuses log-in for a user whose sign-up is not verified yet (log-in.ts calls this). */
export async function requireVerifiedEmail(ctx: AppContext, userId: string): Promise<void> {
  const signup = await ctx.db.selectFrom('signups').select('verified_at').where('user_id', '=', userId).executeTakeFirst();
  if (signup && !signup.verified_at) {
    throw new DomainError('EMAIL_NOT_VERIFIED', 'Verify your e-mail address first: follow the link in the e-mail we sent when you signed up');
  }
}

/** Marks a pending sign-up verified (also used by a password reset, which proves the mailbox too). */
export async function markSignupVerified(trx: Trx, userId: string, now: Date): Promise<boolean> {
  const result = await trx.updateTable('signups').set({ verified_at: now.toISOString() }).where('user_id', '=', userId).where('verified_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** For the page the link opens: NOT_FOUND unless the link still works. */
export async function checkVerificationLink(ctx: AppContext, token: string): Promise<{ email: string }> {
  const row = await findAccountToken(ctx, token, 'verify_email');
  return { email: row.email };
}

export async function verifyEmail(ctx: AppContext, token: string): Promise<{ email: string }> {
  const now = ctx.clock.now();
  return inTransaction(ctx, async (trx) => {
    const row = await findAccountToken(ctx, token, 'verify_email', trx);
    await consumeAccountToken(trx, row.id, now);
    await markSignupVerified(trx, row.user_id, now);
    const user = await trx.selectFrom('users').selectAll().where('id', '=', row.user_id).executeTakeFirstOrThrow();
    await recordAudit(trx, ctx, actorOf(user), now, {
      action: 'user.email_verified',
      entityType: 'user',
      entityId: user.id,
      after: { email: row.email, verifiedAt: now.toISOString() },
    });
    return { email: row.email };
  });
}
