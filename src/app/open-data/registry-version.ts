/**
 * The version of the public registry at an instant, for conditional GET on the bulk exports and
 * the Atom feed. Everything the exports show is a function of:
 *  - the transparency log (every public label event appends one leaf, so its size moves);
 *  - the public product and vendor fields that change without a log event (a product rename, a new
 *    vulnerability contact): their newest `updated_at`;
 *  - time, through the derived statuses: a label becomes `expired` at its expiry instant and a
 *    support period ends at a JST midnight. For a fixed database, the set of labels already
 *    expired is determined by the latest expiry at or before the instant, so that instant (and the
 *    latest support end already passed) stands for the clock.
 * Cost: a handful of indexed aggregates, no scan of the labels themselves.
 */
import { createHash } from 'node:crypto';
import { addDays, jstDate, startOfJstDate } from '../../domain/time.ts';
import type { AppContext } from '../context.ts';
import { logSize } from '../transparency/log-store.ts';

export interface RegistryVersion {
  /** Transparency log size: the number of public label events so far. */
  logSize: number;
  /** When the public content last changed (event, edit, or a status change by expiry); null when empty. */
  lastModified: Date | null;
  /** Opaque digest of every input above; equal digests mean equal exports. */
  digest: string;
}

const max = (...values: Array<string | null | undefined>): string | null =>
  values.reduce<string | null>((a, b) => (b && (!a || b > a) ? b : a), null);

/** Never throws on an empty registry. */
export async function registryVersion(ctx: AppContext, now: Date): Promise<RegistryVersion> {
  const nowIso = now.toISOString();
  const today = jstDate(now);
  const labelled = ctx.db.selectFrom('labels').select('labels.product_id');
  const [size, labels, products, vendors] = await Promise.all([
    logSize(ctx.db),
    ctx.db
      .selectFrom('labels')
      .select((eb) => [
        eb.fn.countAll<number>().as('n'),
        eb.fn.max('updated_at').as('updated'),
        eb.fn.max(eb.case().when('expires_at', '<=', nowIso).then(eb.ref('expires_at')).end()).as('passed_expiry'),
      ])
      .executeTakeFirstOrThrow(),
    ctx.db
      .selectFrom('products')
      .where('id', 'in', labelled)
      .select((eb) => [
        eb.fn.max('updated_at').as('updated'),
        eb.fn.max(eb.case().when('support_ends_on', '<', today).then(eb.ref('support_ends_on')).end()).as('passed_support_end'),
      ])
      .executeTakeFirstOrThrow(),
    ctx.db
      .selectFrom('vendors')
      .where('id', 'in', ctx.db.selectFrom('labels').select('labels.vendor_id'))
      .select((eb) => eb.fn.max('updated_at').as('updated'))
      .executeTakeFirstOrThrow(),
  ]);
  const lastEntry = size > 0
    ? await ctx.db.selectFrom('log_entries').select('at').where('idx', '=', size - 1).executeTakeFirst()
    : undefined;
  const passedExpiry = (labels.passed_expiry as string | null) ?? null;
  const passedSupportEnd = (products.passed_support_end as string | null) ?? null;
  // isSupportEnded flips at the JST midnight after the support end date.
  const supportFlip = passedSupportEnd ? addDays(startOfJstDate(passedSupportEnd), 1).toISOString() : null;
  const latest = max(lastEntry?.at, labels.updated as string | null, products.updated as string | null, vendors.updated as string | null, passedExpiry, supportFlip);
  const parts = [size, Number(labels.n), labels.updated, products.updated, vendors.updated, passedExpiry, passedSupportEnd];
  return {
    logSize: size,
    lastModified: latest ? new Date(latest) : null,
    digest: createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 22),
  };
}
