/**
 * Imports a vendor's CSAF 2.0 advisory: validates it, matches its products to the vendor's
 * registered products, and stores the document with one finding per (vulnerability, matched
 * product). A document with a tracking id already imported is a new revision of that advisory
 * and replaces it, unless it is older than the stored one. Everything happens in one transaction,
 * with the audit event, a transparency-log leaf per affected label and the subscribers' events.
 */
import { DomainError } from '../../domain/errors.ts';
import { isPostgres } from '../../store/database.ts';
import { recordAudit } from '../audit.ts';
import { requirePermission, requireVendorScope, type Actor, type AppContext, type Trx } from '../context.ts';
import { publishAdvisoryEvents } from '../security-info/advisory-events.ts';
import { inTransaction, isUniqueViolation } from '../transaction.ts';
import { countByStatus, type ImportReport, type StoredMatchReport } from './advisory-view.ts';
import { readFindings, readRecommended } from './csaf-findings.ts';
import { asString, isObject, readProductTree } from './csaf-products.ts';
import { loadVendorCatalogue, matchProducts } from './match-products.ts';
import { mergeFindings, type MergedFinding } from './merge-findings.ts';
import { validateCsaf } from './validate-csaf.ts';

export interface ImportAdvisoryInput {
  document: unknown;
  /** Required for the system actor; vendor users may only name their own vendor. */
  vendorId?: string;
}

interface Header {
  trackingId: string;
  revision: string;
  title: string;
  publisherName: string;
  initialReleaseDate: string;
  currentReleaseDate: string;
}

/** The fields we keep from `document`; dates normalized to UTC so they compare and sort as text. */
function readHeader(doc: unknown): Header {
  const d = isObject(doc) && isObject(doc.document) ? doc.document : {};
  const tracking = isObject(d.tracking) ? d.tracking : {};
  const publisher = isObject(d.publisher) ? d.publisher : {};
  const date = (field: 'initial_release_date' | 'current_release_date') => {
    const value = asString(tracking[field]);
    const time = value === null ? Number.NaN : Date.parse(value);
    if (Number.isNaN(time)) {
      throw new DomainError('CSAF_INVALID', `document.tracking.${field} is not a date we can read`, [
        { pointer: `/document/document/tracking/${field}`, detail: `tracking: ${JSON.stringify(value)} is not a readable date-time` },
      ], { failedTests: ['tracking'] });
    }
    return new Date(time).toISOString();
  };
  return {
    trackingId: asString(tracking.id) ?? '',
    revision: asString(tracking.version) ?? '',
    title: asString(d.title) ?? '',
    publisherName: asString(publisher.name) ?? '',
    initialReleaseDate: date('initial_release_date'),
    currentReleaseDate: date('current_release_date'),
  };
}

/** A finding's identity across revisions: the CVE, else the vulnerability title. */
const findingKey = (productId: string, cve: string | null, title: string | null) => `${productId}\u0000${cve ?? `title:${title ?? ''}`}`;

export async function importAdvisory(ctx: AppContext, actor: Actor, input: ImportAdvisoryInput): Promise<ImportReport> {
  requirePermission(actor, 'products:write');
  let vendorId: string;
  if (actor.role === 'system') {
    if (!input.vendorId) throw new DomainError('VENDOR_REQUIRED', 'Advisories belong to a vendor: name it');
    vendorId = input.vendorId;
  } else {
    if (!actor.vendorId) throw new DomainError('VENDOR_REQUIRED', 'Advisories belong to a vendor');
    if (input.vendorId) requireVendorScope(actor, input.vendorId, 'vendor');
    vendorId = actor.vendorId;
  }

  const checked = await validateCsaf(input.document);
  const header = readHeader(input.document);
  const tree = readProductTree(input.document);
  const findings = readFindings(input.document, tree.groups);
  const recommended = readRecommended(input.document).map(({ cve, csafProductId }) => ({ cve, csafProductId }));

  const work = (trx: Trx) => store(ctx, actor, trx, { vendorId, header, checked, tree, findings, recommended });
  try {
    return await inTransaction(ctx, work);
  } catch (error) {
    // Two first imports of one tracking id at once: the loser retries and finds the winner's row.
    if (!isUniqueViolation(error)) throw error;
    return inTransaction(ctx, work);
  }
}

