/**
 * The single-use links the account e-mails carry (verify e-mail, reset password, invitation).
 * Tokens are 256-bit random values with a prefix naming their purpose; only their SHA-256 is
 * stored, so a database reader cannot use a pending link. A link works once and until it expires.
 */
import { randomBytes } from 'node:crypto';
import { DomainError } from '../../domain/errors.ts';
import type { AppContext, Trx } from '../context.ts';
import { sha256 } from '../users/credentials.ts';

export type AccountTokenPurpose = 'verify_email' | 'password_reset';

export const TOKEN_PREFIX = { verify_email: 'hve', password_reset: 'hpr', invitation: 'hin' } as const;

/** How long each link works. */
export const TOKEN_TTL_MINUTES = { verify_email: 24 * 60, password_reset: 60, invitation: 7 * 24 * 60 } as const;

export function newLinkToken(kind: keyof typeof TOKEN_PREFIX): string {
  return `${TOKEN_PREFIX[kind]}_${randomBytes(32).toString('base64url')}`;
}

export const linkTokenHash = (token: string): string => sha256(token);

/** The page a link opens, e.g. accountLink(base, '/verify-email', token). */
export function accountLink(base: string, path: string, token: string): string {
  return `${base}${path}?token=${encodeURIComponent(token)}`;
}

export function invalidLink(): DomainError {
  return new DomainError('NOT_FOUND', 'This link is not valid: it may have expired or been used already');
}

/** Issues a new token of `purpose` for a user; earlier unused ones of the same purpose stop working. */
export async function issueAccountToken(ctx: AppContext, trx: Trx, userId: string, purpose: AccountTokenPurpose, now: Date): Promise<string> {
  await trx.updateTable('account_tokens').set({ used_at: now.toISOString() }).where('user_id', '=', userId).where('purpose', '=', purpose).where('used_at', 'is', null).execute();
  const token = newLinkToken(purpose);
  await trx
    .insertInto('account_tokens')
    .values({
      id: ctx.newId(),
      purpose,
      user_id: userId,
      token_hash: linkTokenHash(token),
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + TOKEN_TTL_MINUTES[purpose] * 60_000).toISOString(),
      used_at: null,
    })
    .execute();
  return token;
}

/** The user a still-valid token belongs to; NOT_FOUND ("this link is not valid") otherwise. */
export async function findAccountToken(ctx: AppContext, token: string, purpose: AccountTokenPurpose, db: Pick<Trx, 'selectFrom'> = ctx.db) {
  if (typeof token !== 'string' || !token.startsWith(`${TOKEN_PREFIX[purpose]}_`)) throw invalidLink();
  const row = await db
    .selectFrom('account_tokens')
    .innerJoin('users', 'users.id', 'account_tokens.user_id')
    .select(['account_tokens.id', 'account_tokens.user_id', 'account_tokens.expires_at', 'account_tokens.used_at', 'users.email', 'users.disabled_at'])
    .where('account_tokens.token_hash', '=', linkTokenHash(token))
    .where('account_tokens.purpose', '=', purpose)
    .executeTakeFirst();
  if (!row || row.used_at || row.disabled_at || new Date(row.expires_at).getTime() <= ctx.clock.now().getTime()) throw invalidLink();
  return row;
}

/**
 * Marks a token used inside the transaction that acts on it. The `used_at IS NULL` condition makes
 * two concurrent presses of the same link succeed once: the loser changes no row and fails.
 */
export async function consumeAccountToken(trx: Trx, tokenId: string, now: Date): Promise<void> {
  const result = await trx.updateTable('account_tokens').set({ used_at: now.toISOString() }).where('id', '=', tokenId).where('used_at', 'is', null).executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw invalidLink();
}
