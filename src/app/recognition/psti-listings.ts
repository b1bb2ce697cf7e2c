/**
 * ★1 → UK PSTI: the vendor asks for an issued ★1 label to appear on IPA's PSTI-declared products
 * list, with English product information; a reviewer approves or rejects. The public list shows
 * approved listings with the label's status derived now (an expired or revoked label stays
 * listed, visibly no longer current: UK importers check validity at the time of supply).
 */
import { DomainError, validationError, type FieldError } from '../../domain/errors.ts';
import { deriveStatus, labelStateAt, type LabelStatus } from '../../domain/label-status.ts';
import { ruleInForce } from '../../domain/recognition.ts';
import { canonicalRegistrationNumber } from '../../domain/registration-number.ts';
import { jstDate } from '../../domain/time.ts';
import type { LabelRow, PstiListingRow } from '../../store/schema.ts';
import { recordAudit } from '../audit.ts';
import { requirePermission, requireVendorScope, type Actor, type AppContext, type Trx } from '../context.ts';
import { loadLabelHistory } from '../labels/label-history.ts';
import { labelUrl } from '../labels/public-label.ts';
import { bumpPublicVersion } from '../public-version.ts';
import { inTransaction } from '../transaction.ts';

export const PSTI_LISTING_STATUSES = ['requested', 'approved', 'rejected'] as const;
export type PstiListingStatus = (typeof PSTI_LISTING_STATUSES)[number];

const TEXT_MAX = { productNameEn: 200, descriptionEn: 4000, reason: 2000 } as const;

export interface PstiListingView {
  id: string;
  registrationNumber: string;
  status: PstiListingStatus;
  productNameEn: string;
  descriptionEn: string;
  requestedAt: string;
  decidedAt: string | null;
  /** The reviewer's reason, when rejected. */
  reason: string | null;
}

function toView(row: PstiListingRow, registrationNumber: string): PstiListingView {
  return {
    id: row.id,
    registrationNumber,
    status: row.status as PstiListingStatus,
    productNameEn: row.product_name_en,
    descriptionEn: row.description_en,
    requestedAt: row.requested_at,
    decidedAt: row.decided_at,
    reason: row.reason,
  };
}

/** Locks and loads the label (the no-op update takes the row lock on PostgreSQL), in the actor's scope. */
async function lockLabel(trx: Trx, actor: Actor, registrationNumber: string): Promise<LabelRow> {
  const rn = canonicalRegistrationNumber(registrationNumber);
  await trx.updateTable('labels').set((eb) => ({ version: eb('version', '+', 0) })).where('registration_number', '=', rn).execute();
  const label = await trx.selectFrom('labels').selectAll().where('registration_number', '=', rn).executeTakeFirst();
  if (!label) throw new DomainError('NOT_FOUND', 'No such label');
  requireVendorScope(actor, label.vendor_id, 'label');
  return label;
}

async function latestListing(trx: Trx, labelId: string): Promise<PstiListingRow | undefined> {
  return trx.selectFrom('psti_listings').selectAll().where('label_id', '=', labelId).orderBy('requested_at', 'desc').orderBy('id', 'desc').executeTakeFirst();
}

export interface RequestPstiListingInput {
  /** The product name as it should appear on the English list. */
  productNameEn: string;
  /** A short English description of the product. */
  descriptionEn: string;
}

/**
 * Files a listing request for a valid ★1 label of the actor's vendor. The product must carry a
 * vulnerability contact, a disclosure policy URL and a support period end (VALIDATION_FAILED names
 * each missing one). One request may be pending or approved per label (PSTI_LISTING_STATE_CONFLICT).
 */
export async function requestPstiListing(ctx: AppContext, actor: Actor, registrationNumber: string, input: RequestPstiListingInput): Promise<PstiListingView> {
  requirePermission(actor, 'applications:write');
  const fields: FieldError[] = [];
  for (const key of ['productNameEn', 'descriptionEn'] as const) {
    const value = input[key]?.trim() ?? '';
    if (!value) fields.push({ pointer: `/${key}`, detail: 'required (in English)' });
    else if (value.length > TEXT_MAX[key]) fields.push({ pointer: `/${key}`, detail: `at most ${TEXT_MAX[key]} characters` });
  }
  return inTransaction(ctx, async (trx) => {
    const now = ctx.clock.now();
    const label = await lockLabel(trx, actor, registrationNumber);
    if (label.level !== 1) throw validationError([{ pointer: '/registrationNumber', detail: 'only ★1 labels can be listed for UK PSTI' }]);
    if (!ruleInForce(ctx.catalog.recognitions.values(), 'jc-star', 'uk-psti', jstDate(now))) {
      throw new DomainError('ROUTE_NOT_AVAILABLE', `No JC-STAR → UK PSTI recognition rule is in force on ${jstDate(now)}`);
    }
    const state = labelStateAt(await loadLabelHistory(trx, label.id), now);
    if (state?.status !== 'valid') {
      throw new DomainError('LABEL_STATE_CONFLICT', `Only a valid label can be listed; this one is ${state?.status ?? 'not issued'}`, [], { currentStatus: state?.status ?? null });
    }
    const product = await trx.selectFrom('products').selectAll().where('id', '=', label.product_id).executeTakeFirstOrThrow();
    if (!product.vulnerability_contact?.trim()) fields.push({ pointer: '/product/vulnerabilityContact', detail: 'the product needs a vulnerability-report contact (in English)' });
    if (!product.disclosure_policy_url?.trim()) fields.push({ pointer: '/product/disclosurePolicyUrl', detail: 'the product needs a vulnerability disclosure policy URL (in English)' });
    if (!product.support_ends_on) fields.push({ pointer: '/product/supportEndsOn', detail: 'the product needs a support period end date' });
    if (fields.length) throw validationError(fields);
    const open = await latestListing(trx, label.id);
    if (open && open.status !== 'rejected') {
      throw new DomainError('PSTI_LISTING_STATE_CONFLICT', `A listing request for this label is already ${open.status}`, [], { currentStatus: open.status });
    }
    const row: PstiListingRow = {
      id: ctx.newId(),
      label_id: label.id,
      vendor_id: label.vendor_id,
      status: 'requested',
      product_name_en: input.productNameEn.trim(),
      description_en: input.descriptionEn.trim(),
      requested_at: now.toISOString(),
      requested_by: actor.userId,
      decided_at: null,
      decided_by: null,
      reason: null,
    };
    await trx.insertInto('psti_listings').values(row).execute();
    await recordAudit(trx, ctx, actor, now, { action: 'psti_listing.requested', entityType: 'psti_listing', entityId: row.id, after: { ...row, registrationNumber: label.registration_number } });
    return toView(row, label.registration_number);
  });
}

