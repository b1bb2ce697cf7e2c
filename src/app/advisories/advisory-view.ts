/** The shapes the advisory use cases return, and the mapping from stored rows to them. */
import type { Selectable } from 'kysely';
import type { AdvisoriesTable, AdvisoryFindingsTable } from '../../store/schema.ts';
import { FINDING_STATUSES, type Cvss, type FindingStatus, type Remediation } from './csaf-findings.ts';
import type { MatchReport } from './match-products.ts';
import type { CsafProductRef } from './merge-findings.ts';

export type AdvisoryRow = Selectable<AdvisoriesTable>;
export type FindingRow = Selectable<AdvisoryFindingsTable>;

export type FindingCounts = Record<FindingStatus, number>;

/** What is stored in advisories.match_report. */
export interface StoredMatchReport extends MatchReport {
  /** (vulnerability, CSAF product) pairs the document lists under `recommended`; noted, not stored as findings. */
  recommended: Array<{ cve: string | null; csafProductId: string }>;
}

export interface AdvisorySummary {
  id: string;
  vendorId: string;
  trackingId: string;
  revision: string;
  title: string;
  publisherName: string;
  initialReleaseDate: string;
  currentReleaseDate: string;
  documentSha256: string;
  importedAt: string;
}

export interface ImportReport extends StoredMatchReport {
  advisory: { id: string; trackingId: string; revision: string; title: string; currentReleaseDate: string };
  /** The revision this import replaced, or null for a new advisory. */
  previousRevision: string | null;
  findings: FindingCounts;
}

export interface FindingView {
  productId: string;
  productName: { ja: string; en: string };
  cve: string | null;
  title: string | null;
  status: FindingStatus;
  justification: string | null;
  impactStatement: string | null;
  cvss: Cvss | null;
  remediations: Remediation[];
  /** The CSAF products that stand for this product, each with the status the document gives it. */
  csafProducts: CsafProductRef[];
  firstSeenAt: string;
}

export interface AdvisoryDetail extends StoredMatchReport {
  advisory: AdvisorySummary;
  findings: FindingCounts;
  productFindings: FindingView[];
}

export interface AdvisoryListItem extends AdvisorySummary {
  findings: FindingCounts;
}

export function countByStatus(statuses: Iterable<string>): FindingCounts {
  const counts = Object.fromEntries(FINDING_STATUSES.map((s) => [s, 0])) as FindingCounts;
  for (const s of statuses) if (s in counts) counts[s as FindingStatus]++;
  return counts;
}

export function toAdvisorySummary(row: Omit<AdvisoryRow, 'document' | 'match_report' | 'imported_by'>): AdvisorySummary {
  return {
    id: row.id,
    vendorId: row.vendor_id,
    trackingId: row.tracking_id,
    revision: row.revision,
    title: row.title,
    publisherName: row.publisher_name,
    initialReleaseDate: row.initial_release_date,
    currentReleaseDate: row.current_release_date,
    documentSha256: row.document_sha256,
    importedAt: row.imported_at,
  };
}

export function cvssOfRow(row: Pick<FindingRow, 'cvss_version' | 'cvss_base_score' | 'cvss_severity' | 'cvss_vector'>): Cvss | null {
  if (row.cvss_version === null || row.cvss_base_score === null || row.cvss_vector === null) return null;
  return { version: row.cvss_version, baseScore: Number(row.cvss_base_score), severity: row.cvss_severity, vector: row.cvss_vector };
}
