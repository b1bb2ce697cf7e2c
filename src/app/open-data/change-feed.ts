/**
 * The change feed for mirrors: the transparency log read in index order. A cursor is a log
 * position written as a decimal string: "N" means "the first N events are consumed", so an
 * event's own cursor is its index + 1 and the start is "0". Indexes are assigned in commit order
 * without gaps (see appendLeaves), so a mirror that stores `nextCursor` and asks again never
 * misses nor repeats an event. Cursors never expire; the log only grows.
 */
import { DomainError } from '../../domain/errors.ts';
import type { AppContext } from '../context.ts';
import { logSize } from '../transparency/log-store.ts';
import type { LogLeaf } from '../transparency/log-leaf.ts';

export const EVENTS_DEFAULT_LIMIT = 100;
export const EVENTS_MAX_LIMIT = 1000;

export interface ChangeEvent {
  /** Resume after this event: pass it as `since`. */
  cursor: string;
  /** 0-based transparency log index. */
  index: number;
  type: string;
  at: string;
  registrationNumber: string;
  /** The exact canonical JSON hashed into the log (verify with an inclusion proof). */
  leaf: string;
}

export interface ChangeFeedPage {
  events: ChangeEvent[];
  /** Always set: the cursor to poll with next (unchanged when nothing new). */
  nextCursor: string;
  hasMore: boolean;
}

const CURSOR = /^(0|[1-9][0-9]{0,15})$/;

/** INVALID_CURSOR unless `cursor` is a log position this log has reached. */
export async function parseCursor(ctx: AppContext, cursor: string | undefined): Promise<number> {
  if (cursor === undefined) return 0;
  if (!CURSOR.test(cursor)) throw new DomainError('INVALID_CURSOR', 'A cursor is a decimal log position, as returned in `nextCursor`');
  const position = Number(cursor);
  const size = await logSize(ctx.db);
  // Only a rolled-back or different registry can hand out a position beyond its log.
  if (position > size) throw new DomainError('INVALID_CURSOR', `Cursor ${cursor} is beyond this log (size ${size})`);
  return position;
}

/** Events from position `since` on, at most `limit`, in log order. Read-only; never throws on an empty log. */
export async function readChangeFeed(ctx: AppContext, since: number, limit: number): Promise<ChangeFeedPage> {
  const rows = await ctx.db
    .selectFrom('log_entries')
    .select(['idx', 'type', 'at', 'leaf'])
    .where('idx', '>=', since)
    .orderBy('idx')
    .limit(limit + 1)
    .execute();
  const events: ChangeEvent[] = [];
  for (const row of rows.slice(0, limit)) {
    const index = Number(row.idx);
    // Defensive: answer only the gap-free prefix, so a cursor can never skip an index.
    if (index !== since + events.length) break;
    events.push({
      cursor: String(index + 1),
      index,
      type: row.type,
      at: row.at,
      registrationNumber: (JSON.parse(row.leaf) as LogLeaf).registrationNumber,
      leaf: row.leaf,
    });
  }
  return {
    events,
    nextCursor: String(since + events.length),
    hasMore: events.length === limit && rows.length > limit,
  };
}
