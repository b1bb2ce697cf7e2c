/**
 * The UK PSTI route: the statement of compliance given with a `psti` application, and the
 * vendor's requests to have an issued ★1 label listed on the PSTI-declared products list.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('psti_statements')
    .addColumn('application_id', 'text', (c) => c.primaryKey().references('applications.id'))
    .addColumn('product_type', 'text')
    .addColumn('batch', 'text')
    .addColumn('manufacturer_name', 'text')
    .addColumn('manufacturer_address', 'text')
    .addColumn('declaration', 'integer')
    .addColumn('support_period_ends_on', 'text')
    .addColumn('signatory_name', 'text')
    .addColumn('signatory_function', 'text')
    .addColumn('place_of_issue', 'text')
    .addColumn('date_of_issue', 'text')
    .addColumn('document_url', 'text')
    .addColumn('is_proxy', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('proxy_note', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('psti_listings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('label_id', 'text', (c) => c.notNull().references('labels.id'))
    .addColumn('vendor_id', 'text', (c) => c.notNull().references('vendors.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('product_name_en', 'text', (c) => c.notNull())
    .addColumn('description_en', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('reason', 'text')
    .execute();
  await db.schema.createIndex('psti_listings_label').on('psti_listings').columns(['label_id', 'status']).execute();
  await db.schema.createIndex('psti_listings_status_decided').on('psti_listings').columns(['status', 'decided_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('psti_listings').execute();
  await db.schema.dropTable('psti_statements').execute();
}
