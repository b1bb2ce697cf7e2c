/**
 * Security information that stays current after a label is issued, and the machinery that pushes
 * changes to subscribers:
 * - support_declarations: the support period as dated declarations (extended, never shortened);
 *   products.support_ends_on stays as the cached current value.
 * - product_updates: software update releases.
 * - advisories / advisory_findings: imported CSAF 2.0 documents and, per matched product and
 *   vulnerability, the VEX-style status.
 * - security_txt: a vendor's RFC 9116 file as pasted, with the parsed fields.
 * - notification_events: the outbox of subscribable events, written in the transaction of the fact.
 * - subscriptions, deliveries, delivery_attempts: webhook and e-mail subscriptions and every
 *   webhook attempt.
 * - outbox_emails: every e-mail the system sends, sent by a worker (nothing is sent inside a
 *   request transaction).
 * The queue tables carry `locked_until` leases so several server processes can share the work.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('support_declarations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
    .addColumn('ends_on', 'text', (c) => c.notNull())
    .addColumn('declared_at', 'text', (c) => c.notNull())
    .addColumn('declared_by', 'text')
    .addColumn('note', 'text')
    .execute();
  await db.schema.createIndex('support_declarations_product').on('support_declarations').columns(['product_id', 'declared_at']).execute();
  // Every product with a support end so far had exactly one declaration: when it was created.
  await sql`INSERT INTO support_declarations (id, product_id, ends_on, declared_at, declared_by, note)
    SELECT 'sd-' || id, id, support_ends_on, created_at, NULL, NULL FROM products WHERE support_ends_on IS NOT NULL`.execute(db);

  await db.schema
    .createTable('product_updates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('released_on', 'text', (c) => c.notNull())
    .addColumn('notes_ja', 'text')
    .addColumn('notes_en', 'text')
    .addColumn('url', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .execute();
  await db.schema.createIndex('product_updates_product').on('product_updates').columns(['product_id', 'released_on']).execute();

  await db.schema
    .createTable('advisories')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('vendor_id', 'text', (c) => c.notNull().references('vendors.id'))
    .addColumn('tracking_id', 'text', (c) => c.notNull())
    .addColumn('revision', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('publisher_name', 'text', (c) => c.notNull())
    .addColumn('initial_release_date', 'text', (c) => c.notNull())
    .addColumn('current_release_date', 'text', (c) => c.notNull())
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('document_sha256', 'text', (c) => c.notNull())
    /** JSON: the import report (matched and unmatched CSAF products). */
    .addColumn('match_report', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addColumn('imported_by', 'text')
    .addUniqueConstraint('advisories_vendor_tracking', ['vendor_id', 'tracking_id'])
    .execute();

  await db.schema
    .createTable('advisory_findings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('advisory_id', 'text', (c) => c.notNull().references('advisories.id'))
    .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
    /** The CSAF product id(s) and name that matched, for the record. */
    .addColumn('csaf_product', 'text', (c) => c.notNull())
    .addColumn('cve', 'text')
    .addColumn('vulnerability_title', 'text')
    /** known_affected | fixed | known_not_affected | under_investigation */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('justification', 'text')
    .addColumn('impact_statement', 'text')
    .addColumn('cvss_version', 'text')
    .addColumn('cvss_base_score', 'real')
    .addColumn('cvss_severity', 'text')
    .addColumn('cvss_vector', 'text')
    /** JSON array of {category, details, url}. */
    .addColumn('remediations', 'text', (c) => c.notNull())
    .addColumn('first_seen_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('advisory_findings_product').on('advisory_findings').columns(['product_id', 'status']).execute();
  await db.schema.createIndex('advisory_findings_advisory').on('advisory_findings').column('advisory_id').execute();

  await db.schema
    .createTable('security_txt')
    .addColumn('vendor_id', 'text', (c) => c.primaryKey().references('vendors.id'))
    .addColumn('raw', 'text', (c) => c.notNull())
    /** JSON: the parsed fields and the issues found. */
    .addColumn('report', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .execute();

  await db.schema
    .createTable('notification_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('vendor_id', 'text')
    .addColumn('product_id', 'text')
    .addColumn('label_id', 'text')
    .addColumn('payload', 'text', (c) => c.notNull())
    /** Set once deliveries and e-mails for every matching subscription exist. */
    .addColumn('fanned_out_at', 'text')
    .addColumn('locked_until', 'text')
    /** Time-driven events (expiring, expired, support ended) are recorded once per key. */
    .addColumn('dedupe_key', 'text', (c) => c.unique())
    .execute();
  await db.schema.createIndex('notification_events_pending').on('notification_events').columns(['fanned_out_at', 'occurred_at']).execute();

  await db.schema
    .createTable('subscriptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    /** email | webhook */
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('url', 'text')
    /** Standard Webhooks secret (whsec_…); needed in clear to sign every delivery. */
    .addColumn('secret', 'text')
    /** Where confirmation and notices go: the subscriber itself for e-mail, the owner for webhooks. */
    .addColumn('owner_email', 'text', (c) => c.notNull())
    /** all | vendor | product */
    .addColumn('scope_type', 'text', (c) => c.notNull())
    .addColumn('scope_id', 'text')
    /** JSON array of event types. */
    .addColumn('event_types', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    /** pending | active | disabled | unsubscribed */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('confirm_token_hash', 'text', (c) => c.unique())
    .addColumn('manage_token_hash', 'text', (c) => c.unique())
    /** Sent in every e-mail's one-click unsubscribe link; it can only end this subscription. */
    .addColumn('unsubscribe_token', 'text', (c) => c.notNull().unique())
    .addColumn('consecutive_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failing_since', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', 'text')
    .addColumn('disabled_at', 'text')
    .addColumn('disabled_reason', 'text')
    .addColumn('unsubscribed_at', 'text')
    .execute();
  await db.schema.createIndex('subscriptions_scope').on('subscriptions').columns(['status', 'scope_type', 'scope_id']).execute();

  await db.schema
    .createTable('deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('subscription_id', 'text', (c) => c.notNull().references('subscriptions.id'))
    .addColumn('event_id', 'text', (c) => c.notNull().references('notification_events.id'))
    /** pending | delivered | failed (gave up) | cancelled (subscription disabled) */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('locked_until', 'text')
    .addColumn('last_status_code', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('delivered_at', 'text')
    .addUniqueConstraint('deliveries_subscription_event', ['subscription_id', 'event_id'])
    .execute();
  await db.schema.createIndex('deliveries_due').on('deliveries').columns(['status', 'next_attempt_at']).execute();

  await db.schema
    .createTable('delivery_attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('delivery_id', 'text', (c) => c.notNull().references('deliveries.id'))
    .addColumn('attempted_at', 'text', (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('error', 'text')
    .addColumn('response_snippet', 'text')
    .execute();
  await db.schema.createIndex('delivery_attempts_delivery').on('delivery_attempts').columns(['delivery_id', 'attempted_at']).execute();

  await db.schema
    .createTable('outbox_emails')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('text_body', 'text', (c) => c.notNull())
    /** JSON object of extra headers (List-Unsubscribe …). */
    .addColumn('headers', 'text', (c) => c.notNull())
    /** What the message is about, for the log and the demo mail viewer (confirm, notification, …). */
    .addColumn('kind', 'text', (c) => c.notNull())
    /** pending | sent | caught (no SMTP configured: kept for the local viewer) | failed | cancelled (unsubscribed before sending) */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('locked_until', 'text')
    .addColumn('last_error', 'text')
    .addColumn('message_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('dedupe_key', 'text', (c) => c.unique())
    .execute();
  await db.schema.createIndex('outbox_emails_due').on('outbox_emails').columns(['status', 'next_attempt_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'outbox_emails', 'delivery_attempts', 'deliveries', 'subscriptions', 'notification_events', 'security_txt',
    'advisory_findings', 'advisories', 'product_updates', 'support_declarations',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
