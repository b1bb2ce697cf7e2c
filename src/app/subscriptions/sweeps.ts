/**
 * Events that happen by time alone: a label comes within 90, 30 or 7 days of expiry, a label
 * expires, a support period ends. Nobody acts, so a periodic sweep records them. Each is recorded
 * once per key (label + expiry + threshold …): sweeping twice, or from several processes at
 * once, changes nothing. Labels that are within 90 days also get a reminder e-mail to the vendor's
 * administrators, which is how a vendor learns to renew in time.
 */
import { sql } from 'kysely';
import { jstDate } from '../../domain/time.ts';
import type { AppContext } from '../context.ts';
import { labelUrl } from '../labels/public-label.ts';
import { recordNotificationEvent } from '../security-info/notification-events.ts';
import { inTransaction } from '../transaction.ts';
import { enqueueEmail } from './outbox.ts';
import { eventTitle } from './subscription-emails.ts';

export const EXPIRY_REMINDER_DAYS = [90, 30, 7] as const;
/** Time-driven events older than this are not announced late (e.g. on a first deployment). */
const LOOKBACK_DAYS = 30;
const DAY = 86_400_000;

export async function sweepTimeEvents(ctx: AppContext): Promise<number> {
  const now = ctx.clock.now();
  return (await sweepExpiring(ctx, now)) + (await sweepExpired(ctx, now)) + (await sweepSupportEnded(ctx, now));
}

const labelColumns = [
  'labels.id', 'labels.registration_number', 'labels.level', 'labels.expires_at', 'labels.vendor_id', 'labels.product_id',
  'products.name_ja', 'products.name_en', 'vendors.name_ja as vendor_name_ja', 'vendors.name_en as vendor_name_en',
] as const;

async function sweepExpiring(ctx: AppContext, now: Date): Promise<number> {
  const labels = await ctx.db
    .selectFrom('labels')
    .innerJoin('products', 'products.id', 'labels.product_id')
    .innerJoin('vendors', 'vendors.id', 'labels.vendor_id')
    .select(labelColumns)
    .where('labels.base_status', '=', 'valid')
    .where('labels.expires_at', '>', now.toISOString())
    .where('labels.expires_at', '<=', new Date(now.getTime() + EXPIRY_REMINDER_DAYS[0] * DAY).toISOString())
    .execute();
  const due = labels.map((label) => {
    const daysLeft = Math.ceil((Date.parse(label.expires_at) - now.getTime()) / DAY);
    // Only the nearest threshold crossed: a label first seen 20 days out gets the 30-day notice only.
    const threshold = Math.min(...EXPIRY_REMINDER_DAYS.filter((d) => daysLeft <= d));
    return { label, daysLeft, threshold, key: `${label.id}:${label.expires_at}:${threshold}` };
  });
  const done = await recordedKeys(ctx, due.map((d) => `label.expiring:${d.key}`));
  let recorded = 0;
  for (const { label, daysLeft, threshold, key } of due) {
    if (done.has(`label.expiring:${key}`)) continue;
    await inTransaction(ctx, async (trx) => {
      const isNew = await recordNotificationEvent(ctx, trx, {
        type: 'label.expiring', at: now, vendorId: label.vendor_id, productId: label.product_id, labelId: label.id,
        dedupeKey: `label.expiring:${key}`,
        data: { ...labelFacts(ctx, label), daysLeft, threshold },
      });
      if (!isNew) return;
      recorded++;
      const admins = await trx.selectFrom('users').select('email').where('vendor_id', '=', label.vendor_id).where('role', '=', 'vendor_admin').where('disabled_at', 'is', null).execute();
      for (const admin of admins) {
        await enqueueEmail(ctx, trx, {
          to: admin.email,
          kind: 'expiry_reminder',
          dedupeKey: `reminder:${key}:${admin.email}`,
          subject: `${eventTitle('label.expiring', 'ja')} (${threshold}日) / ${eventTitle('label.expiring', 'en')} (${threshold} days): ${label.registration_number}`,
          text: [
            `${label.registration_number} ${label.name_ja}`,
            `有効期限: ${jstDate(new Date(label.expires_at))} (残り ${daysLeft} 日)。更新の申請は登録簿のポータルまたは API から行えます。`,
            '',
            `${label.registration_number} ${label.name_en}`,
            `Expires on ${jstDate(new Date(label.expires_at))} (${daysLeft} days left). Apply for renewal in the registry portal or by API.`,
            '',
            labelUrl(ctx.publicBaseUrl, label.registration_number),
          ].join('\n'),
        }, now);
      }
    });
  }
  return recorded;
}

