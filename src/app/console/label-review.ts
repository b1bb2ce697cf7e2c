/**
 * One label as the operator sees it: its status now, history with who acted and the public reason,
 * model numbers, the applications behind it (first issue and renewals), its latest UK PSTI listing
 * request, and the status actions the domain allows from its current status. Also the pending
 * PSTI listing requests across the registry, which wait for a reviewer like applications do.
 */
import { canApplyLabelAction, labelStateAt, LABEL_EVENT_TYPES, type LabelEventType, type LabelStatus } from '../../domain/label-status.ts';
import { DomainError } from '../../domain/errors.ts';
import { canonicalRegistrationNumber } from '../../domain/registration-number.ts';
import { requirePermission, type Actor, type AppContext } from '../context.ts';
import { loadLabelHistory } from '../labels/label-history.ts';
import { getPstiListing, type PstiListingView } from '../recognition/psti-listings.ts';

/** The status actions an operator takes from the console (withdrawal is the vendor's request). */
export const OPERATOR_LABEL_ACTIONS = ['suspend', 'reinstate', 'revoke'] as const;
export type OperatorLabelAction = (typeof OPERATOR_LABEL_ACTIONS)[number];

export interface LabelReview {
  id: string;
  registrationNumber: string;
  level: number;
  status: LabelStatus;
  issuedAt: string;
  expiresAt: string;
  vendor: { id: string; name: { ja: string; en: string } };
  product: { id: string; name: { ja: string; en: string } };
  modelNumbers: string[];
  history: Array<{ type: LabelEventType; at: string; actor: string | null; reason: string | null; expiresAt: string | null; applicationId: string | null }>;
  applications: Array<{ id: string; applicationNumber: string; route: string; status: string; createdAt: string }>;
  pstiListing: PstiListingView | null;
  actions: OperatorLabelAction[];
  /** Ids of the label's PSTI listing requests (their audit events belong to the label's trail). */
  pstiListingIds: string[];
}

export async function loadLabelReview(ctx: AppContext, actor: Actor, registrationNumber: string): Promise<LabelReview> {
  requirePermission(actor, 'labels:manage');
  const rn = canonicalRegistrationNumber(registrationNumber);
  const label = await ctx.db
    .selectFrom('labels')
    .innerJoin('vendors', 'vendors.id', 'labels.vendor_id')
    .innerJoin('products', 'products.id', 'labels.product_id')
    .select([
      'labels.id', 'labels.registration_number', 'labels.level', 'labels.application_id',
      'vendors.id as vendor_id', 'vendors.name_ja as vendor_ja', 'vendors.name_en as vendor_en',
      'products.id as product_id', 'products.name_ja as product_ja', 'products.name_en as product_en',
    ])
    .where('labels.registration_number', '=', rn)
    .executeTakeFirst();
  if (!label) throw new DomainError('NOT_FOUND', 'No such label');

  const [history, events, models, applications, listings] = await Promise.all([
    loadLabelHistory(ctx.db, label.id),
    ctx.db
      .selectFrom('label_events')
      .leftJoin('users', 'users.id', 'label_events.actor_id')
      .select(['label_events.type', 'label_events.at', 'label_events.reason', 'label_events.expires_at', 'label_events.application_id', 'users.display_name'])
      .where('label_events.label_id', '=', label.id)
      .orderBy('label_events.seq', 'desc')
      .execute(),
    ctx.db.selectFrom('label_model_numbers').select('model_number').where('label_id', '=', label.id).orderBy('position').execute(),
    ctx.db
      .selectFrom('applications')
      .select(['id', 'application_number', 'route', 'status', 'created_at'])
      .where((eb) => eb.or([eb('label_id', '=', label.id), eb('renews_label_id', '=', label.id), eb('id', '=', label.application_id)]))
      .orderBy('created_at', 'desc')
      .execute(),
    ctx.db.selectFrom('psti_listings').select('id').where('label_id', '=', label.id).execute(),
  ]);
  const state = labelStateAt(history, ctx.clock.now())!;
  const pstiListing = listings.length ? await getPstiListing(ctx, actor, rn) : null;
  return {
    id: label.id,
    registrationNumber: label.registration_number,
    level: Number(label.level),
    status: state.status,
    issuedAt: state.issuedAt.toISOString(),
    expiresAt: state.expiresAt.toISOString(),
    vendor: { id: label.vendor_id, name: { ja: label.vendor_ja, en: label.vendor_en } },
    product: { id: label.product_id, name: { ja: label.product_ja, en: label.product_en } },
    modelNumbers: models.map((m) => m.model_number),
    history: events
      .filter((e) => (LABEL_EVENT_TYPES as readonly string[]).includes(e.type))
      .map((e) => ({ type: e.type as LabelEventType, at: e.at, actor: e.display_name ?? null, reason: e.reason, expiresAt: e.expires_at, applicationId: e.application_id })),
    applications: applications.map((a) => ({ id: a.id, applicationNumber: a.application_number, route: a.route, status: a.status, createdAt: a.created_at })),
    pstiListing,
    actions: OPERATOR_LABEL_ACTIONS.filter((a) => canApplyLabelAction(a, state.status)),
    pstiListingIds: listings.map((l) => l.id),
  };
}

export interface PendingPstiListing {
  registrationNumber: string;
  productNameEn: string;
  vendorName: { ja: string; en: string };
  requestedAt: string;
}

/** Listing requests waiting for a decision, oldest first. */
export async function listPendingPstiListings(ctx: AppContext, actor: Actor): Promise<PendingPstiListing[]> {
  requirePermission(actor, 'applications:review');
  const rows = await ctx.db
    .selectFrom('psti_listings')
    .innerJoin('labels', 'labels.id', 'psti_listings.label_id')
    .innerJoin('vendors', 'vendors.id', 'psti_listings.vendor_id')
    .select(['labels.registration_number', 'psti_listings.product_name_en', 'psti_listings.requested_at', 'vendors.name_ja', 'vendors.name_en'])
    .where('psti_listings.status', '=', 'requested')
    .orderBy('psti_listings.requested_at')
    .orderBy('psti_listings.id')
    .limit(200)
    .execute();
  return rows.map((r) => ({ registrationNumber: r.registration_number, productNameEn: r.product_name_en, vendorName: { ja: r.name_ja, en: r.name_en }, requestedAt: r.requested_at }));
}
