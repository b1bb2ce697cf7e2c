/**
 * A vendor's labels as the vendor manages them: status and expiry now, the renewal window (our
 * policy, catalog/schemes/jc-star.json) and the renewal application already open, if any, so the
 * portal offers "renew" exactly when createApplication would accept a renewal.
 */
import { deriveStatus, type LabelStatus } from '../../domain/label-status.ts';
import { DomainError } from '../../domain/errors.ts';
import { isVendorRole } from '../../domain/roles.ts';
import { canonicalRegistrationNumber } from '../../domain/registration-number.ts';
import { isRenewalOpen, renewalWindow } from '../../domain/renewal.ts';
import { requirePermission, requireVendorScope, type Actor, type AppContext } from '../context.ts';

export interface VendorLabel {
  registrationNumber: string;
  productId: string;
  productName: { ja: string; en: string };
  level: number;
  status: LabelStatus;
  issuedAt: string;
  expiresAt: string;
  renewal: {
    opensAt: string;
    closesAt: string;
    /** A renewal may be opened now: the label is valid, inside the window, none in progress. */
    canOpen: boolean;
    /** The renewal application in progress (not issued, rejected or withdrawn). */
    inProgress: { id: string; applicationNumber: string; status: string } | null;
  };
}

const CLOSED = ['issued', 'rejected', 'withdrawn'];

/** The labels of the acting vendor (operators name the vendor), soonest expiry first. */
export async function listVendorLabels(ctx: AppContext, actor: Actor, options: { vendorId?: string; registrationNumber?: string } = {}): Promise<VendorLabel[]> {
  requirePermission(actor, 'applications:read');
  const vendorId = actor.role !== 'system' && isVendorRole(actor.role) ? actor.vendorId : options.vendorId;
  if (!vendorId) throw new DomainError('VENDOR_REQUIRED', 'Name the vendor whose labels to list');
  let query = ctx.db
    .selectFrom('labels')
    .innerJoin('products', 'products.id', 'labels.product_id')
    .select(['labels.id', 'labels.registration_number', 'labels.product_id', 'labels.level', 'labels.base_status', 'labels.issued_at', 'labels.expires_at', 'products.name_ja', 'products.name_en'])
    .where('labels.vendor_id', '=', vendorId)
    .orderBy('labels.expires_at')
    .orderBy('labels.id');
  if (options.registrationNumber) query = query.where('labels.registration_number', '=', canonicalRegistrationNumber(options.registrationNumber));
  const rows = await query.execute();
  const open = rows.length
    ? await ctx.db
        .selectFrom('applications')
        .select(['id', 'application_number', 'status', 'renews_label_id'])
        .where('vendor_id', '=', vendorId)
        .where('route', '=', 'renewal')
        .where('status', 'not in', CLOSED)
        .execute()
    : [];
  const now = ctx.clock.now();
  const windowDays = ctx.catalog.jcStar.renewal?.windowDays ?? 90;
  return rows.map((r) => {
    const expiresAt = new Date(r.expires_at);
    const status = deriveStatus(r.base_status as 'valid', expiresAt, now);
    const policy = { windowDays, validityMonths: ctx.catalog.level(r.level)?.validityMonths ?? 24 };
    const { opensAt, closesAt } = renewalWindow(expiresAt, policy);
    const progress = open.find((a) => a.renews_label_id === r.id);
    return {
      registrationNumber: r.registration_number,
      productId: r.product_id,
      productName: { ja: r.name_ja, en: r.name_en },
      level: r.level,
      status,
      issuedAt: r.issued_at,
      expiresAt: r.expires_at,
      renewal: {
        opensAt: opensAt.toISOString(),
        closesAt: closesAt.toISOString(),
        canOpen: status === 'valid' && isRenewalOpen(expiresAt, now, policy) && !progress,
        inProgress: progress ? { id: progress.id, applicationNumber: progress.application_number, status: progress.status } : null,
      },
    };
  });
}

/** One label of the acting vendor; another vendor's label is NOT_FOUND. */
export async function getVendorLabel(ctx: AppContext, actor: Actor, registrationNumber: string): Promise<VendorLabel> {
  requirePermission(actor, 'applications:read');
  const label = await ctx.db.selectFrom('labels').select('vendor_id').where('registration_number', '=', canonicalRegistrationNumber(registrationNumber)).executeTakeFirst();
  if (!label) throw new DomainError('NOT_FOUND', 'No such label');
  requireVendorScope(actor, label.vendor_id, 'label');
  const [found] = await listVendorLabels(ctx, actor, { vendorId: label.vendor_id, registrationNumber });
  return found!;
}
