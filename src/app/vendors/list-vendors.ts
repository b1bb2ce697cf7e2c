import { DomainError } from '../../domain/errors.ts';
import { isVendorRole } from '../../domain/roles.ts';
import { requirePermission, requireVendorScope, type Actor, type AppContext } from '../context.ts';
import { toVendorView, type VendorView } from './vendor-view.ts';

/** Operators see every vendor; a vendor user sees only its own organisation. */
export async function listVendors(ctx: AppContext, actor: Actor): Promise<VendorView[]> {
  requirePermission(actor, 'vendors:read');
  let query = ctx.db.selectFrom('vendors').selectAll().orderBy('name_en').orderBy('id');
  if (actor.role !== 'system' && isVendorRole(actor.role)) query = query.where('id', '=', actor.vendorId ?? '');
  return (await query.execute()).map(toVendorView);
}

export async function getVendor(ctx: AppContext, actor: Actor, id: string): Promise<VendorView> {
  requirePermission(actor, 'vendors:read');
  requireVendorScope(actor, id, 'vendor');
  const row = await ctx.db.selectFrom('vendors').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND', 'No such vendor');
  return toVendorView(row);
}
