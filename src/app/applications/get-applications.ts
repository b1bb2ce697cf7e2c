import { DomainError } from '../../domain/errors.ts';
import { isVendorRole } from '../../domain/roles.ts';
import { requirePermission, requireVendorScope, type Actor, type AppContext } from '../context.ts';
import { loadApplicationView, type ApplicationView } from './application-view.ts';

export async function getApplication(ctx: AppContext, actor: Actor, id: string): Promise<ApplicationView> {
  requirePermission(actor, 'applications:read');
  const row = await ctx.db.selectFrom('applications').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND', 'No such application');
  requireVendorScope(actor, row.vendor_id, 'application');
  return loadApplicationView(ctx, ctx.db, row);
}

export interface ApplicationSummary {
  id: string;
  applicationNumber: string;
  acceptanceNumber: string | null;
  vendorId: string;
  productId: string;
  level: number;
  route: string;
  status: string;
  createdAt: string;
  updatedAt: string;
}

/** Vendors see their own applications; reviewers see all, optionally by status (the review queue). */
export async function listApplications(
  ctx: AppContext,
  actor: Actor,
  filter: { status?: string; vendorId?: string; limit?: number } = {},
): Promise<ApplicationSummary[]> {
  requirePermission(actor, 'applications:read');
  let query = ctx.db.selectFrom('applications').selectAll().orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(Math.min(filter.limit ?? 100, 500));
  const vendorId = actor.role !== 'system' && isVendorRole(actor.role) ? actor.vendorId! : filter.vendorId;
  if (vendorId) query = query.where('vendor_id', '=', vendorId);
  if (filter.status) query = query.where('status', '=', filter.status);
  return (await query.execute()).map((r) => ({
    id: r.id,
    applicationNumber: r.application_number,
    acceptanceNumber: r.acceptance_number,
    vendorId: r.vendor_id,
    productId: r.product_id,
    level: r.level,
    route: r.route,
    status: r.status,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
}

