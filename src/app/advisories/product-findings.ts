/**
 * The public view of advisories on product pages: per product, what each imported advisory says
 * about it. Public facts only (the advisory's identity and dates, the vulnerability, status,
 * score and remediations); no importing user, no match internals.
 */
import type { Db } from '../../store/database.ts';
import type { Trx } from '../context.ts';
import { cvssOfRow } from './advisory-view.ts';
import type { Cvss, FindingStatus, Remediation } from './csaf-findings.ts';

export interface PublicProductFinding {
  advisory: {
    id: string;
    trackingId: string;
    revision: string;
    title: string;
    publisherName: string;
    initialReleaseDate: string;
    currentReleaseDate: string;
  };
  cve: string | null;
  title: string | null;
  status: FindingStatus;
  justification: string | null;
  impactStatement: string | null;
  cvss: Cvss | null;
  remediations: Remediation[];
  firstSeenAt: string;
}

const CHUNK = 1000;

/**
 * Findings of the given products, newest advisory (current release date) first, then by CVE.
 * Every requested product id is a key of the result, with an empty list when nothing is known.
 */
export async function loadProductFindings(db: Db | Trx, productIds: readonly string[]): Promise<Map<string, PublicProductFinding[]>> {
  const ids = [...new Set(productIds)];
  const result = new Map<string, PublicProductFinding[]>(ids.map((id) => [id, []]));
  const rows = [];
  for (let i = 0; i < ids.length; i += CHUNK) {
    rows.push(
      ...(await db
        .selectFrom('advisory_findings')
        .innerJoin('advisories', 'advisories.id', 'advisory_findings.advisory_id')
        .select([
          'advisory_findings.product_id', 'advisory_findings.cve', 'advisory_findings.vulnerability_title', 'advisory_findings.status',
          'advisory_findings.justification', 'advisory_findings.impact_statement', 'advisory_findings.cvss_version',
          'advisory_findings.cvss_base_score', 'advisory_findings.cvss_severity', 'advisory_findings.cvss_vector',
          'advisory_findings.remediations', 'advisory_findings.first_seen_at', 'advisory_findings.id as finding_id',
          'advisories.id as advisory_id', 'advisories.tracking_id', 'advisories.revision', 'advisories.title',
          'advisories.publisher_name', 'advisories.initial_release_date', 'advisories.current_release_date',
        ])
        .where('advisory_findings.product_id', 'in', ids.slice(i, i + CHUNK))
        .execute()),
    );
  }
  // Sorted here rather than in SQL: the two databases order NULL CVEs differently.
  const text = (v: string | null) => v ?? '';
  rows.sort((a, b) =>
    b.current_release_date.localeCompare(a.current_release_date) || a.tracking_id.localeCompare(b.tracking_id) ||
    text(a.cve).localeCompare(text(b.cve)) || text(a.vulnerability_title).localeCompare(text(b.vulnerability_title)) ||
    a.finding_id.localeCompare(b.finding_id));
  for (const r of rows) {
    result.get(r.product_id)!.push({
      advisory: {
        id: r.advisory_id,
        trackingId: r.tracking_id,
        revision: r.revision,
        title: r.title,
        publisherName: r.publisher_name,
        initialReleaseDate: r.initial_release_date,
        currentReleaseDate: r.current_release_date,
      },
      cve: r.cve,
      title: r.vulnerability_title,
      status: r.status as FindingStatus,
      justification: r.justification,
      impactStatement: r.impact_statement,
      cvss: cvssOfRow(r),
      remediations: JSON.parse(r.remediations) as Remediation[],
      firstSeenAt: r.first_seen_at,
    });
  }
  return result;
}
