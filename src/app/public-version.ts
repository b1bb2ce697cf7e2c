/**
 * A counter that moves whenever anything shown publicly changes (a label event, a product edit).
 * Caches of rendered public pages compare it on every request, so one committed change
 * invalidates them in every server process that shares the database.
 */
import type { Db } from '../store/database.ts';
import { reserveSequenceValues } from '../store/sequences.ts';
import type { Trx } from './context.ts';

const NAME = 'public-version';

export async function bumpPublicVersion(trx: Trx): Promise<void> {
  await reserveSequenceValues(trx, NAME, 1);
}

export async function publicVersion(db: Db): Promise<number> {
  const row = await db.selectFrom('sequences').select('value').where('name', '=', NAME).executeTakeFirst();
  return row ? Number(row.value) : 0;
}
