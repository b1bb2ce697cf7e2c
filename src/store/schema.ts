/**
 * Table types for Kysely. Instants are ISO-8601 UTC strings with milliseconds in both SQLite and
 * PostgreSQL (sortable as text, identical across dialects; see docs/decisions/0002-storage.md).
 * Dates without time (support period end) are YYYY-MM-DD strings.
 */
import type { Generated, Insertable, Selectable } from 'kysely';

export interface SequencesTable {
  name: string;
  value: number;
}

export interface VendorsTable {
  id: string;
  name_ja: string;
  name_en: string;
  address: string;
  country: string;
  corporate_number: string | null;
  legal_entity_proof: string | null;
  website: string | null;
  is_demo: number;
  created_at: string;
  updated_at: string;
}

export interface UsersTable {
  id: string;
  email: string;
  display_name: string;
  password_hash: string;
  role: string;
  vendor_id: string | null;
  created_at: string;
  disabled_at: string | null;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface SessionsTable {
  id_hash: string;
  user_id: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export interface ProductsTable {
  id: string;
  vendor_id: string;
  name_ja: string;
  name_en: string;
  category: string;
  description_ja: string | null;
  description_en: string | null;
  product_url: string | null;
  software_versions: string;
  support_ends_on: string | null;
  vulnerability_contact: string | null;
  disclosure_policy_url: string | null;
  created_at: string;
  updated_at: string;
}

export interface ModelNumberRow {
  position: number;
  model_number: string;
  model_key: string;
}

export interface ProductModelNumbersTable extends ModelNumberRow {
  product_id: string;
  vendor_id: string;
}

export interface ApplicationsTable {
  id: string;
  application_number: string;
  vendor_id: string;
  product_id: string;
  level: number;
  route: string;
  renews_label_id: string | null;
  criteria_id: string;
  status: string;
  acceptance_number: string | null;
  fee_jpy: number | null;
  fee_paid_at: string | null;
  payment_reference: string | null;
  label_id: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  submitted_at: string | null;
  version: number;
}

export interface ApplicationModelNumbersTable extends ModelNumberRow {
  application_id: string;
}

export interface ChecklistAnswersTable {
  application_id: string;
  item_id: string;
  requirement_id: string;
  answer: string;
  evidence: string | null;
  reason: string | null;
  updated_at: string;
}

export interface ApplicationEventsTable {
  id: string;
  application_id: string;
  type: string;
  at: string;
  actor_id: string | null;
  comment: string | null;
}

export interface LabelsTable {
  id: string;
  registration_number: string;
  vendor_id: string;
  product_id: string;
  application_id: string;
  level: number;
  criteria_id: string;
  /** The product's category, copied for the public list's indexes (kept in step by updateProduct). */
  category: string | null;
  issued_at: string;
  expires_at: string;
  /** Last non-temporal status (valid/suspended/revoked/withdrawn); a cache of label_events. */
  base_status: string;
  version: number;
  updated_at: string;
}

export interface LabelModelNumbersTable extends ModelNumberRow {
  label_id: string;
}

export interface LabelEventsTable {
  id: string;
  label_id: string;
  seq: number;
  type: string;
  at: string;
  actor_id: string | null;
  reason: string | null;
  expires_at: string | null;
  application_id: string | null;
}

export interface AuditEventsTable {
  id: string;
  at: string;
  actor_id: string | null;
  actor_role: string;
  action: string;
  entity_type: string;
  entity_id: string;
  before_json: string | null;
  after_json: string | null;
}

/** One search document per label (FTS5 trigram table on SQLite, pg_trgm-indexed table on PostgreSQL). */
export interface LabelSearchTable {
  label_id: string;
  document: string;
}

export interface LogEntriesTable {
  /** 0-based leaf index. */
  idx: number;
  label_id: string;
  type: string;
  at: string;
  /** The exact canonical JSON (RFC 8785) that was hashed into the tree. */
  leaf: string;
}

export interface LogHashesTable {
  /** Stored-hash index (see src/transparency/merkle.ts). */
  idx: number;
  /** Base64 SHA-256. */
  hash: string;
}

export interface LogCheckpointsTable {
  size: number;
  root_hash: string;
  /** The signed note (C2SP checkpoint). */
  note: string;
  created_at: string;
}

export interface PstiStatementsTable {
  application_id: string;
  product_type: string | null;
  batch: string | null;
  manufacturer_name: string | null;
  manufacturer_address: string | null;
  /** 1 = declared, 0 = not, null = not given yet. */
  declaration: number | null;
  support_period_ends_on: string | null;
  signatory_name: string | null;
  signatory_function: string | null;
  place_of_issue: string | null;
  date_of_issue: string | null;
  document_url: string | null;
  is_proxy: number;
  proxy_note: string | null;
  updated_at: string;
}

/** A request to list an issued ★1 label on the PSTI-declared products list: requested → approved | rejected. */
export interface PstiListingsTable {
  id: string;
  label_id: string;
  vendor_id: string;
  status: string;
  product_name_en: string;
  description_en: string;
  requested_at: string;
  requested_by: string | null;
  decided_at: string | null;
  decided_by: string | null;
  reason: string | null;
}

export interface LoginFailuresTable {
  id: string;
  /** SHA-256 of the lower-cased e-mail: the table holds no addresses. */
  email_hash: string;
  at: string;
}

export interface SupportDeclarationsTable {
  id: string;
  product_id: string;
  /** YYYY-MM-DD: the last day security updates are promised. Never earlier than the previous one. */
  ends_on: string;
  declared_at: string;
  declared_by: string | null;
  note: string | null;
}

export interface ProductUpdatesTable {
  id: string;
  product_id: string;
  version: string;
  released_on: string;
  notes_ja: string | null;
  notes_en: string | null;
  url: string | null;
  created_at: string;
  created_by: string | null;
}

export interface AdvisoriesTable {
  id: string;
  vendor_id: string;
  tracking_id: string;
  revision: string;
  title: string;
  publisher_name: string;
  initial_release_date: string;
  current_release_date: string;
  document: string;
  document_sha256: string;
  match_report: string;
  imported_at: string;
  imported_by: string | null;
}

export interface AdvisoryFindingsTable {
  id: string;
  advisory_id: string;
  product_id: string;
  csaf_product: string;
  cve: string | null;
  vulnerability_title: string | null;
  status: string;
  justification: string | null;
  impact_statement: string | null;
  cvss_version: string | null;
  cvss_base_score: number | null;
  cvss_severity: string | null;
  cvss_vector: string | null;
  remediations: string;
  first_seen_at: string;
}

export interface SecurityTxtTable {
  vendor_id: string;
  raw: string;
  report: string;
  expires_at: string | null;
  updated_at: string;
  updated_by: string | null;
}

export interface NotificationEventsTable {
  id: string;
  type: string;
  occurred_at: string;
  vendor_id: string | null;
  product_id: string | null;
  label_id: string | null;
  payload: string;
  fanned_out_at: string | null;
  locked_until: string | null;
  dedupe_key: string | null;
}

export interface SubscriptionsTable {
  id: string;
  channel: string;
  email: string | null;
  url: string | null;
  secret: string | null;
  owner_email: string;
  scope_type: string;
  scope_id: string | null;
  event_types: string;
  locale: string;
  status: string;
  confirm_token_hash: string | null;
  manage_token_hash: string | null;
  unsubscribe_token: string;
  consecutive_failures: Generated<number>;
  failing_since: string | null;
  created_at: string;
  confirmed_at: string | null;
  disabled_at: string | null;
  disabled_reason: string | null;
  unsubscribed_at: string | null;
}

export interface DeliveriesTable {
  id: string;
  subscription_id: string;
  event_id: string;
  status: string;
  attempts: Generated<number>;
  next_attempt_at: string;
  locked_until: string | null;
  last_status_code: number | null;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
}

export interface DeliveryAttemptsTable {
  id: string;
  delivery_id: string;
  attempted_at: string;
  duration_ms: number;
  status_code: number | null;
  error: string | null;
  response_snippet: string | null;
}

export interface OutboxEmailsTable {
  id: string;
  to_address: string;
  subject: string;
  text_body: string;
  headers: string;
  kind: string;
  status: string;
  attempts: Generated<number>;
  next_attempt_at: string;
  locked_until: string | null;
  last_error: string | null;
  message_id: string | null;
  created_at: string;
  sent_at: string | null;
  dedupe_key: string | null;
}

export interface Database {
  sequences: SequencesTable;
  vendors: VendorsTable;
  users: UsersTable;
  api_tokens: ApiTokensTable;
  sessions: SessionsTable;
  products: ProductsTable;
  product_model_numbers: ProductModelNumbersTable;
  applications: ApplicationsTable;
  application_model_numbers: ApplicationModelNumbersTable;
  checklist_answers: ChecklistAnswersTable;
  application_events: ApplicationEventsTable;
  labels: LabelsTable;
  label_model_numbers: LabelModelNumbersTable;
  label_events: LabelEventsTable;
  audit_events: AuditEventsTable;
  label_search: LabelSearchTable;
  log_entries: LogEntriesTable;
  log_hashes: LogHashesTable;
  log_checkpoints: LogCheckpointsTable;
  login_failures: LoginFailuresTable;
  psti_statements: PstiStatementsTable;
  psti_listings: PstiListingsTable;
  support_declarations: SupportDeclarationsTable;
  product_updates: ProductUpdatesTable;
  advisories: AdvisoriesTable;
  advisory_findings: AdvisoryFindingsTable;
  security_txt: SecurityTxtTable;
  notification_events: NotificationEventsTable;
  subscriptions: SubscriptionsTable;
  deliveries: DeliveriesTable;
  delivery_attempts: DeliveryAttemptsTable;
  outbox_emails: OutboxEmailsTable;
  attachments: AttachmentsTable;
  signups: SignupsTable;
  account_tokens: AccountTokensTable;
  invitations: InvitationsTable;
  rate_limit_hits: RateLimitHitsTable;
  totp_factors: TotpFactorsTable;
  pending_logins: PendingLoginsTable;
}

export type VendorRow = Selectable<VendorsTable>;
export type UserRow = Selectable<UsersTable>;
export type ProductRow = Selectable<ProductsTable>;
export type ApplicationRow = Selectable<ApplicationsTable>;
export type LabelRow = Selectable<LabelsTable>;
export type LabelEventRow = Selectable<LabelEventsTable>;
export type NewAuditEvent = Insertable<AuditEventsTable>;
// Generated is re-exported for migrations that may need it later.
export type { Generated };
export type PstiStatementRow = Selectable<PstiStatementsTable>;
export type PstiListingRow = Selectable<PstiListingsTable>;

/** A self-service vendor sign-up; the user may log in once `verified_at` is set. */
export interface SignupsTable {
  user_id: string;
  vendor_id: string;
  created_at: string;
  verified_at: string | null;
}

/** A single-use e-mailed link (verify_email, password_reset); only the token's SHA-256 is kept. */
export interface AccountTokensTable {
  id: string;
  purpose: string;
  user_id: string;
  token_hash: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface InvitationsTable {
  id: string;
  email: string;
  role: string;
  vendor_id: string | null;
  invited_by: string | null;
  token_hash: string;
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
  accepted_user_id: string | null;
  revoked_at: string | null;
}

export interface RateLimitHitsTable {
  id: string;
  bucket: string;
  key_hash: string;
  at: string;
}

export interface TotpFactorsTable {
  user_id: string;
  secret: string;
  created_at: string;
  confirmed_at: string | null;
  last_step: number | null;
}

export interface PendingLoginsTable {
  id_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  failed_attempts: Generated<number>;
}

/** Evidence attached to an application (the file itself lives in ATTACHMENT_DIR). */
export interface AttachmentsTable {
  id: string;
  application_id: string;
  checklist_item_id: string | null;
  original_name: string;
  media_type: string;
  size_bytes: number;
  sha256: string;
  storage_name: string;
  uploaded_by: string | null;
  uploaded_at: string;
}

// ── ★3/★4 evaluation (migration 0011) ─────────────────────────────────────────────────────────
// Columns added to existing tables and the new tables, declared by interface merging so this
// block stays one appended unit.

export interface UsersTable {
  /** Evaluators only: the evaluation body they work for. */
  evaluation_body_id?: string | null;
}

export interface ApplicationsTable {
  /** ★3/★4: the evaluation body the vendor named. */
  evaluation_body_id?: string | null;
}

export interface LabelsTable {
  /** ★3/★4: the body whose signed-off report the label was issued (or last renewed) on, and when it signed off. */
  evaluation_body_id?: string | null;
  evaluated_at?: string | null;
}

export interface EvaluationBodiesTable {
  id: string;
  name_ja: string;
  name_en: string;
  accreditation_number: string;
  accreditation_basis: string;
  /** YYYY-MM-DD (JST), inclusive. */
  accredited_from: string;
  accredited_until: string;
  website: string | null;
  is_demo: number;
  created_at: string;
  updated_at: string;
}

export interface EvaluationBodyScopesTable {
  evaluation_body_id: string;
  category: string;
  level: number;
}

export interface EvaluationReportsTable {
  id: string;
  application_id: string;
  submission_event_id: string;
  round: number;
  evaluation_body_id: string;
  status: string;
  ics: string | null;
  ixit: string | null;
  summary: string | null;
  signed_off_at: string | null;
  signed_off_by: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface EvaluationVerdictsTable {
  report_id: string;
  unit_id: string;
  requirement_id: string;
  verdict: string;
  reason: string | null;
  evidence: string | null;
  updated_at: string;
  updated_by: string | null;
}

export interface EvaluationReportFilesTable {
  report_id: string;
  file_name: string;
  size: number;
  sha256: string;
  content: Buffer;
  uploaded_at: string;
  uploaded_by: string | null;
}

export interface Database {
  evaluation_bodies: EvaluationBodiesTable;
  evaluation_body_scopes: EvaluationBodyScopesTable;
  evaluation_reports: EvaluationReportsTable;
  evaluation_verdicts: EvaluationVerdictsTable;
  evaluation_report_files: EvaluationReportFilesTable;
}

export type EvaluationBodyRow = Selectable<EvaluationBodiesTable>;
export type EvaluationReportRow = Selectable<EvaluationReportsTable>;
