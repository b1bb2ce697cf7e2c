/**
 * Delivers due webhook deliveries. Each is claimed with a lease, sent outside any transaction
 * (a slow receiver must not hold database locks), and then every consequence of the attempt is
 * written in one transaction: the attempt log row, the delivery's new state, the subscription's
 * failure streak and, when the streak crosses the disable policy, the disabling, the
 * cancellation of its pending deliveries and the owner's notice in the e-mail outbox.
 *
 * Delivery is at least once: a process that dies after sending but before recording will have
 * the delivery sent again after its lease runs out. The webhook-id (the delivery id) is the same
 * on every try, so receivers can drop repeats.
 */
import { sql, type Selectable } from 'kysely';
import type { AppContext, Trx } from '../app/context.ts';
import { inTransaction } from '../app/transaction.ts';
import { DomainError } from '../domain/errors.ts';
import type { DeliveriesTable, NotificationEventsTable, SubscriptionsTable } from '../store/schema.ts';
import { webhookDisabledNotice } from '../notify/disabled-notice.ts';
import { backoffMs, type NotifySettings } from '../notify/settings.ts';
import type { Resolver } from '../notify/ssrf-guard.ts';
import { sendWebhook, type WebhookResult } from '../notify/webhook-sender.ts';
import { claimDue, settleAll } from './queue.ts';

type Delivery = Selectable<DeliveriesTable>;
type Subscription = Selectable<SubscriptionsTable>;
type NotificationEvent = Selectable<NotificationEventsTable>;

/** The Standard Webhooks payload shape: type, timestamp, data. */
export function webhookBody(event: Pick<NotificationEvent, 'type' | 'occurred_at' | 'payload'>): string {
  return JSON.stringify({ type: event.type, timestamp: event.occurred_at, data: JSON.parse(event.payload) });
}

export interface ProcessOptions {
  limit?: number;
  /** Host name resolution for the address check; the system resolver unless a test replaces it. */
  resolve?: Resolver;
}

/** Claims up to `limit` due deliveries (default 10), tries each once, and returns how many. */
export async function processDueDeliveries(ctx: AppContext, settings: NotifySettings, options: ProcessOptions = {}): Promise<number> {
  const claimed = await claimDue(ctx.db, 'deliveries', { now: ctx.clock.now(), leaseMs: settings.leaseMs, limit: options.limit ?? 10 });
  await settleAll(claimed, (delivery) => deliverOne(ctx, settings, delivery, options.resolve));
  return claimed.length;
}

async function deliverOne(ctx: AppContext, settings: NotifySettings, delivery: Delivery, resolve?: Resolver): Promise<void> {
  const lease = delivery.locked_until!;
  const subscription = await ctx.db.selectFrom('subscriptions').selectAll().where('id', '=', delivery.subscription_id).executeTakeFirstOrThrow();
  const { url, secret } = subscription;
  if (subscription.status !== 'active' || subscription.channel !== 'webhook' || !url || !secret) {
    const why = subscription.status !== 'active' ? `subscription is ${subscription.status}` : 'subscription has no webhook URL and secret';
    await ctx.db
      .updateTable('deliveries')
      .set({ status: 'cancelled', locked_until: null, last_error: why })
      .where('id', '=', delivery.id)
      .where('locked_until', '=', lease)
      .where('status', '=', 'pending')
      .execute();
    return;
  }
  const event = await ctx.db.selectFrom('notification_events').selectAll().where('id', '=', delivery.event_id).executeTakeFirstOrThrow();
  // The signature timestamp is the wall-clock instant of the request: receivers check it against
  // their own clock to refuse replays, so it must not come from a simulated clock.
  const result = await sendWebhook(
    { url, secret, msgId: delivery.id, timestamp: new Date(), body: webhookBody(event) },
    settings,
    resolve,
  );
  await inTransaction(ctx, (trx) => recordAttempt(ctx, trx, settings, delivery, lease, subscription, result));
}

function failureText(result: WebhookResult): string {
  return result.error ?? `HTTP ${result.statusCode}`;
}

