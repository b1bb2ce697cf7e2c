/**
 * A user's own API tokens: the list (never the secrets, which only their creator saw once) and
 * revocation. A token is revoked, not deleted, so the audit trail keeps naming it.
 */
import { DomainError } from '../../domain/errors.ts';
import { recordAudit } from '../audit.ts';
import type { Actor, AppContext } from '../context.ts';
import { inTransaction } from '../transaction.ts';

export interface ApiTokenView {
  id: string;
  name: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

function requireUser(actor: Actor): string {
  if (!actor.userId) throw new DomainError('FORBIDDEN', 'API tokens belong to a user');
  return actor.userId;
}

/** The acting user's tokens, newest first. */
export async function listApiTokens(ctx: AppContext, actor: Actor): Promise<ApiTokenView[]> {
  const rows = await ctx.db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'created_at', 'expires_at', 'last_used_at', 'revoked_at'])
    .where('user_id', '=', requireUser(actor))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at, expiresAt: r.expires_at, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at }));
}

/** Revokes one of the acting user's tokens at once; another user's token is NOT_FOUND. Idempotent. */
export async function revokeApiToken(ctx: AppContext, actor: Actor, tokenId: string): Promise<ApiTokenView> {
  const userId = requireUser(actor);
  return inTransaction(ctx, async (trx) => {
    const before = await trx.selectFrom('api_tokens').selectAll().where('id', '=', tokenId).where('user_id', '=', userId).executeTakeFirst();
    if (!before) throw new DomainError('NOT_FOUND', 'No such API token');
    const now = ctx.clock.now();
    const revokedAt = before.revoked_at ?? now.toISOString();
    if (!before.revoked_at) {
      await trx.updateTable('api_tokens').set({ revoked_at: revokedAt }).where('id', '=', tokenId).execute();
      await recordAudit(trx, ctx, actor, now, {
        action: 'api_token.revoked',
        entityType: 'api_token',
        entityId: tokenId,
        before: { name: before.name, revokedAt: null },
        after: { name: before.name, revokedAt },
      });
    }
    return { id: before.id, name: before.name, createdAt: before.created_at, expiresAt: before.expires_at, lastUsedAt: before.last_used_at, revokedAt };
  });
}
