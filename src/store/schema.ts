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
