/**
 * What the label feed shows: the newest public label events from the transparency log, plus the
 * expiries, which happen by time alone and so have no log event. An expiry counts when the label
 * really became `expired` at that instant (not renewed before, not revoked or withdrawn before).
 * The feed holds the last FEED_SIZE log events (by index, i.e. commit order) and the expiries
 * newer than the oldest of them, newest first by instant, cut to FEED_SIZE.
 */
import { labelStateAt, type LabelEventType, type LabelHistoryEvent } from '../../domain/label-status.ts';
import type { AppContext } from '../context.ts';
import type { LogLeaf } from '../transparency/log-leaf.ts';

export const FEED_SIZE = 100;

export interface FeedEntry {
  /** `label.revoked` …, or `label.expired` for an expiry. */
  type: string;
  /** The log index; null for an expiry. */
  index: number | null;
  at: string;
  registrationNumber: string;
  productName: { ja: string; en: string };
  /** The public reason of the label event, where there is one. */
  reason: string | null;
  status: string;
  expiresAt: string;
  supportEndsOn: string | null;
}

const EXPIRY_PAGE = 200;

/** The earliest instant of a set of events. Log order is commit order, which a moved clock may not follow. */
const oldest = (rows: ReadonlyArray<{ at: string }>): string => rows.reduce((min, r) => (r.at < min ? r.at : min), rows[0]!.at);

async function logEntries(ctx: AppContext): Promise<FeedEntry[]> {
  const rows = await ctx.db
    .selectFrom('log_entries')
    .innerJoin('labels', 'labels.id', 'log_entries.label_id')
    .innerJoin('products', 'products.id', 'labels.product_id')
    .select(['log_entries.idx', 'log_entries.label_id', 'log_entries.type', 'log_entries.at', 'log_entries.leaf', 'products.name_ja', 'products.name_en'])
    .orderBy('log_entries.idx', 'desc')
    .limit(FEED_SIZE)
    .execute();
  if (rows.length === 0) return [];
  // The reason lives with the label event written in the same transaction, at the same instant.
  const reasons = await ctx.db
    .selectFrom('label_events')
    .select(['label_id', 'type', 'at', 'reason'])
    .where('label_id', 'in', [...new Set(rows.map((r) => r.label_id))])
    .where('at', '>=', oldest(rows))
    .execute();
  const reasonOf = new Map(reasons.map((e) => [`${e.label_id} label.${e.type} ${e.at}`, e.reason]));
  return rows.map((r) => {
    const leaf = JSON.parse(r.leaf) as LogLeaf;
    return {
      type: r.type,
      index: Number(r.idx),
      at: r.at,
      registrationNumber: leaf.registrationNumber,
      productName: { ja: r.name_ja, en: r.name_en },
      reason: reasonOf.get(`${r.label_id} ${r.type} ${r.at}`) ?? null,
      status: leaf.status,
      expiresAt: leaf.expiresAt,
      supportEndsOn: leaf.supportEndsOn,
    };
  });
}

/** The newest `wanted` expiries in (after, now], scanning expiry instants newest first. */
async function expiries(ctx: AppContext, now: Date, after: string | null, wanted: number): Promise<FeedEntry[]> {
  const found: FeedEntry[] = [];
  const seen = new Set<string>();
  let cursor: { expiresAt: string; id: string } | null = null;
  while (found.length < wanted) {
    let query = ctx.db
      .selectFrom('label_events')
      .select(['id', 'label_id', 'expires_at'])
      .where('type', 'in', ['issued', 'renewed'])
      .where('expires_at', '<=', now.toISOString())
      .orderBy('expires_at', 'desc')
      .orderBy('id', 'desc')
      .limit(EXPIRY_PAGE);
    if (after) query = query.where('expires_at', '>', after);
    if (cursor) {
      const c = cursor;
      query = query.where((eb) => eb.or([eb('expires_at', '<', c.expiresAt), eb.and([eb('expires_at', '=', c.expiresAt), eb('id', '<', c.id)])]));
    }
    const candidates = await query.execute();
    if (candidates.length === 0) break;
    const ids = [...new Set(candidates.map((c) => c.label_id))];
    const [labels, events] = await Promise.all([
      ctx.db
        .selectFrom('labels')
        .innerJoin('products', 'products.id', 'labels.product_id')
        .select(['labels.id', 'labels.registration_number', 'products.name_ja', 'products.name_en', 'products.support_ends_on'])
        .where('labels.id', 'in', ids)
        .execute(),
      ctx.db.selectFrom('label_events').select(['label_id', 'type', 'at', 'expires_at']).where('label_id', 'in', ids).orderBy('label_id').orderBy('seq').execute(),
    ]);
    const labelBy = new Map(labels.map((l) => [l.id, l]));
    const historyBy = new Map<string, LabelHistoryEvent[]>();
    for (const e of events) {
      const list = historyBy.get(e.label_id) ?? [];
      list.push({ type: e.type as LabelEventType, at: new Date(e.at), expiresAt: e.expires_at ? new Date(e.expires_at) : null });
      historyBy.set(e.label_id, list);
    }
    for (const c of candidates) {
      const key = `${c.label_id} ${c.expires_at}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const instant = new Date(c.expires_at!);
      const state = labelStateAt(historyBy.get(c.label_id) ?? [], instant);
      const label = labelBy.get(c.label_id);
      // Expired at that instant, by that expiry: not renewed earlier, not revoked or withdrawn first.
      if (!label || state?.status !== 'expired' || state.expiresAt.getTime() !== instant.getTime()) continue;
      found.push({
        type: 'label.expired',
        index: null,
        at: instant.toISOString(),
        registrationNumber: label.registration_number,
        productName: { ja: label.name_ja, en: label.name_en },
        reason: null,
        status: 'expired',
        expiresAt: instant.toISOString(),
        supportEndsOn: label.support_ends_on,
      });
    }
    if (candidates.length < EXPIRY_PAGE) break;
    const last = candidates.at(-1)!;
    cursor = { expiresAt: last.expires_at!, id: last.id };
  }
  return found.slice(0, wanted);
}

function newestFirst(a: FeedEntry, b: FeedEntry): number {
  if (a.at !== b.at) return a.at < b.at ? 1 : -1;
  if (a.index !== null && b.index !== null) return b.index - a.index;
  if (a.index !== b.index) return a.index === null ? 1 : -1; // at one instant, the log event first
  return a.registrationNumber.localeCompare(b.registrationNumber);
}

/** The newest FEED_SIZE entries at `now`, newest first. Read-only. */
export async function labelFeedEntries(ctx: AppContext, now: Date): Promise<FeedEntry[]> {
  const events = await logEntries(ctx);
  // An expiry older than all of FEED_SIZE log events cannot make the cut.
  const after = events.length === FEED_SIZE ? oldest(events) : null;
  const expired = await expiries(ctx, now, after, FEED_SIZE);
  return [...events, ...expired].sort(newestFirst).slice(0, FEED_SIZE);
}
