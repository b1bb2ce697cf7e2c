/**
 * Evidence attachments of applications (PDF, PNG, JPEG). The files live outside the web root in
 * ATTACHMENT_DIR under random names; this table keeps what we know about each: the application
 * and checklist item it supports, the name the vendor gave it, the type detected from its content,
 * its size and SHA-256, and who uploaded it when.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('application_id', 'text', (c) => c.notNull().references('applications.id'))
    /** An assessment item id of the application's criteria, or null for the application as a whole. */
    .addColumn('checklist_item_id', 'text')
    .addColumn('original_name', 'text', (c) => c.notNull())
    /** application/pdf, image/png or image/jpeg, as detected from the bytes. */
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    /** The random file name inside ATTACHMENT_DIR (never derived from the original name). */
    .addColumn('storage_name', 'text', (c) => c.notNull().unique())
    .addColumn('uploaded_by', 'text')
    .addColumn('uploaded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('attachments_application').on('attachments').columns(['application_id', 'uploaded_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('attachments').execute();
}
