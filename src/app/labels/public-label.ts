/**
 * The public face of a label: what the QR code's page and the open API show. Contains no personal
 * data: no user ids or names, only organisation facts and public reasons.
 */
import { DomainError } from '../../domain/errors.ts';
import { labelStateAt, type LabelStatus } from '../../domain/label-status.ts';
import { canonicalRegistrationNumber } from '../../domain/registration-number.ts';
import { jstDate } from '../../domain/time.ts';
import type { Db } from '../../store/database.ts';
import type { AppContext, Trx } from '../context.ts';
import { criteriaSummary, type CriteriaSummary } from '../../catalog/criteria-summary.ts';
import { labelReceipt, type LabelReceipt } from '../transparency/receipts.ts';
import { loadSecurityInformation, securityTimeline, type SecurityInformation, type TimelineEntry } from '../security-info/security-information.ts';

export interface PublicLabel {
  registrationNumber: string;
  scheme: { id: string; name: { ja: string; en: string } };
  level: number;
  status: LabelStatus;
  /** The instant `status` was computed for. */
  statusAt: string;
  issuedAt: string;
  expiresAt: string;
  /**
   * The criteria document: its version, title and category (null for the common ★1 criteria), and
   * `example: true` when it only illustrates the format and is not criteria of the scheme.
   */
  criteria: CriteriaSummary;
  /** ★3/★4: the evaluation body that evaluated the product and when it signed off (not the report). */
  evaluation: PublicEvaluation | null;
  vendor: { id: string; name: { ja: string; en: string }; country: string; corporateNumber: string | null; website: string | null };
  product: {
    name: { ja: string; en: string };
    category: string;
    description: { ja: string | null; en: string | null };
    url: string | null;
    softwareVersions: string[];
    modelNumbers: string[];
  };
  /**
   * The support end and whether it passed. The single-label record (loadPublicLabel) adds the
   * live security information; bulk exports carry only these two fields.
   */
  security: { supportEndsOn: string | null; isSupportEnded: boolean | null } & Partial<Omit<SecurityInformation, 'supportEndsOn' | 'isSupportEnded'>>;
  /** Support declarations, updates, advisories and label events, newest first (single-label record only). */
  timeline?: TimelineEntry[];
  contact: { vulnerabilityReport: string | null; disclosurePolicyUrl: string | null };
  history: Array<{ event: string; at: string; reason: string | null; expiresAt: string | null }>;
  /** The product page the label's QR code opens. */
  url: string;
  /** Proof that the latest public event of this label is in the signed transparency log. */
  receipt?: LabelReceipt;
}

export interface PublicEvaluation {
  body: { id: string; name: { ja: string; en: string }; accreditationNumber: string };
  evaluatedAt: string;
}

export function labelUrl(publicBaseUrl: string, registrationNumber: string): string {
  return `${publicBaseUrl}/labels/${encodeURIComponent(registrationNumber)}`;
}

/**
 * A label as the public sees it at `at` (default: now), with its transparency-log receipt when
 * asked for the present. NOT_FOUND for unknown numbers.
 */
export async function getPublicLabel(ctx: AppContext, registrationNumber: string, at?: Date): Promise<PublicLabel> {
  const label = await loadPublicLabel(ctx, ctx.db, registrationNumber, at ?? ctx.clock.now());
  if (at) return label;
  const receipt = await labelReceipt(ctx, label.registrationNumber);
  return receipt ? { ...label, receipt } : label;
}

