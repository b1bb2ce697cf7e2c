/** Indexes for the public list: status filters (base status, expiry) and categories. */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('labels_status').on('labels').columns(['base_status', 'expires_at']).execute();
  await db.schema.createIndex('products_category').on('products').columns(['category']).execute();
  await db.schema.createIndex('label_events_label_at').on('label_events').columns(['label_id', 'at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('label_events_label_at').execute();
  await db.schema.dropIndex('products_category').execute();
  await db.schema.dropIndex('labels_status').execute();
}
