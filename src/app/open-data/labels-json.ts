/**
 * The labels JSON export: `{ generatedAt, logSize, labels: [...] }`, every label as
 * GET /api/v1/labels/{rn} shows it, without the receipt (that proof is per label; the signed
 * snapshot at /api/v1/snapshot is the verifiable whole). Written incrementally, label by label.
 */
import { jstDate } from '../../domain/time.ts';
import type { AppContext } from '../context.ts';
import { labelUrl, type PublicLabel } from '../labels/public-label.ts';
import { exportLabels, type ExportLabel } from './export-labels.ts';

/**
 * The same record as loadPublicLabel (src/app/labels/public-label.ts) builds one label at a
 * time; test/open-data/exports.test.ts holds the two equal.
 */
export function toPublicLabel(ctx: AppContext, label: ExportLabel, now: Date): PublicLabel {
  const r = label.row;
  const criteria = ctx.catalog.criteria.get(r.criteria_id);
  const scheme = ctx.catalog.jcStar;
  return {
    registrationNumber: r.registration_number,
    scheme: { id: scheme.id, name: { ja: scheme.name.ja, en: scheme.name.en } },
    level: r.level,
    status: label.status,
    statusAt: now.toISOString(),
    issuedAt: label.issuedAt,
    expiresAt: label.expiresAt,
    criteria: {
      id: r.criteria_id,
      version: criteria?.version ?? 'unknown',
      title: { ja: criteria?.title.ja ?? r.criteria_id, en: criteria?.title.en ?? r.criteria_id },
    },
    vendor: {
      id: r.vendor_id,
      name: { ja: r.vendor_name_ja, en: r.vendor_name_en },
      country: r.country,
      corporateNumber: r.corporate_number,
      website: r.website,
    },
    product: {
      name: { ja: r.name_ja, en: r.name_en },
      category: r.category,
      description: { ja: r.description_ja, en: r.description_en },
      url: r.product_url,
      softwareVersions: JSON.parse(r.software_versions) as string[],
      modelNumbers: label.modelNumbers,
    },
    security: {
      supportEndsOn: r.support_ends_on,
      isSupportEnded: r.support_ends_on ? r.support_ends_on < jstDate(now) : null,
    },
    contact: { vulnerabilityReport: r.vulnerability_contact, disclosurePolicyUrl: r.disclosure_policy_url },
    history: (label.history ?? []).map((e) => ({ event: e.type, at: e.at, reason: e.reason, expiresAt: e.expires_at })),
    url: labelUrl(ctx.publicBaseUrl, r.registration_number),
  };
}

/** The document as text chunks; `logSize` is the log size the caller read before starting. */
export async function* labelsJson(ctx: AppContext, now: Date, logSize: number): AsyncGenerator<string> {
  let chunk = `{"generatedAt":${JSON.stringify(now.toISOString())},"logSize":${logSize},"labels":[`;
  let first = true;
  for await (const label of exportLabels(ctx, now, { withHistory: true })) {
    chunk += (first ? '\n' : ',\n') + JSON.stringify(toPublicLabel(ctx, label, now));
    first = false;
    if (chunk.length >= 64 * 1024) {
      yield chunk;
      chunk = '';
    }
  }
  yield `${chunk}\n]}\n`;
}
