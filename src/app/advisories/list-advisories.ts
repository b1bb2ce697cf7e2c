/**
 * Reading imported advisories back: a vendor sees its own, operators see all. Another vendor's
 * advisory answers NOT_FOUND, like every vendor-scoped record.
 */
import { DomainError } from '../../domain/errors.ts';
import { isVendorRole } from '../../domain/roles.ts';
import { requirePermission, requireVendorScope, type Actor, type AppContext } from '../context.ts';
import {
  countByStatus,
  cvssOfRow,
  toAdvisorySummary,
  type AdvisoryDetail,
  type AdvisoryListItem,
  type FindingView,
  type StoredMatchReport,
} from './advisory-view.ts';
import type { FindingStatus, Remediation } from './csaf-findings.ts';
import { pushTo } from './csaf-products.ts';
import type { CsafProductRef } from './merge-findings.ts';

const SUMMARY_COLUMNS = [
  'id', 'vendor_id', 'tracking_id', 'revision', 'title', 'publisher_name', 'initial_release_date',
  'current_release_date', 'document_sha256', 'imported_at',
] as const;

export const ADVISORY_LIST_MAX = 500;

/** Newest advisory (current release date) first. */
export async function listAdvisories(
  ctx: AppContext,
  actor: Actor,
  filter: { vendorId?: string; limit?: number } = {},
): Promise<AdvisoryListItem[]> {
  requirePermission(actor, 'products:read');
  const vendorId = actor.role !== 'system' && isVendorRole(actor.role) ? actor.vendorId! : filter.vendorId;
  let query = ctx.db
    .selectFrom('advisories')
    .select(SUMMARY_COLUMNS)
    .orderBy('current_release_date', 'desc')
    .orderBy('id', 'desc')
    .limit(Math.min(filter.limit ?? ADVISORY_LIST_MAX, ADVISORY_LIST_MAX));
  if (vendorId) query = query.where('vendor_id', '=', vendorId);
  const rows = await query.execute();
  const statuses = rows.length
    ? await ctx.db.selectFrom('advisory_findings').select(['advisory_id', 'status']).where('advisory_id', 'in', rows.map((r) => r.id)).execute()
    : [];
  const byAdvisory = new Map<string, string[]>();
  for (const s of statuses) pushTo(byAdvisory, s.advisory_id, s.status);
  return rows.map((row) => ({ ...toAdvisorySummary(row), findings: countByStatus(byAdvisory.get(row.id) ?? []) }));
}

async function scopedAdvisory(ctx: AppContext, actor: Actor, id: string) {
  requirePermission(actor, 'products:read');
  const row = await ctx.db.selectFrom('advisories').select([...SUMMARY_COLUMNS, 'match_report']).where('id', '=', id).executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND', 'No such advisory');
  requireVendorScope(actor, row.vendor_id, 'advisory');
  return row;
}

const text = (value: string | null) => value ?? '';

/** The import report of the stored revision with every finding. */
export async function getAdvisory(ctx: AppContext, actor: Actor, id: string): Promise<AdvisoryDetail> {
  const row = await scopedAdvisory(ctx, actor, id);
  const findings = await ctx.db
    .selectFrom('advisory_findings')
    .innerJoin('products', 'products.id', 'advisory_findings.product_id')
    .selectAll('advisory_findings')
    .select(['products.name_ja', 'products.name_en'])
    .where('advisory_id', '=', id)
    .execute();
  // Sorted here: the two databases order NULLs differently.
  findings.sort((a, b) =>
    text(a.cve).localeCompare(text(b.cve)) || text(a.vulnerability_title).localeCompare(text(b.vulnerability_title)) ||
    a.name_en.localeCompare(b.name_en) || a.id.localeCompare(b.id));
  const productFindings: FindingView[] = findings.map((f) => ({
    productId: f.product_id,
    productName: { ja: f.name_ja, en: f.name_en },
    cve: f.cve,
    title: f.vulnerability_title,
    status: f.status as FindingStatus,
    justification: f.justification,
    impactStatement: f.impact_statement,
    cvss: cvssOfRow(f),
    remediations: JSON.parse(f.remediations) as Remediation[],
    csafProducts: JSON.parse(f.csaf_product) as CsafProductRef[],
    firstSeenAt: f.first_seen_at,
  }));
  const report = JSON.parse(row.match_report) as StoredMatchReport;
  return {
    advisory: toAdvisorySummary(row),
    matched: report.matched,
    unmatched: report.unmatched,
    recommended: report.recommended ?? [],
    findings: countByStatus(findings.map((f) => f.status)),
    productFindings,
  };
}

/** The stored document: its canonical JSON text and that text's SHA-256. */
export async function getAdvisoryDocument(ctx: AppContext, actor: Actor, id: string): Promise<{ json: string; sha256: string; trackingId: string }> {
  const row = await scopedAdvisory(ctx, actor, id);
  const { document } = await ctx.db.selectFrom('advisories').select('document').where('id', '=', id).executeTakeFirstOrThrow();
  return { json: document, sha256: row.document_sha256, trackingId: row.tracking_id };
}
