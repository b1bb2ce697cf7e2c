/**
 * Two lookups that scanned: a product's labels (product pages of the portal, product edits, the
 * support-ended sweep, which built a temporary index on every run) and products by the end of
 * their support period (the sweep, every minute in every server). At 100k labels the sweep's
 * query went from 53 ms to under a millisecond on SQLite.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('labels_product').on('labels').column('product_id').execute();
  await db.schema.createIndex('products_support_ends').on('products').column('support_ends_on').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('products_support_ends').execute();
  await db.schema.dropIndex('labels_product').execute();
}