/** The public record at an instant, read through `db` (a transaction, when building log leaves). */
export async function loadPublicLabel(ctx: AppContext, db: Db | Trx, registrationNumber: string, instant: Date): Promise<PublicLabel> {
  const rn = canonicalRegistrationNumber(registrationNumber);
  const row = await db
    .selectFrom('labels')
    .innerJoin('products', 'products.id', 'labels.product_id')
    .innerJoin('vendors', 'vendors.id', 'labels.vendor_id')
    .select([
      'labels.id', 'labels.registration_number', 'labels.level', 'labels.criteria_id', 'labels.product_id',
      'products.name_ja', 'products.name_en', 'products.category', 'products.description_ja', 'products.description_en',
      'products.product_url', 'products.software_versions', 'products.support_ends_on', 'products.vulnerability_contact',
      'products.disclosure_policy_url',
      'vendors.id as vendor_id', 'vendors.name_ja as vendor_name_ja', 'vendors.name_en as vendor_name_en',
      'vendors.country', 'vendors.corporate_number', 'vendors.website',
    ])
    .leftJoin('evaluation_bodies', 'evaluation_bodies.id', 'labels.evaluation_body_id')
    .select(['labels.evaluation_body_id', 'labels.evaluated_at', 'evaluation_bodies.name_ja as evaluation_body_name_ja',
      'evaluation_bodies.name_en as evaluation_body_name_en', 'evaluation_bodies.accreditation_number as evaluation_body_accreditation_number'])
    .where('labels.registration_number', '=', rn)
    .executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND', `No label ${rn}`);
  const [events, models] = await Promise.all([
    db.selectFrom('label_events').select(['type', 'at', 'reason', 'expires_at']).where('label_id', '=', row.id).orderBy('seq').execute(),
    db.selectFrom('label_model_numbers').select('model_number').where('label_id', '=', row.id).orderBy('position').execute(),
  ]);
  const history = events.map((e) => ({ type: e.type as never, at: new Date(e.at), expiresAt: e.expires_at ? new Date(e.expires_at) : null }));
  const state = labelStateAt(history, instant);
  if (!state) throw new DomainError('NOT_FOUND', `Label ${rn} was not issued yet at ${instant.toISOString()}`);
  const record = toPublicLabel(ctx, row, {
    status: state.status,
    issuedAt: state.issuedAt.toISOString(),
    expiresAt: state.expiresAt.toISOString(),
    modelNumbers: models.map((m) => m.model_number),
    history: events.filter((e) => new Date(e.at).getTime() <= instant.getTime()),
  }, instant);
  const info = await loadSecurityInformation(ctx, db, { id: row.product_id, vendorId: row.vendor_id }, { status: record.status, expiresAt: record.expiresAt }, instant);
  // The declaration in force at `instant` wins over the current column, so `?at=` is faithful.
  const support = info.supportHistory.length ? { supportEndsOn: info.supportEndsOn, isSupportEnded: info.isSupportEnded } : record.security;
  return { ...record, security: { ...info, ...support }, timeline: securityTimeline(info, record.history) };
}

/** The columns of labels, products and vendors a public label is made of. */
export interface PublicLabelRow {
  registration_number: string;
  level: number;
  criteria_id: string;
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
  vendor_id: string;
  vendor_name_ja: string;
  vendor_name_en: string;
  country: string;
  corporate_number: string | null;
  website: string | null;
  /** ★3/★4 (left-joined evaluation_bodies); absent or null for self-declared labels. */
  evaluation_body_id?: string | null;
  evaluated_at?: string | null;
  evaluation_body_name_ja?: string | null;
  evaluation_body_name_en?: string | null;
  evaluation_body_accreditation_number?: string | null;
}

/**
 * The one mapping from stored rows to the public record, shared by the single-label read and the
 * bulk JSON export. `facts` carry what is derived: status and dates at `instant`, the model
 * numbers and the history up to `instant`.
 */
export function toPublicLabel(
  ctx: AppContext,
  row: PublicLabelRow,
  facts: {
    status: LabelStatus;
    issuedAt: string;
    expiresAt: string;
    modelNumbers: string[];
    history: ReadonlyArray<{ type: string; at: string; reason: string | null; expires_at: string | null }>;
  },
  instant: Date,
): PublicLabel {
  const scheme = ctx.catalog.jcStar;
  return {
    registrationNumber: row.registration_number,
    scheme: { id: scheme.id, name: { ja: scheme.name.ja, en: scheme.name.en } },
    level: row.level,
    status: facts.status,
    statusAt: instant.toISOString(),
    issuedAt: facts.issuedAt,
    expiresAt: facts.expiresAt,
    criteria: criteriaSummary(ctx.catalog, row.criteria_id),
    evaluation: row.evaluation_body_id && row.evaluated_at
      ? {
          body: { id: row.evaluation_body_id, name: { ja: row.evaluation_body_name_ja ?? '', en: row.evaluation_body_name_en ?? '' }, accreditationNumber: row.evaluation_body_accreditation_number ?? '' },
          evaluatedAt: row.evaluated_at,
        }
      : null,
    vendor: {
      id: row.vendor_id,
      name: { ja: row.vendor_name_ja, en: row.vendor_name_en },
      country: row.country,
      corporateNumber: row.corporate_number,
      website: row.website,
    },
    product: {
      name: { ja: row.name_ja, en: row.name_en },
      category: row.category,
      description: { ja: row.description_ja, en: row.description_en },
      url: row.product_url,
      softwareVersions: JSON.parse(row.software_versions) as string[],
      modelNumbers: facts.modelNumbers,
    },
    security: {
      supportEndsOn: row.support_ends_on,
      isSupportEnded: row.support_ends_on ? row.support_ends_on < jstDate(instant) : null,
    },
    contact: { vulnerabilityReport: row.vulnerability_contact, disclosurePolicyUrl: row.disclosure_policy_url },
    history: facts.history.map((e) => ({ event: e.type, at: e.at, reason: e.reason, expiresAt: e.expires_at })),
    url: labelUrl(ctx.publicBaseUrl, row.registration_number),
  };
}
