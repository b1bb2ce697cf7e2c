/**
 * The transparency log: leaves (canonical JSON of public label events), the Merkle tree's stored
 * hashes (one row per complete subtree, the layout of Go's sumdb/tlog), and signed checkpoints.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('log_entries')
    .addColumn('idx', 'integer', (c) => c.primaryKey())
    .addColumn('label_id', 'text', (c) => c.notNull().references('labels.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('leaf', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('log_entries_label').on('log_entries').columns(['label_id', 'idx']).execute();

  await db.schema
    .createTable('log_hashes')
    .addColumn('idx', 'integer', (c) => c.primaryKey())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('log_checkpoints')
    .addColumn('size', 'integer', (c) => c.primaryKey())
    .addColumn('root_hash', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['log_checkpoints', 'log_hashes', 'log_entries']) await db.schema.dropTable(table).execute();
}
