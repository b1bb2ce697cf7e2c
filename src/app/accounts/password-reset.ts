/**
 * Password reset by e-mail. Asking for a reset answers the same, and as fast, whether or not the
 * address has an account (no account enumeration), and is rate limited per address and per IP. The link works
 * once, for an hour; setting the new password ends every session of the account (API tokens are
 * kept: they are separate credentials, revoked on their own). Following the link proves the
 * mailbox, so it also completes a sign-up still waiting for verification, and lifts a log-in
 * lockout.
 */
import { validationError } from '../../domain/errors.ts';
import { recordAudit } from '../audit.ts';
import { SYSTEM_ACTOR, type AppContext } from '../context.ts';
import { enqueueEmail } from '../subscriptions/outbox.ts';
import { inTransaction } from '../transaction.ts';
import { sha256 } from '../users/credentials.ts';
import { actorOf } from '../users/user-view.ts';
import { passwordResetEmail, type MailLang } from './account-emails.ts';
import { emailProblems, normalizeEmail, passwordProblems } from './account-input.ts';
import { accountLink, consumeAccountToken, findAccountToken, issueAccountToken } from './account-tokens.ts';
import { answerNoSoonerThan } from './answer-floor.ts';
import { markSignupVerified } from './email-verification.ts';
import { LIMITS, takeRateLimits } from './rate-limit.ts';

export async function requestPasswordReset(ctx: AppContext, input: { email: string; lang: MailLang }, request: { ip: string }): Promise<{ email: string }> {
  const startedAt = performance.now();
  const email = normalizeEmail(input.email);
  const problems = emailProblems(email);
  if (problems.length) throw validationError(problems);
  await takeRateLimits(ctx, [[LIMITS.resetPerIp, request.ip], [LIMITS.resetPerEmail, email]]);
  const now = ctx.clock.now();
  const user = await ctx.db.selectFrom('users').select(['id', 'disabled_at']).where('email', '=', email).executeTakeFirst();
  if (user && !user.disabled_at) {
    await inTransaction(ctx, async (trx) => {
      const token = await issueAccountToken(ctx, trx, user.id, 'password_reset', now);
      await enqueueEmail(ctx, trx, passwordResetEmail(email, input.lang, accountLink(ctx.publicBaseUrl, '/password-reset/confirm', token)), now);
      await recordAudit(trx, ctx, SYSTEM_ACTOR, now, { action: 'user.password_reset_requested', entityType: 'user', entityId: user.id });
    });
  }
  return answerNoSoonerThan(startedAt, { email });
}

/** For the page the link opens: NOT_FOUND unless the link still works. */
export async function checkResetLink(ctx: AppContext, token: string): Promise<{ email: string }> {
  const row = await findAccountToken(ctx, token, 'password_reset');
  return { email: row.email };
}

export async function resetPassword(ctx: AppContext, token: string, password: string): Promise<{ email: string; sessionsEnded: number }> {
  await findAccountToken(ctx, token, 'password_reset');
  const problems = passwordProblems(password);
  if (problems.length) throw validationError(problems);
  const passwordHash = await ctx.passwords.hash(password);
  const now = ctx.clock.now();
  return inTransaction(ctx, async (trx) => {
    const row = await findAccountToken(ctx, token, 'password_reset', trx);
    await consumeAccountToken(trx, row.id, now);
    await trx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', row.user_id).execute();
    const ended = await trx.deleteFrom('sessions').where('user_id', '=', row.user_id).executeTakeFirst();
    await trx.deleteFrom('pending_logins').where('user_id', '=', row.user_id).execute();
    await trx.deleteFrom('login_failures').where('email_hash', '=', sha256(row.email)).execute();
    const verified = await markSignupVerified(trx, row.user_id, now);
    const user = await trx.selectFrom('users').selectAll().where('id', '=', row.user_id).executeTakeFirstOrThrow();
    const sessionsEnded = Number(ended.numDeletedRows);
    await recordAudit(trx, ctx, actorOf(user), now, {
      action: 'user.password_reset',
      entityType: 'user',
      entityId: user.id,
      after: { sessionsEnded, ...(verified && { emailVerified: true }) },
    });
    return { email: row.email, sessionsEnded };
  });
}
