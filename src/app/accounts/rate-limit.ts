/**
 * Rate limits for the anonymous account forms (sign-up, password reset) and for second-factor
 * codes. Hits are rows in the database, so every server process counts the same attempts; keys
 * (IP addresses, e-mail addresses, user ids) are stored only as SHA-256. A count and its insert are
 * two statements, so a burst across processes may overshoot a limit by a few: good enough for
 * throttling, which is all this is.
 */
import { DomainError } from '../../domain/errors.ts';
import type { AppContext } from '../context.ts';
import { sha256 } from '../users/credentials.ts';

export interface RateLimit {
  bucket: string;
  max: number;
  windowMinutes: number;
}

export const LIMITS = {
  signupPerIp: { bucket: 'signup:ip', max: 5, windowMinutes: 60 },
  signupPerEmail: { bucket: 'signup:email', max: 3, windowMinutes: 60 },
  resetPerIp: { bucket: 'reset:ip', max: 10, windowMinutes: 60 },
  resetPerEmail: { bucket: 'reset:email', max: 3, windowMinutes: 60 },
  /** Wrong second-factor codes per user, across pending log-ins. */
  codeFailuresPerUser: { bucket: 'code:user', max: 10, windowMinutes: 15 },
} as const satisfies Record<string, RateLimit>;

/** Throws RATE_LIMITED when `key` has used up `limit`; otherwise nothing. */
export async function checkRateLimit(ctx: AppContext, limit: RateLimit, key: string): Promise<void> {
  const now = ctx.clock.now();
  const since = new Date(now.getTime() - limit.windowMinutes * 60_000).toISOString();
  const hits = await ctx.db
    .selectFrom('rate_limit_hits')
    .select('at')
    .where('bucket', '=', limit.bucket)
    .where('key_hash', '=', sha256(key))
    .where('at', '>', since)
    .orderBy('at')
    .execute();
  if (hits.length >= limit.max) {
    const freeAt = new Date(hits[hits.length - limit.max]!.at).getTime() + limit.windowMinutes * 60_000;
    const retryAfterSeconds = Math.max(1, Math.ceil((freeAt - now.getTime()) / 1000));
    throw new DomainError('RATE_LIMITED', `Too many attempts; try again in ${Math.ceil(retryAfterSeconds / 60)} minute(s)`, [], { retryAfterSeconds });
  }
}

/** Counts one attempt for `key` (and forgets this key's hits that have left the window). */
export async function recordRateLimitHit(ctx: AppContext, limit: RateLimit, key: string): Promise<void> {
  const now = ctx.clock.now();
  const keyHash = sha256(key);
  const since = new Date(now.getTime() - limit.windowMinutes * 60_000).toISOString();
  await ctx.db.deleteFrom('rate_limit_hits').where('bucket', '=', limit.bucket).where('key_hash', '=', keyHash).where('at', '<=', since).execute();
  await ctx.db.insertInto('rate_limit_hits').values({ id: ctx.newId(), bucket: limit.bucket, key_hash: keyHash, at: now.toISOString() }).execute();
}

/** Checks every limit first, then counts the attempt against each: a refused attempt counts nowhere. */
export async function takeRateLimits(ctx: AppContext, entries: Array<[RateLimit, string]>): Promise<void> {
  for (const [limit, key] of entries) await checkRateLimit(ctx, limit, key);
  for (const [limit, key] of entries) await recordRateLimitHit(ctx, limit, key);
}
