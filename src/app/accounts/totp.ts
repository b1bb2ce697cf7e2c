/**
 * An optional TOTP second factor (RFC 6238: 6 digits, 30-second steps, SHA-1, as authenticator
 * apps expect) for operator accounts, whose decisions change public labels. The secret must be
 * stored readable, because every check recomputes the code from it; it is shown to its owner only
 * while the enrolment waits for the first code. A code is accepted from the step before to the
 * step after the current one, and each accepted step is remembered, so a code (or an older one)
 * never works twice. Wrong codes count against a per-user limit.
 */
import { generateSecret, generateURI, verify } from 'otplib';
import { DomainError, validationError } from '../../domain/errors.ts';
import { OPERATOR_ROLES, type Role } from '../../domain/roles.ts';
import { recordAudit } from '../audit.ts';
import type { Actor, AppContext, Trx } from '../context.ts';
import { inTransaction } from '../transaction.ts';
import { checkRateLimit, LIMITS, recordRateLimitHit } from './rate-limit.ts';

export const TOTP_ISSUER = 'hoshi';
const TOLERANCE_SECONDS = 30;

export function offersSecondFactor(role: Role | 'system'): boolean {
  return OPERATOR_ROLES.includes(role as Role);
}

function requireOperator(actor: Actor): string {
  if (!actor.userId || !offersSecondFactor(actor.role)) {
    throw validationError([{ pointer: '/role', detail: 'a second factor is offered for operator accounts (reviewer, operator administrator)' }]);
  }
  return actor.userId;
}

export async function hasSecondFactor(ctx: AppContext, userId: string): Promise<boolean> {
  const row = await ctx.db.selectFrom('totp_factors').select('confirmed_at').where('user_id', '=', userId).executeTakeFirst();
  return !!row?.confirmed_at;
}

export interface SecondFactorStatus {
  offered: boolean;
  enrolled: boolean;
  /** While an enrolment waits for its first code: what to type or paste into the app. */
  pending: { secret: string; uri: string } | null;
}

async function uriFor(ctx: AppContext, userId: string, secret: string): Promise<string> {
  const user = await ctx.db.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirstOrThrow();
  return generateURI({ issuer: TOTP_ISSUER, label: user.email, secret });
}

export async function secondFactorStatus(ctx: AppContext, actor: Actor): Promise<SecondFactorStatus> {
  if (!actor.userId || !offersSecondFactor(actor.role)) return { offered: false, enrolled: false, pending: null };
  const row = await ctx.db.selectFrom('totp_factors').selectAll().where('user_id', '=', actor.userId).executeTakeFirst();
  if (!row) return { offered: true, enrolled: false, pending: null };
  if (row.confirmed_at) return { offered: true, enrolled: true, pending: null };
  return { offered: true, enrolled: false, pending: { secret: row.secret, uri: await uriFor(ctx, actor.userId, row.secret) } };
}

/** A new secret waiting for its first code (replaces an unconfirmed one). */
export async function startSecondFactorEnrolment(ctx: AppContext, actor: Actor): Promise<{ secret: string; uri: string }> {
  const userId = requireOperator(actor);
  const now = ctx.clock.now();
  const secret = generateSecret();
  await inTransaction(ctx, async (trx) => {
    const existing = await trx.selectFrom('totp_factors').select('confirmed_at').where('user_id', '=', userId).executeTakeFirst();
    if (existing?.confirmed_at) throw validationError([{ pointer: '/secondFactor', detail: 'a second factor is already set up; turn it off first to set up a new one' }]);
    await trx.deleteFrom('totp_factors').where('user_id', '=', userId).execute();
    await trx.insertInto('totp_factors').values({ user_id: userId, secret, created_at: now.toISOString(), confirmed_at: null, last_step: null }).execute();
    await recordAudit(trx, ctx, actor, now, { action: 'user.second_factor_enrolment_started', entityType: 'user', entityId: userId });
  });
  return { secret, uri: await uriFor(ctx, userId, secret) };
}

/**
 * Checks `code` against the user's factor and, inside one transaction, records its time step and
 * runs `work`. The step is stored with a condition (`last_step` below it), so of two requests with
 * the same code only one succeeds, even on different servers.
 */
export async function withSecondFactorCode<T>(
  ctx: AppContext,
  userId: string,
  code: string,
  state: 'pending' | 'confirmed',
  work: (trx: Trx, now: Date) => Promise<T>,
): Promise<T> {
  await checkRateLimit(ctx, LIMITS.codeFailuresPerUser, userId);
  const now = ctx.clock.now();
  try {
    return await inTransaction(ctx, async (trx) => {
      const factor = await trx.selectFrom('totp_factors').selectAll().where('user_id', '=', userId).executeTakeFirst();
      if (!factor || !!factor.confirmed_at !== (state === 'confirmed')) {
        throw validationError([{ pointer: '/secondFactor', detail: state === 'confirmed' ? 'no second factor is set up' : 'start the set-up first' }]);
      }
      const token = String(code ?? '').replace(/\s+/g, '');
      if (!/^\d{6}$/.test(token)) throw new DomainError('SECOND_FACTOR_INVALID', 'Enter the 6-digit code from your authenticator app');
      const result = await verify({
        secret: factor.secret,
        token,
        epoch: Math.floor(now.getTime() / 1000),
        epochTolerance: TOLERANCE_SECONDS,
        ...(factor.last_step !== null && { afterTimeStep: Number(factor.last_step) }),
      });
      if (!result.valid || !('timeStep' in result)) throw new DomainError('SECOND_FACTOR_INVALID', 'The code is wrong, expired or was already used');
      const step = result.timeStep;
      const taken = await trx
        .updateTable('totp_factors')
        .set({ last_step: step })
        .where('user_id', '=', userId)
        .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', step)]))
        .executeTakeFirst();
      if (Number(taken.numUpdatedRows) !== 1) throw new DomainError('SECOND_FACTOR_INVALID', 'The code is wrong, expired or was already used');
      return work(trx, now);
    });
  } catch (error) {
    if (error instanceof DomainError && error.code === 'SECOND_FACTOR_INVALID') await recordRateLimitHit(ctx, LIMITS.codeFailuresPerUser, userId);
    throw error;
  }
}

export async function confirmSecondFactorEnrolment(ctx: AppContext, actor: Actor, code: string): Promise<void> {
  const userId = requireOperator(actor);
  await withSecondFactorCode(ctx, userId, code, 'pending', async (trx, now) => {
    await trx.updateTable('totp_factors').set({ confirmed_at: now.toISOString() }).where('user_id', '=', userId).execute();
    await recordAudit(trx, ctx, actor, now, { action: 'user.second_factor_enabled', entityType: 'user', entityId: userId });
  });
}

export async function disableSecondFactor(ctx: AppContext, actor: Actor, code: string): Promise<void> {
  const userId = requireOperator(actor);
  await withSecondFactorCode(ctx, userId, code, 'confirmed', async (trx, now) => {
    await trx.deleteFrom('totp_factors').where('user_id', '=', userId).execute();
    await recordAudit(trx, ctx, actor, now, { action: 'user.second_factor_disabled', entityType: 'user', entityId: userId });
  });
}