async function store(
  ctx: AppContext,
  actor: Actor,
  trx: Trx,
  input: {
    vendorId: string;
    header: Header;
    checked: { canonical: string; sha256: string };
    tree: ReturnType<typeof readProductTree>;
    findings: ReturnType<typeof readFindings>;
    recommended: StoredMatchReport['recommended'];
  },
): Promise<ImportReport> {
  const { vendorId, header } = input;
  const vendor = await trx.selectFrom('vendors').select('id').where('id', '=', vendorId).executeTakeFirst();
  if (!vendor) throw new DomainError('NOT_FOUND', 'No such vendor');

  const previous = await trx
    .selectFrom('advisories')
    .select(['id', 'revision', 'current_release_date', 'document_sha256'])
    .where('vendor_id', '=', vendorId)
    .where('tracking_id', '=', header.trackingId)
    .$if(isPostgres(ctx.db), (q) => q.forUpdate())
    .executeTakeFirst();
  if (previous && previous.current_release_date > header.currentReleaseDate) {
    throw new DomainError(
      'ADVISORY_REVISION_STALE',
      `Revision ${header.revision} (${header.currentReleaseDate}) is older than the imported revision ${previous.revision} (${previous.current_release_date})`,
      [],
      { currentRevision: previous.revision, currentReleaseDate: previous.current_release_date },
    );
  }

  const catalogue = await loadVendorCatalogue(trx, vendorId, input.tree);
  const match = matchProducts(input.tree, catalogue.products, catalogue.models);
  const merged = mergeFindings(input.findings, match.matched);
  if (!merged.length) {
    const detail = match.matched.length
      ? 'The products of yours this advisory names have no status in any of its vulnerabilities'
      : 'No product in the advisory matched a model number, product name or product id of your products';
    throw new DomainError('ADVISORY_NOT_MATCHED', detail, [], { unmatched: match.unmatched, matched: match.matched });
  }

  const now = ctx.clock.now();
  const report: StoredMatchReport = { matched: match.matched, unmatched: match.unmatched, recommended: input.recommended };
  const row = {
    vendor_id: vendorId,
    tracking_id: header.trackingId,
    revision: header.revision,
    title: header.title,
    publisher_name: header.publisherName,
    initial_release_date: header.initialReleaseDate,
    current_release_date: header.currentReleaseDate,
    document: input.checked.canonical,
    document_sha256: input.checked.sha256,
    match_report: JSON.stringify(report),
    imported_at: now.toISOString(),
    imported_by: actor.userId,
  };

  const firstSeen = new Map<string, string>();
  let previousProducts: string[] = [];
  const advisoryId = previous?.id ?? ctx.newId();
  if (previous) {
    const old = await trx.selectFrom('advisory_findings').select(['product_id', 'cve', 'vulnerability_title', 'first_seen_at']).where('advisory_id', '=', previous.id).execute();
    for (const f of old) {
      const key = findingKey(f.product_id, f.cve, f.vulnerability_title);
      const seen = firstSeen.get(key);
      if (!seen || f.first_seen_at < seen) firstSeen.set(key, f.first_seen_at);
    }
    previousProducts = old.map((f) => f.product_id);
    await trx.deleteFrom('advisory_findings').where('advisory_id', '=', previous.id).execute();
    await trx.updateTable('advisories').set(row).where('id', '=', previous.id).execute();
  } else {
    await trx.insertInto('advisories').values({ id: advisoryId, ...row }).execute();
  }

  const rows = merged.map((f: MergedFinding) => ({
    id: ctx.newId(),
    advisory_id: advisoryId,
    product_id: f.productId,
    csaf_product: JSON.stringify(f.csafProducts),
    cve: f.cve,
    vulnerability_title: f.title,
    status: f.status,
    justification: f.justification,
    impact_statement: f.impactStatement,
    cvss_version: f.cvss?.version ?? null,
    cvss_base_score: f.cvss?.baseScore ?? null,
    cvss_severity: f.cvss?.severity ?? null,
    cvss_vector: f.cvss?.vector ?? null,
    remediations: JSON.stringify(f.remediations),
    first_seen_at: firstSeen.get(findingKey(f.productId, f.cve, f.title)) ?? now.toISOString(),
  }));
  // 15 columns: 500 rows stay well below SQLite's bound-parameter limit.
  for (let i = 0; i < rows.length; i += 500) await trx.insertInto('advisory_findings').values(rows.slice(i, i + 500)).execute();

  // Products dropped by this revision changed too: their labels' security information lost findings.
  const productIds = [...new Set([...merged.map((f) => f.productId), ...previousProducts])];
  await publishAdvisoryEvents(ctx, trx, { advisoryId, productIds, at: now });

  const counts = countByStatus(merged.map((f) => f.status));
  await recordAudit(trx, ctx, actor, now, {
    action: 'advisory.imported',
    entityType: 'advisory',
    entityId: advisoryId,
    before: previous ? { revision: previous.revision, currentReleaseDate: previous.current_release_date, documentSha256: previous.document_sha256 } : undefined,
    after: {
      vendorId,
      trackingId: header.trackingId,
      revision: header.revision,
      currentReleaseDate: header.currentReleaseDate,
      documentSha256: input.checked.sha256,
      matched: match.matched.length,
      unmatched: match.unmatched.length,
      findings: counts,
    },
  });

  return {
    advisory: { id: advisoryId, trackingId: header.trackingId, revision: header.revision, title: header.title, currentReleaseDate: header.currentReleaseDate },
    previousRevision: previous?.revision ?? null,
    ...report,
    findings: counts,
  };
}
