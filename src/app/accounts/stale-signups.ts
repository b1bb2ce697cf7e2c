/**
 * A sign-up whose verification link expired unused holds an e-mail address and maybe a corporate
 * number that nobody proved. When someone signs up again with either, the stale sign-up is
 * discarded (its user, tokens and organisation), so a typo or a squatter cannot block the real
 * owner. Only a sign-up that nothing else has touched is discarded; the audit trail keeps it.
 */
import type { AppContext, Trx } from '../context.ts';
import { recordAudit } from '../audit.ts';
import { SYSTEM_ACTOR } from '../context.ts';
import { TOKEN_TTL_MINUTES } from './account-tokens.ts';

export type SignupState = 'verified' | 'pending' | 'stale';

/** The state of a user's sign-up: no sign-up row means an account made by an admin, verified. */
export async function signupState(ctx: AppContext, trx: Trx, userId: string, now: Date): Promise<SignupState> {
  const row = await trx.selectFrom('signups').select(['created_at', 'verified_at']).where('user_id', '=', userId).executeTakeFirst();
  if (!row || row.verified_at) return 'verified';
  const expired = new Date(row.created_at).getTime() + TOKEN_TTL_MINUTES.verify_email * 60_000 <= now.getTime();
  return expired && (await untouched(trx, userId)) ? 'stale' : 'pending';
}

async function untouched(trx: Trx, userId: string): Promise<boolean> {
  const signup = await trx.selectFrom('signups').select('vendor_id').where('user_id', '=', userId).executeTakeFirstOrThrow();
  const count = async (table: 'users' | 'products' | 'security_txt' | 'invitations', column: 'vendor_id') =>
    Number((await trx.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).where(column, '=', signup.vendor_id).executeTakeFirstOrThrow()).n);
  const tokens = Number((await trx.selectFrom('api_tokens').select((eb) => eb.fn.countAll().as('n')).where('user_id', '=', userId).executeTakeFirstOrThrow()).n);
  return tokens === 0 && (await count('users', 'vendor_id')) === 1 && (await count('products', 'vendor_id')) === 0
    && (await count('security_txt', 'vendor_id')) === 0 && (await count('invitations', 'vendor_id')) === 0;
}

/** Deletes a stale sign-up: its tokens, user and organisation. Call only for state 'stale'. */
export async function discardStaleSignup(ctx: AppContext, trx: Trx, userId: string, now: Date): Promise<void> {
  const signup = await trx.selectFrom('signups').selectAll().where('user_id', '=', userId).executeTakeFirstOrThrow();
  const user = await trx.selectFrom('users').select(['id', 'email', 'created_at']).where('id', '=', userId).executeTakeFirstOrThrow();
  const vendor = await trx.selectFrom('vendors').select(['id', 'name_ja', 'name_en', 'corporate_number']).where('id', '=', signup.vendor_id).executeTakeFirstOrThrow();
  await trx.deleteFrom('account_tokens').where('user_id', '=', userId).execute();
  await trx.deleteFrom('pending_logins').where('user_id', '=', userId).execute();
  await trx.deleteFrom('totp_factors').where('user_id', '=', userId).execute();
  await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
  await trx.deleteFrom('signups').where('user_id', '=', userId).execute();
  await trx.deleteFrom('users').where('id', '=', userId).execute();
  await trx.deleteFrom('vendors').where('id', '=', vendor.id).execute();
  await recordAudit(trx, ctx, SYSTEM_ACTOR, now, {
    action: 'signup.discarded',
    entityType: 'vendor',
    entityId: vendor.id,
    before: { user, vendor, signedUpAt: signup.created_at },
  });
}
