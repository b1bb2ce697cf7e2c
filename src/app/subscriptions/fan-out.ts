/**
 * Turns recorded notification events into work: one webhook delivery or one e-mail per matching
 * active subscription. Each event is claimed with a lease (several server processes may run
 * this), and its fan-out commits in one transaction with the unique keys (subscription, event)
 * and the e-mail dedupe key, so a crash mid-way repeats nothing and loses nothing.
 */
import { claimDue } from '../../jobs/queue.ts';
import { DEFAULT_NOTIFY_SETTINGS } from '../../notify/settings.ts';
import type { AppContext, Trx } from '../context.ts';
import { enqueueEmail } from './outbox.ts';
import { notificationEmail } from './subscription-emails.ts';

const BATCH = 50;

/** Fans out up to BATCH pending events; returns how many were done. */
export async function fanOutEvents(ctx: AppContext): Promise<number> {
  const claimed = (await claimDue(ctx.db, 'notification_events', { now: ctx.clock.now(), leaseMs: (ctx.notify ?? DEFAULT_NOTIFY_SETTINGS).leaseMs, limit: BATCH })).map((e) => e.id);
  for (const id of claimed) {
    await ctx.db.transaction().execute(async (trx) => {
      const event = await trx.selectFrom('notification_events').selectAll().where('id', '=', id).where('fanned_out_at', 'is', null).executeTakeFirst();
      if (!event) return;
      const now = ctx.clock.now();
      for (const sub of await matchingSubscriptions(trx, event)) {
        if (sub.channel === 'webhook') {
          await trx
            .insertInto('deliveries')
            .values({
              id: ctx.newId(), subscription_id: sub.id, event_id: event.id, status: 'pending', next_attempt_at: now.toISOString(),
              locked_until: null, last_status_code: null, last_error: null, created_at: now.toISOString(), delivered_at: null,
            })
            .onConflict((oc) => oc.columns(['subscription_id', 'event_id']).doNothing())
            .execute();
        } else {
          const mail = notificationEmail({
            baseUrl: ctx.publicBaseUrl, unsubscribeToken: sub.unsubscribe_token, locale: sub.locale === 'en' ? 'en' : 'ja',
            type: event.type, occurredAt: event.occurred_at, data: JSON.parse(event.payload) as Record<string, unknown>,
          });
          await enqueueEmail(ctx, trx, { to: sub.email!, subject: mail.subject, text: mail.text, headers: mail.headers, kind: 'notification', dedupeKey: `notify:${sub.id}:${event.id}` }, now);
        }
      }
      await trx.updateTable('notification_events').set({ fanned_out_at: now.toISOString(), locked_until: null }).where('id', '=', id).execute();
    });
  }
  return claimed.length;
}

/** Active subscriptions whose scope covers the event and which chose its type. */
async function matchingSubscriptions(trx: Trx, event: { type: string; vendor_id: string | null; product_id: string | null }) {
  const rows = await trx
    .selectFrom('subscriptions')
    .select(['id', 'channel', 'email', 'locale', 'unsubscribe_token', 'event_types'])
    .where('status', '=', 'active')
    .where((eb) =>
      eb.or([
        eb('scope_type', '=', 'all'),
        ...(event.vendor_id ? [eb.and([eb('scope_type', '=', 'vendor'), eb('scope_id', '=', event.vendor_id)])] : []),
        ...(event.product_id ? [eb.and([eb('scope_type', '=', 'product'), eb('scope_id', '=', event.product_id)])] : []),
      ]),
    )
    .orderBy('id')
    .execute();
  return rows.filter((r) => (JSON.parse(r.event_types) as string[]).includes(event.type));
}