async function sweepExpired(ctx: AppContext, now: Date): Promise<number> {
  // Labels whose expiry is recorded already are left out by the query itself: the sweep runs every
  // minute in every server, and loading the month's expired labels each time stalled the event
  // loop for tens of milliseconds on a large registry.
  const labels = await ctx.db
    .selectFrom('labels')
    .innerJoin('products', 'products.id', 'labels.product_id')
    .innerJoin('vendors', 'vendors.id', 'labels.vendor_id')
    .select(labelColumns)
    .where('labels.base_status', 'in', ['valid', 'suspended'])
    .where('labels.expires_at', '<=', now.toISOString())
    .where('labels.expires_at', '>', new Date(now.getTime() - LOOKBACK_DAYS * DAY).toISOString())
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('notification_events').select('notification_events.id').where('notification_events.dedupe_key', '=', sql<string>`'label.expired:' || labels.id || ':' || labels.expires_at`))),
    )
    .execute();
  let recorded = 0;
  for (const label of labels) {
    await inTransaction(ctx, async (trx) => {
      const isNew = await recordNotificationEvent(ctx, trx, {
        type: 'label.expired', at: new Date(label.expires_at), vendorId: label.vendor_id, productId: label.product_id, labelId: label.id,
        dedupeKey: `label.expired:${label.id}:${label.expires_at}`,
        data: labelFacts(ctx, label),
      });
      if (isNew) recorded++;
    });
  }
  return recorded;
}

async function sweepSupportEnded(ctx: AppContext, now: Date): Promise<number> {
  const today = jstDate(now);
  const since = jstDate(new Date(now.getTime() - LOOKBACK_DAYS * DAY));
  const products = await ctx.db
    .selectFrom('products')
    .select(['id', 'vendor_id', 'name_ja', 'name_en', 'support_ends_on'])
    .where('support_ends_on', '<', today)
    .where('support_ends_on', '>=', since)
    .where((eb) => eb.exists(eb.selectFrom('labels').select('labels.id').whereRef('labels.product_id', '=', 'products.id')))
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('notification_events').select('notification_events.id').where('notification_events.dedupe_key', '=', sql<string>`'support.ended:' || products.id || ':' || products.support_ends_on`))),
    )
    .execute();
  let recorded = 0;
  for (const product of products) {
    await inTransaction(ctx, async (trx) => {
      const labels = await trx.selectFrom('labels').select(['id', 'registration_number']).where('product_id', '=', product.id).orderBy('registration_number').execute();
      const isNew = await recordNotificationEvent(ctx, trx, {
        type: 'support.ended', at: now, vendorId: product.vendor_id, productId: product.id, labelId: labels[0]?.id ?? null,
        dedupeKey: `support.ended:${product.id}:${product.support_ends_on}`,
        data: {
          product: { id: product.id, name: { ja: product.name_ja, en: product.name_en } },
          supportEndsOn: product.support_ends_on,
          labels: labels.map((l) => ({ registrationNumber: l.registration_number, url: labelUrl(ctx.publicBaseUrl, l.registration_number) })),
        },
      });
      if (isNew) recorded++;
    });
  }
  return recorded;
}

/**
 * Which of `keys` are recorded already. Each sweep sees the same labels again every minute; asking
 * once per 500 keys spares a transaction per label (thousands a minute per server on a large
 * registry). The insert's own dedupe still decides when two servers race.
 */
async function recordedKeys(ctx: AppContext, keys: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < keys.length; i += 500) {
    const rows = await ctx.db.selectFrom('notification_events').select('dedupe_key').where('dedupe_key', 'in', keys.slice(i, i + 500)).execute();
    for (const row of rows) if (row.dedupe_key) found.add(row.dedupe_key);
  }
  return found;
}

function labelFacts(ctx: AppContext, label: { registration_number: string; level: number; expires_at: string; vendor_id: string; name_ja: string; name_en: string; vendor_name_ja: string; vendor_name_en: string }) {
  return {
    registrationNumber: label.registration_number,
    level: label.level,
    expiresAt: label.expires_at,
    product: { name: { ja: label.name_ja, en: label.name_en } },
    vendor: { id: label.vendor_id, name: { ja: label.vendor_name_ja, en: label.vendor_name_en } },
    url: labelUrl(ctx.publicBaseUrl, label.registration_number),
  };
}
