/**
 * What a webhook's owner can do with the management token shown once at creation: see the
 * subscription with its recent deliveries and every attempt (status, latency, response snippet),
 * redeliver one, re-enable a disabled subscription, or end it. A wrong token or id answers
 * NOT_FOUND either way, so ids cannot be probed.
 */
import { DomainError } from '../../domain/errors.ts';
import { redeliver } from '../../jobs/deliver-webhooks.ts';
import type { AppContext } from '../context.ts';
import { inTransaction } from '../transaction.ts';
import { tokenHash } from './subscription-tokens.ts';
import { toView, unsubscribe, type SubscriptionView } from './subscriptions.ts';

export interface DeliveryView {
  id: string;
  eventType: string;
  occurredAt: string;
  status: string;
  attempts: Array<{ at: string; durationMs: number; statusCode: number | null; error: string | null; responseSnippet: string | null }>;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
}

const RECENT = 50;

async function ownedSubscription(ctx: AppContext, id: string, token: string) {
  const row = await ctx.db.selectFrom('subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || !row.manage_token_hash || row.manage_token_hash !== tokenHash(token ?? '')) throw new DomainError('NOT_FOUND', 'No such subscription');
  return row;
}

export async function getWebhookSubscription(ctx: AppContext, id: string, token: string): Promise<SubscriptionView & { consecutiveFailures: number; deliveries: DeliveryView[] }> {
  const row = await ownedSubscription(ctx, id, token);
  const deliveries = await ctx.db
    .selectFrom('deliveries')
    .innerJoin('notification_events', 'notification_events.id', 'deliveries.event_id')
    .select(['deliveries.id', 'deliveries.status', 'deliveries.next_attempt_at', 'deliveries.delivered_at', 'notification_events.type', 'notification_events.occurred_at'])
    .where('deliveries.subscription_id', '=', id)
    .orderBy('deliveries.created_at', 'desc')
    .orderBy('deliveries.id', 'desc')
    .limit(RECENT)
    .execute();
  const attempts = deliveries.length
    ? await ctx.db.selectFrom('delivery_attempts').selectAll().where('delivery_id', 'in', deliveries.map((d) => d.id)).orderBy('attempted_at').orderBy('id').execute()
    : [];
  return {
    ...toView(row),
    consecutiveFailures: row.consecutive_failures,
    deliveries: deliveries.map((d) => ({
      id: d.id,
      eventType: d.type,
      occurredAt: d.occurred_at,
      status: d.status,
      attempts: attempts.filter((a) => a.delivery_id === d.id).map((a) => ({ at: a.attempted_at, durationMs: a.duration_ms, statusCode: a.status_code, error: a.error, responseSnippet: a.response_snippet })),
      nextAttemptAt: d.status === 'pending' ? d.next_attempt_at : null,
      deliveredAt: d.delivered_at,
    })),
  };
}

export async function redeliverWebhook(ctx: AppContext, id: string, token: string, deliveryId: string) {
  await ownedSubscription(ctx, id, token);
  const delivery = await ctx.db.selectFrom('deliveries').select('subscription_id').where('id', '=', deliveryId).executeTakeFirst();
  if (!delivery || delivery.subscription_id !== id) throw new DomainError('NOT_FOUND', 'No such delivery');
  return redeliver(ctx, deliveryId);
}

/** A disabled subscription starts again with a clean failure count; cancelled deliveries stay cancelled (redeliver them one by one). */
export async function reenableWebhook(ctx: AppContext, id: string, token: string): Promise<SubscriptionView> {
  await ownedSubscription(ctx, id, token);
  return inTransaction(ctx, async (trx) => {
    const row = await trx.selectFrom('subscriptions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    if (row.status !== 'disabled') throw new DomainError('SUBSCRIPTION_STATE_CONFLICT', `Only a disabled subscription can be re-enabled; this one is ${row.status}`, [], { currentStatus: row.status });
    await trx.updateTable('subscriptions').set({ status: 'active', consecutive_failures: 0, failing_since: null, disabled_at: null, disabled_reason: null }).where('id', '=', id).execute();
    return toView({ ...row, status: 'active', disabled_at: null, disabled_reason: null });
  });
}

export async function endWebhook(ctx: AppContext, id: string, token: string): Promise<SubscriptionView> {
  const row = await ownedSubscription(ctx, id, token);
  return unsubscribe(ctx, row.unsubscribe_token);
}
