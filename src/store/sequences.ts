/**
 * Gap-free counters for public numbers. The increment is one upsert inside the caller's
 * transaction: a rolled-back issuance gives its number back, and concurrent writers serialise on
 * the counter row, so numbers stay unique and without gaps.
 */
import { sql } from 'kysely';
import type { Trx } from '../app/context.ts';

export async function nextSequenceValue(trx: Trx, name: string): Promise<number> {
  return reserveSequenceValues(trx, name, 1);
}

/** Takes `count` consecutive values at once and returns the last; the first is last − count + 1. */
export async function reserveSequenceValues(trx: Trx, name: string, count: number): Promise<number> {
  const row = await trx
    .insertInto('sequences')
    .values({ name, value: count })
    .onConflict((oc) => oc.column('name').doUpdateSet({ value: sql<number>`sequences.value + ${count}` }))
    .returning('value')
    .executeTakeFirstOrThrow();
  return Number(row.value);
}
