/**
 * The next instant any label expires after `now`, or null: statuses derived from time change
 * then, so caches of lists and the signed snapshot must not outlive it.
 */
import type { Db } from '../../store/database.ts';

export async function nextLabelExpiry(db: Db, now: Date): Promise<Date | null> {
  const row = await db.selectFrom('labels').select((eb) => eb.fn.min('expires_at').as('next')).where('expires_at', '>', now.toISOString()).executeTakeFirst();
  return row?.next ? new Date(row.next as string) : null;
}
