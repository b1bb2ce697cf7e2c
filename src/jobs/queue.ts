/**
 * A durable job queue in our own tables (docs/decisions/0003-job-queue.md). A job is a row that
 * is due (pending and next_attempt_at reached, or not yet fanned out); a worker claims a batch
 * by setting `locked_until` (its lease) in one statement, works outside any transaction, and
 * finishes each row only if its lease still stands (`locked_until` unchanged). A worker that
 * dies leaves the lease to run out, and the row is claimed again: nothing is lost, and nothing
 * is done twice while a lease holds.
 *
 * PostgreSQL: the claim's subquery takes `FOR UPDATE SKIP LOCKED`, so several processes claim
 * disjoint batches without waiting on each other; a row committed by another claimer meanwhile
 * is re-checked against the WHERE clause and dropped. SQLite has one writer at a time, so the
 * same UPDATE without the locking clause is already exclusive.
 */
import { sql, type RawBuilder, type Selectable } from 'kysely';
import { isPostgres, type Db } from '../store/database.ts';
import type { Database } from '../store/schema.ts';

export type QueueTable = 'deliveries' | 'outbox_emails' | 'notification_events';

const DUE: Record<QueueTable, { due: (now: string) => RawBuilder<unknown>; order: string }> = {
  deliveries: { due: (now) => sql`status = 'pending' AND next_attempt_at <= ${now}`, order: 'next_attempt_at' },
  outbox_emails: { due: (now) => sql`status = 'pending' AND next_attempt_at <= ${now}`, order: 'next_attempt_at' },
  notification_events: { due: () => sql`fanned_out_at IS NULL`, order: 'occurred_at' },
};

export interface ClaimOptions {
  now: Date;
  leaseMs: number;
  limit: number;
}

/**
 * Claims up to `limit` due rows of `table` for `leaseMs` and returns them, oldest first. Each
 * row's `locked_until` is this claim's lease token: pass it to the finishing update's WHERE.
 */
export async function claimDue<T extends QueueTable>(db: Db, table: T, options: ClaimOptions): Promise<Array<Selectable<Database[T]>>> {
  const now = options.now.toISOString();
  const until = new Date(options.now.getTime() + options.leaseMs).toISOString();
  const { due, order } = DUE[table];
  const lock = isPostgres(db) ? sql`FOR UPDATE SKIP LOCKED` : sql``;
  const result = await sql<Selectable<Database[T]>>`
    UPDATE ${sql.table(table)} SET locked_until = ${until}
    WHERE id IN (
      SELECT id FROM ${sql.table(table)}
      WHERE ${due(now)} AND (locked_until IS NULL OR locked_until < ${now})
      ORDER BY ${sql.ref(order)}, id
      LIMIT ${options.limit}
      ${lock}
    )
    RETURNING *`.execute(db);
  // RETURNING has no order; sort as the subquery did (instants are ISO text, compared as text).
  const key = (row: Record<string, unknown>) => `${String(row[order])} ${String(row.id)}`;
  const rows = result.rows as Array<Record<string, unknown>>;
  return rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)) as Array<Selectable<Database[T]>>;
}

/** Gives a row back before its lease runs out (e.g. work could not start). False if the lease was lost. */
export async function releaseLease(db: Db, table: QueueTable, id: string, lease: string): Promise<boolean> {
  const result = await sql`UPDATE ${sql.table(table)} SET locked_until = NULL WHERE id = ${id} AND locked_until = ${lease}`.execute(db);
  return Number(result.numAffectedRows ?? 0n) > 0;
}

/** Runs `work` on every item at once and rethrows the first failure after all have settled. */
export async function settleAll<T>(items: T[], work: (item: T) => Promise<void>): Promise<void> {
  const results = await Promise.allSettled(items.map(work));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}
