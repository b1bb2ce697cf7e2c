/**
 * Gap-free counters for public numbers. The increment is one upsert inside the caller's
 * transaction: a rolled-back issuance gives its number back, and concurrent writers serialise on
 * the counter row, so numbers stay unique and without gaps.
 */
import { sql } from 'kysely';
import type { Trx } from '../app/context.ts';

export async function nextSequenceValue(trx: Trx, name: string): Promise<number> {
  const row = await trx
    .insertInto('sequences')
    .values({ name, value: 1 })
    .onConflict((oc) => oc.column('name').doUpdateSet({ value: sql<number>`sequences.value + 1` }))
    .returning('value')
    .executeTakeFirstOrThrow();
  return Number(row.value);
}
