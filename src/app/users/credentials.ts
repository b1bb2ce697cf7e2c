/**
 * Log-in by password, sessions and API tokens. Secrets we hand out (session ids, API tokens) are
 * 256-bit random values; we store only their SHA-256, which is enough for high-entropy secrets
 * and lets us look them up by hash. Passwords use argon2id (see src/store/passwords.ts).
 */
import { createHash, randomBytes } from 'node:crypto';
import { DomainError } from '../../domain/errors.ts';
import { addDays } from '../../domain/time.ts';
import { recordAudit } from '../audit.ts';
import type { Actor, AppContext } from '../context.ts';
import { inTransaction } from '../transaction.ts';
import { actorOf, toUserView, type UserView } from './user-view.ts';

export const API_TOKEN_PREFIX = 'hoshi_';

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

// A valid argon2id hash of a random password, so unknown e-mails cost the same time as known ones.
let dummyHash: Promise<string> | undefined;

/** Returns the user for a correct e-mail and password; INVALID_CREDENTIALS otherwise. */
export async function verifyPassword(ctx: AppContext, email: string, password: string): Promise<UserView> {
  const row = await ctx.db.selectFrom('users').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
  if (!row || row.disabled_at) {
    dummyHash ??= ctx.passwords.hash(newSecret());
    await ctx.passwords.verify(await dummyHash, password);
    throw new DomainError('INVALID_CREDENTIALS');
  }
  if (!(await ctx.passwords.verify(row.password_hash, password))) throw new DomainError('INVALID_CREDENTIALS');
  return toUserView(row);
}

export interface SessionPolicy {
  idleMinutes: number;
  absoluteHours: number;
}

/** Starts a session; returns the secret for the cookie (never stored in clear). */
export async function createSession(ctx: AppContext, user: UserView, policy: SessionPolicy): Promise<string> {
  const secret = newSecret();
  const now = ctx.clock.now();
  await inTransaction(ctx, async (trx) => {
    await trx
      .insertInto('sessions')
      .values({
        id_hash: sha256(secret),
        user_id: user.id,
        created_at: now.toISOString(),
        last_seen_at: now.toISOString(),
        expires_at: new Date(now.getTime() + policy.absoluteHours * 3_600_000).toISOString(),
      })
      .execute();
    await recordAudit(trx, ctx, { userId: user.id, role: user.role, vendorId: user.vendorId }, now, {
      action: 'session.created',
      entityType: 'user',
      entityId: user.id,
    });
  });
  return secret;
}

/** The actor behind a session secret, sliding the idle timeout; undefined when unknown or expired. */
export async function resolveSession(ctx: AppContext, secret: string, policy: SessionPolicy): Promise<Actor | undefined> {
  const now = ctx.clock.now();
  const row = await ctx.db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .select(['sessions.last_seen_at', 'sessions.expires_at', 'sessions.id_hash'])
    .where('sessions.id_hash', '=', sha256(secret))
    .executeTakeFirst();
  if (!row || row.disabled_at) return undefined;
  const idleLimit = new Date(row.last_seen_at).getTime() + policy.idleMinutes * 60_000;
  if (now.getTime() >= new Date(row.expires_at).getTime() || now.getTime() >= idleLimit) {
    await ctx.db.deleteFrom('sessions').where('id_hash', '=', row.id_hash).execute();
    return undefined;
  }
  await ctx.db.updateTable('sessions').set({ last_seen_at: now.toISOString() }).where('id_hash', '=', row.id_hash).execute();
  return actorOf(row);
}

export async function deleteSession(ctx: AppContext, secret: string): Promise<void> {
  await ctx.db.deleteFrom('sessions').where('id_hash', '=', sha256(secret)).execute();
}

export interface ApiTokenCreated {
  id: string;
  name: string;
  /** Shown once; only its hash is stored. */
  token: string;
  expiresAt: string | null;
}

/** Creates an API token for the acting user (the CLI may name another user). */
export async function createApiToken(
  ctx: AppContext,
  actor: Actor,
  input: { userId: string; name: string; expiresInDays?: number | null },
): Promise<ApiTokenCreated> {
  if (actor.role !== 'system' && actor.userId !== input.userId) {
    throw new DomainError('FORBIDDEN', 'API tokens are created by their own user');
  }
  const user = await ctx.db.selectFrom('users').select(['id']).where('id', '=', input.userId).executeTakeFirst();
  if (!user) throw new DomainError('NOT_FOUND', 'No such user');
  const token = `${API_TOKEN_PREFIX}${newSecret()}`;
  const now = ctx.clock.now();
  const row = {
    id: ctx.newId(),
    user_id: input.userId,
    name: input.name.trim() || 'token',
    token_hash: sha256(token),
    created_at: now.toISOString(),
    expires_at: input.expiresInDays ? addDays(now, input.expiresInDays).toISOString() : null,
    last_used_at: null,
    revoked_at: null,
  };
  await inTransaction(ctx, async (trx) => {
    await trx.insertInto('api_tokens').values(row).execute();
    await recordAudit(trx, ctx, actor, now, {
      action: 'api_token.created',
      entityType: 'api_token',
      entityId: row.id,
      after: { userId: row.user_id, name: row.name, expiresAt: row.expires_at },
    });
  });
  return { id: row.id, name: row.name, token, expiresAt: row.expires_at };
}

/** The actor behind a bearer token; undefined when unknown, revoked or expired. */
export async function resolveApiToken(ctx: AppContext, token: string): Promise<Actor | undefined> {
  if (!token.startsWith(API_TOKEN_PREFIX)) return undefined;
  const now = ctx.clock.now();
  const row = await ctx.db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .selectAll('users')
    .select(['api_tokens.id as token_id', 'api_tokens.expires_at', 'api_tokens.revoked_at', 'api_tokens.last_used_at'])
    .where('api_tokens.token_hash', '=', sha256(token))
    .executeTakeFirst();
  if (!row || row.revoked_at || row.disabled_at) return undefined;
  if (row.expires_at && now.getTime() >= new Date(row.expires_at).getTime()) return undefined;
  // Record use at most once a minute: a busy integration should not write on every request.
  if (!row.last_used_at || now.getTime() - new Date(row.last_used_at).getTime() > 60_000) {
    await ctx.db.updateTable('api_tokens').set({ last_used_at: now.toISOString() }).where('id', '=', row.token_id).execute();
  }
  return actorOf(row);
}