async function recordAttempt(
  ctx: AppContext,
  trx: Trx,
  settings: NotifySettings,
  delivery: Delivery,
  lease: string,
  subscription: Subscription,
  result: WebhookResult,
): Promise<void> {
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  // Lock the subscription row first, in every finishing transaction, so workers finishing
  // deliveries of one subscription queue up on it instead of deadlocking on each other's rows.
  await trx.updateTable('subscriptions').set({ id: subscription.id }).where('id', '=', subscription.id).execute();
  // The attempt happened whatever else is true now, so it is always logged.
  await trx
    .insertInto('delivery_attempts')
    .values({
      id: ctx.newId(),
      delivery_id: delivery.id,
      attempted_at: nowIso,
      duration_ms: result.durationMs,
      status_code: result.statusCode,
      error: result.error,
      response_snippet: result.snippet,
    })
    .execute();
  const attempts = delivery.attempts + 1;
  const gaveUp = !result.ok && attempts >= settings.webhookMaxAttempts;
  const nextAttemptAt = result.ok || gaveUp ? delivery.next_attempt_at : new Date(now.getTime() + backoffMs(attempts, settings.webhookBackoffBaseMs)).toISOString();
  const updated = await trx
    .updateTable('deliveries')
    .set({
      status: result.ok ? 'delivered' : gaveUp ? 'failed' : 'pending',
      attempts,
      next_attempt_at: nextAttemptAt,
      locked_until: null,
      last_status_code: result.statusCode,
      last_error: result.ok ? null : failureText(result),
      delivered_at: result.ok ? nowIso : null,
    })
    .where('id', '=', delivery.id)
    .where('locked_until', '=', lease)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  // Lease lost (ran out and another worker took the row, or the delivery was cancelled): that
  // worker or that cancellation decides the state; this attempt is only logged.
  if (Number(updated.numUpdatedRows) === 0) return;

  if (result.ok) {
    await trx.updateTable('subscriptions').set({ consecutive_failures: 0, failing_since: null }).where('id', '=', subscription.id).execute();
    return;
  }
  await trx
    .updateTable('subscriptions')
    .set({
      consecutive_failures: sql`consecutive_failures + 1`,
      failing_since: sql`COALESCE(failing_since, ${nowIso})`,
    })
    .where('id', '=', subscription.id)
    .execute();
  const streak = await trx
    .selectFrom('subscriptions')
    .select(['status', 'consecutive_failures', 'failing_since'])
    .where('id', '=', subscription.id)
    .executeTakeFirstOrThrow();
  const failingFor = now.getTime() - Date.parse(streak.failing_since ?? nowIso);
  if (streak.status !== 'active' || streak.consecutive_failures < settings.webhookDisableAfterFailures || failingFor < settings.webhookDisableAfterMs) return;
  await disableSubscription(ctx, trx, subscription, { nowIso, failures: streak.consecutive_failures, failingSince: streak.failing_since ?? nowIso, lastError: failureText(result) });
}

async function disableSubscription(
  ctx: AppContext,
  trx: Trx,
  subscription: Subscription,
  facts: { nowIso: string; failures: number; failingSince: string; lastError: string },
): Promise<void> {
  const reason = `${facts.failures} consecutive failed attempts since ${facts.failingSince}; last: ${facts.lastError}`;
  const changed = await trx
    .updateTable('subscriptions')
    .set({ status: 'disabled', disabled_at: facts.nowIso, disabled_reason: reason.slice(0, 1000) })
    .where('id', '=', subscription.id)
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (Number(changed.numUpdatedRows) === 0) return;
  // Rows another worker holds a lease on are cancelled too; its finishing update then finds
  // them no longer pending and only logs its attempt.
  await trx
    .updateTable('deliveries')
    .set({ status: 'cancelled', last_error: 'subscription disabled' })
    .where('subscription_id', '=', subscription.id)
    .where('status', '=', 'pending')
    .execute();
  const notice = webhookDisabledNotice({
    subscriptionId: subscription.id,
    url: subscription.url ?? '',
    locale: subscription.locale,
    consecutiveFailures: facts.failures,
    failingSince: facts.failingSince,
    lastError: facts.lastError,
  });
  await trx
    .insertInto('outbox_emails')
    .values({
      id: ctx.newId(),
      to_address: subscription.owner_email,
      subject: notice.subject,
      text_body: notice.text,
      headers: '{}',
      kind: 'webhook_disabled',
      status: 'pending',
      attempts: 0,
      next_attempt_at: facts.nowIso,
      locked_until: null,
      last_error: null,
      message_id: null,
      created_at: facts.nowIso,
      sent_at: null,
      dedupe_key: `webhook_disabled:${subscription.id}:${facts.nowIso}`,
    })
    .execute();
}

/**
 * Manual redelivery: puts a delivered, failed or cancelled delivery back in the queue, due now,
 * with a fresh retry schedule (attempts start again at 0; earlier attempts stay in the log). A
 * pending delivery that is not being tried at this moment is made due now. The webhook-id stays
 * the delivery id. The subscription must be active. Who may ask is for the caller to check.
 */
export async function redeliver(ctx: AppContext, deliveryId: string): Promise<{ id: string; status: 'pending'; nextAttemptAt: string }> {
  return inTransaction(ctx, async (trx) => {
    const nowIso = ctx.clock.now().toISOString();
    const delivery = await trx.selectFrom('deliveries').selectAll().where('id', '=', deliveryId).executeTakeFirst();
    if (!delivery) throw new DomainError('NOT_FOUND', 'No such delivery');
    const subscription = await trx.selectFrom('subscriptions').select(['status']).where('id', '=', delivery.subscription_id).executeTakeFirstOrThrow();
    if (subscription.status !== 'active') {
      throw new DomainError('SUBSCRIPTION_STATE_CONFLICT', `The subscription is ${subscription.status}; only active subscriptions can be redelivered to`, [], { currentStatus: subscription.status });
    }
    if (delivery.status === 'pending') {
      const leased = delivery.locked_until !== null && delivery.locked_until >= nowIso;
      if (leased || delivery.next_attempt_at <= nowIso) return { id: delivery.id, status: 'pending', nextAttemptAt: delivery.next_attempt_at };
      await trx.updateTable('deliveries').set({ next_attempt_at: nowIso }).where('id', '=', delivery.id).where('status', '=', 'pending').execute();
      return { id: delivery.id, status: 'pending', nextAttemptAt: nowIso };
    }
    const updated = await trx
      .updateTable('deliveries')
      .set({ status: 'pending', attempts: 0, next_attempt_at: nowIso, locked_until: null, delivered_at: null })
      .where('id', '=', delivery.id)
      .where('status', '=', delivery.status)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) throw new DomainError('SUBSCRIPTION_STATE_CONFLICT', 'The delivery changed meanwhile; try again', [], { currentStatus: subscription.status });
    return { id: delivery.id, status: 'pending', nextAttemptAt: nowIso };
  });
}