async function decide(
  ctx: AppContext,
  actor: Actor,
  registrationNumber: string,
  decision: { status: 'approved' | 'rejected'; reason: string | null },
): Promise<PstiListingView> {
  requirePermission(actor, 'applications:review');
  return inTransaction(ctx, async (trx) => {
    const now = ctx.clock.now();
    const label = await lockLabel(trx, actor, registrationNumber);
    const before = await latestListing(trx, label.id);
    if (!before) throw new DomainError('NOT_FOUND', 'No listing request for this label');
    if (before.status !== 'requested') {
      throw new DomainError('PSTI_LISTING_STATE_CONFLICT', `The listing request is ${before.status}, not pending`, [], { currentStatus: before.status });
    }
    const after: PstiListingRow = { ...before, status: decision.status, decided_at: now.toISOString(), decided_by: actor.userId, reason: decision.reason };
    await trx
      .updateTable('psti_listings')
      .set({ status: after.status, decided_at: after.decided_at, decided_by: after.decided_by, reason: after.reason })
      .where('id', '=', before.id)
      .execute();
    await recordAudit(trx, ctx, actor, now, { action: `psti_listing.${decision.status}`, entityType: 'psti_listing', entityId: before.id, before, after });
    if (decision.status === 'approved') await bumpPublicVersion(ctx, trx);
    return toView(after, label.registration_number);
  });
}

/** Approves the pending listing request: the product appears on the public PSTI-declared list. */
export function approvePstiListing(ctx: AppContext, actor: Actor, registrationNumber: string): Promise<PstiListingView> {
  return decide(ctx, actor, registrationNumber, { status: 'approved', reason: null });
}

/** Rejects the pending listing request with a reason the vendor sees; the vendor may file again. */
export function rejectPstiListing(ctx: AppContext, actor: Actor, registrationNumber: string, reason: string): Promise<PstiListingView> {
  const text = reason?.trim() ?? '';
  if (!text) throw validationError([{ pointer: '/reason', detail: 'required' }]);
  if (text.length > TEXT_MAX.reason) throw validationError([{ pointer: '/reason', detail: `at most ${TEXT_MAX.reason} characters` }]);
  return decide(ctx, actor, registrationNumber, { status: 'rejected', reason: text });
}

/** The latest listing request of a label (its vendor and reviewers), or NOT_FOUND. */
export async function getPstiListing(ctx: AppContext, actor: Actor, registrationNumber: string): Promise<PstiListingView> {
  requirePermission(actor, 'applications:read');
  const rn = canonicalRegistrationNumber(registrationNumber);
  const label = await ctx.db.selectFrom('labels').select(['id', 'vendor_id', 'registration_number']).where('registration_number', '=', rn).executeTakeFirst();
  if (!label) throw new DomainError('NOT_FOUND', 'No such label');
  requireVendorScope(actor, label.vendor_id, 'label');
  const row = await ctx.db.selectFrom('psti_listings').selectAll().where('label_id', '=', label.id).orderBy('requested_at', 'desc').orderBy('id', 'desc').executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND', 'No listing request for this label');
  return toView(row, label.registration_number);
}

export interface PublicPstiListing {
  registrationNumber: string;
  productNameEn: string;
  vendorNameEn: string;
  /** The label's status now, derived from its history. */
  labelStatus: LabelStatus;
  labelExpiresAt: string;
  /** When the listing was approved. */
  listedAt: string;
  /** The label's public page. */
  url: string;
}

/**
 * The public PSTI-declared products list: approved listings, newest first, each with its label's
 * current status (from the labels row's cached base status and expiry, as the public list does).
 */
export async function listPstiListings(ctx: AppContext): Promise<PublicPstiListing[]> {
  const rows = await ctx.db
    .selectFrom('psti_listings')
    .innerJoin('labels', 'labels.id', 'psti_listings.label_id')
    .innerJoin('vendors', 'vendors.id', 'psti_listings.vendor_id')
    .select(['psti_listings.product_name_en', 'psti_listings.decided_at', 'labels.registration_number', 'labels.base_status', 'labels.expires_at', 'vendors.name_en'])
    .where('psti_listings.status', '=', 'approved')
    .orderBy('psti_listings.decided_at', 'desc')
    .orderBy('psti_listings.id', 'desc')
    .execute();
  const now = ctx.clock.now();
  return rows.map((r) => ({
    registrationNumber: r.registration_number,
    productNameEn: r.product_name_en,
    vendorNameEn: r.name_en,
    labelStatus: deriveStatus(r.base_status as 'valid', new Date(r.expires_at), now),
    labelExpiresAt: r.expires_at,
    listedAt: r.decided_at!,
    url: labelUrl(ctx.publicBaseUrl, r.registration_number),
  }));
}
