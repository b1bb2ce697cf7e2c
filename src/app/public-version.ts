/**
 * A counter that moves whenever anything shown publicly changes (a label event, a product edit).
 * Caches of rendered public pages compare it on every request, so one committed change
 * invalidates them in every server process that shares the database. Servers learn it without
 * a query per request (store/public-version-watch.ts): SQLite reads it straight from the
 * connection, PostgreSQL keeps a copy current by LISTEN/NOTIFY.
 */
import { sql } from 'kysely';
import { isPostgres, type Db } from '../store/database.ts';
import { PUBLIC_VERSION_CHANNEL } from '../store/public-version-watch.ts';
import { reserveSequenceValues } from '../store/sequences.ts';
import type { AppContext, Trx } from './context.ts';

export const PUBLIC_VERSION_SEQUENCE = 'public-version';

export async function bumpPublicVersion(ctx: Pick<AppContext, 'publicVersionWatch'>, trx: Trx): Promise<void> {
  const version = await reserveSequenceValues(trx, PUBLIC_VERSION_SEQUENCE, 1);
  if (!isPostgres(trx)) return;
  ctx.publicVersionWatch?.expect(version);
  // Delivered to every listening server when this transaction commits; dropped if it rolls back.
  await sql`select pg_notify(${PUBLIC_VERSION_CHANNEL}, ${String(version)})`.execute(trx);
}

export async function publicVersion(ctx: Pick<AppContext, 'db' | 'publicVersionWatch'>): Promise<number> {
  return ctx.publicVersionWatch?.known() ?? readPublicVersion(ctx.db);
}

export async function readPublicVersion(db: Db): Promise<number> {
  const row = await db.selectFrom('sequences').select('value').where('name', '=', PUBLIC_VERSION_SEQUENCE).executeTakeFirst();
  return row ? Number(row.value) : 0;
}
