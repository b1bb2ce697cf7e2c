/**
 * The events subscribers can choose, recorded in the same transaction as the fact they announce
 * (a transactional outbox): if the fact commits, the event exists and will be delivered, even if
 * the process dies a moment later; if it rolls back, nobody is told. Fan-out to subscriptions and
 * delivery happen later, in the job worker.
 */
import type { AppContext, Trx } from '../context.ts';

export const SUBSCRIBABLE_EVENT_TYPES = [
  'label.issued',
  'label.renewed',
  'label.suspended',
  'label.reinstated',
  'label.revoked',
  'label.withdrawn',
  'label.expiring',
  'label.expired',
  'advisory.published',
  'support.extended',
  'support.ended',
] as const;
export type SubscribableEventType = (typeof SUBSCRIBABLE_EVENT_TYPES)[number];

export interface NotificationEventInput {
  type: SubscribableEventType;
  at: Date;
  vendorId: string;
  productId: string | null;
  labelId: string | null;
  /** The `data` of the webhook payload and the facts of the e-mail: public facts only. */
  data: Record<string, unknown>;
  /** Time-driven events (expiring, expired, support ended) pass a key so each happens once. */
  dedupeKey?: string;
}

/** Records one event; a repeated `dedupeKey` is silently ignored. Returns whether it was new. */
export async function recordNotificationEvent(ctx: AppContext, trx: Trx, event: NotificationEventInput): Promise<boolean> {
  const result = await trx
    .insertInto('notification_events')
    .values({
      id: ctx.newId(),
      type: event.type,
      occurred_at: event.at.toISOString(),
      vendor_id: event.vendorId,
      product_id: event.productId,
      label_id: event.labelId,
      payload: JSON.stringify(event.data),
      fanned_out_at: null,
      locked_until: null,
      dedupe_key: event.dedupeKey ?? null,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}
