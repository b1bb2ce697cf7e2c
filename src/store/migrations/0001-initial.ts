/** The core registry: organisations, users, products, applications, labels and the audit trail. */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sequences')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('vendors')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name_ja', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('corporate_number', 'text', (c) => c.unique())
    .addColumn('legal_entity_proof', 'text')
    .addColumn('website', 'text')
    .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('vendor_id', 'text', (c) => c.references('vendors.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('disabled_at', 'text')
    .execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('products')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('vendor_id', 'text', (c) => c.notNull().references('vendors.id'))
    .addColumn('name_ja', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('description_ja', 'text')
    .addColumn('description_en', 'text')
    .addColumn('product_url', 'text')
    .addColumn('software_versions', 'text', (c) => c.notNull())
    .addColumn('support_ends_on', 'text')
    .addColumn('vulnerability_contact', 'text')
    .addColumn('disclosure_policy_url', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('products_vendor').on('products').column('vendor_id').execute();

  await db.schema
    .createTable('product_model_numbers')
    .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
    .addColumn('vendor_id', 'text', (c) => c.notNull().references('vendors.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('model_number', 'text', (c) => c.notNull())
    .addColumn('model_key', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('product_model_numbers_pk', ['product_id', 'position'])
    .addUniqueConstraint('product_model_numbers_vendor_key', ['vendor_id', 'model_key'])
    .execute();

  await db.schema
    .createTable('applications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('application_number', 'text', (c) => c.notNull().unique())
    .addColumn('vendor_id', 'text', (c) => c.notNull().references('vendors.id'))
    .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('route', 'text', (c) => c.notNull())
    .addColumn('renews_label_id', 'text')
    .addColumn('criteria_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('acceptance_number', 'text', (c) => c.unique())
    .addColumn('fee_jpy', 'integer')
    .addColumn('fee_paid_at', 'text')
    .addColumn('payment_reference', 'text')
    .addColumn('label_id', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('applications_vendor').on('applications').columns(['vendor_id', 'created_at']).execute();
  await db.schema.createIndex('applications_status').on('applications').columns(['status', 'created_at']).execute();

  await db.schema
    .createTable('application_model_numbers')
    .addColumn('application_id', 'text', (c) => c.notNull().references('applications.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('model_number', 'text', (c) => c.notNull())
    .addColumn('model_key', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('application_model_numbers_pk', ['application_id', 'position'])
    .execute();

  await db.schema
    .createTable('checklist_answers')
    .addColumn('application_id', 'text', (c) => c.notNull().references('applications.id'))
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('requirement_id', 'text', (c) => c.notNull())
    .addColumn('answer', 'text', (c) => c.notNull())
    .addColumn('evidence', 'text')
    .addColumn('reason', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('checklist_answers_pk', ['application_id', 'item_id'])
    .execute();

  await db.schema
    .createTable('application_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('application_id', 'text', (c) => c.notNull().references('applications.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('comment', 'text')
    .execute();
  await db.schema.createIndex('application_events_app').on('application_events').columns(['application_id', 'at']).execute();

  await db.schema
    .createTable('labels')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('registration_number', 'text', (c) => c.notNull().unique())
    .addColumn('vendor_id', 'text', (c) => c.notNull().references('vendors.id'))
    .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
    .addColumn('application_id', 'text', (c) => c.notNull().references('applications.id'))
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('criteria_id', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('base_status', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('labels_vendor').on('labels').column('vendor_id').execute();
  await db.schema.createIndex('labels_order').on('labels').columns(['issued_at', 'id']).execute();

  await db.schema
    .createTable('label_model_numbers')
    .addColumn('label_id', 'text', (c) => c.notNull().references('labels.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('model_number', 'text', (c) => c.notNull())
    .addColumn('model_key', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('label_model_numbers_pk', ['label_id', 'position'])
    .execute();
  await db.schema.createIndex('label_model_numbers_key').on('label_model_numbers').column('model_key').execute();

  await db.schema
    .createTable('label_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('label_id', 'text', (c) => c.notNull().references('labels.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('reason', 'text')
    .addColumn('expires_at', 'text')
    .addColumn('application_id', 'text')
    .addUniqueConstraint('label_events_seq', ['label_id', 'seq'])
    .execute();

  await db.schema
    .createTable('audit_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_role', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('before_json', 'text')
    .addColumn('after_json', 'text')
    .execute();
  await db.schema.createIndex('audit_events_entity').on('audit_events').columns(['entity_type', 'entity_id', 'at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'audit_events', 'label_events', 'label_model_numbers', 'labels', 'application_events',
    'checklist_answers', 'application_model_numbers', 'applications', 'product_model_numbers',
    'products', 'sessions', 'api_tokens', 'users', 'vendors', 'sequences',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
