/**
 * ★3/★4: evaluation bodies, their accreditation scope, assignments and evaluation reports.
 * - evaluation_bodies: an organisation accredited (ASNITE, ISO/IEC 17025) to evaluate products,
 *   with its accreditation period; evaluation_body_scopes: the categories × levels it covers.
 * - users.evaluation_body_id: an evaluator's body. applications.evaluation_body_id: the body the
 *   vendor named. labels.evaluation_body_id / evaluated_at: who evaluated the product and when
 *   (the sign-off of the report the label was issued on), shown publicly.
 * - evaluation_reports: one per (re)submission of an application, with the ICS and IXIT the
 *   body relied on; evaluation_verdicts: one per test unit; evaluation_report_files: the signed
 *   report PDF, kept in the database (transactional with the report, included in every backup,
 *   never under the web root), apart from the report row so lists never read the bytes.
 */
import { PostgresAdapter, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('evaluation_bodies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name_ja', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('accreditation_number', 'text', (c) => c.notNull().unique())
    /** e.g. "ASNITE (NITE), ISO/IEC 17025". */
    .addColumn('accreditation_basis', 'text', (c) => c.notNull())
    /** YYYY-MM-DD, inclusive, JST. */
    .addColumn('accredited_from', 'text', (c) => c.notNull())
    .addColumn('accredited_until', 'text', (c) => c.notNull())
    .addColumn('website', 'text')
    .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('evaluation_body_scopes')
    .addColumn('evaluation_body_id', 'text', (c) => c.notNull().references('evaluation_bodies.id'))
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('level', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('evaluation_body_scopes_pk', ['evaluation_body_id', 'category', 'level'])
    .execute();

  await db.schema.alterTable('users').addColumn('evaluation_body_id', 'text', (c) => c.references('evaluation_bodies.id')).execute();
  await db.schema.alterTable('applications').addColumn('evaluation_body_id', 'text', (c) => c.references('evaluation_bodies.id')).execute();
  await db.schema.alterTable('labels').addColumn('evaluation_body_id', 'text', (c) => c.references('evaluation_bodies.id')).execute();
  await db.schema.alterTable('labels').addColumn('evaluated_at', 'text').execute();
  await db.schema.createIndex('applications_evaluation_body').on('applications').columns(['evaluation_body_id', 'updated_at']).execute();

  await db.schema
    .createTable('evaluation_reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('application_id', 'text', (c) => c.notNull().references('applications.id'))
    /** The application event of the (re)submission this report evaluates. */
    .addColumn('submission_event_id', 'text', (c) => c.notNull().unique().references('application_events.id'))
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('evaluation_body_id', 'text', (c) => c.notNull().references('evaluation_bodies.id'))
    /** open | signed_off */
    .addColumn('status', 'text', (c) => c.notNull())
    /** The implementation conformance statement and the extra information for testing relied on. */
    .addColumn('ics', 'text')
    .addColumn('ixit', 'text')
    .addColumn('summary', 'text')
    .addColumn('signed_off_at', 'text')
    .addColumn('signed_off_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('evaluation_reports_application').on('evaluation_reports').columns(['application_id', 'round']).execute();

  await db.schema
    .createTable('evaluation_verdicts')
    .addColumn('report_id', 'text', (c) => c.notNull().references('evaluation_reports.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('requirement_id', 'text', (c) => c.notNull())
    /** pass | fail | not_applicable */
    .addColumn('verdict', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('evidence', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addPrimaryKeyConstraint('evaluation_verdicts_pk', ['report_id', 'unit_id'])
    .execute();

  await db.schema
    .createTable('evaluation_report_files')
    .addColumn('report_id', 'text', (c) => c.primaryKey().references('evaluation_reports.id'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('content', isPostgres ? 'bytea' : 'blob', (c) => c.notNull())
    .addColumn('uploaded_at', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'text')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('evaluation_report_files').execute();
  await db.schema.dropTable('evaluation_verdicts').execute();
  await db.schema.dropTable('evaluation_reports').execute();
  await db.schema.dropIndex('applications_evaluation_body').execute();
  await db.schema.alterTable('labels').dropColumn('evaluated_at').execute();
  await db.schema.alterTable('labels').dropColumn('evaluation_body_id').execute();
  await db.schema.alterTable('applications').dropColumn('evaluation_body_id').execute();
  await db.schema.alterTable('users').dropColumn('evaluation_body_id').execute();
  await db.schema.dropTable('evaluation_body_scopes').execute();
  await db.schema.dropTable('evaluation_bodies').execute();
}
