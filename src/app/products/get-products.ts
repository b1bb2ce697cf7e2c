import { DomainError } from '../../domain/errors.ts';
import { isVendorRole } from '../../domain/roles.ts';
import { requirePermission, requireVendorScope, type Actor, type AppContext } from '../context.ts';
import { productModelNumbers } from './model-numbers.repository.ts';
import { toProductView, type ProductView } from './product-view.ts';

export async function getProduct(ctx: AppContext, actor: Actor, productId: string): Promise<ProductView> {
  requirePermission(actor, 'products:read');
  const row = await ctx.db.selectFrom('products').selectAll().where('id', '=', productId).executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND', 'No such product');
  requireVendorScope(actor, row.vendor_id, 'product');
  return toProductView(row, await productModelNumbers(ctx.db, row.id));
}

/** A vendor's products (own vendor for vendor users; any vendor, or all, for operators). */
export async function listProducts(ctx: AppContext, actor: Actor, filter: { vendorId?: string } = {}): Promise<ProductView[]> {
  requirePermission(actor, 'products:read');
  const vendorId = actor.role !== 'system' && isVendorRole(actor.role) ? actor.vendorId! : filter.vendorId;
  let query = ctx.db.selectFrom('products').selectAll().orderBy('created_at').orderBy('id').limit(1000);
  if (vendorId) query = query.where('vendor_id', '=', vendorId);
  const rows = await query.execute();
  // All model numbers in one query, not one per product.
  const models = rows.length
    ? await ctx.db.selectFrom('product_model_numbers').select(['product_id', 'model_number']).where('product_id', 'in', rows.map((r) => r.id)).orderBy('product_id').orderBy('position').execute()
    : [];
  const byProduct = new Map<string, string[]>();
  for (const m of models) byProduct.set(m.product_id, [...(byProduct.get(m.product_id) ?? []), m.model_number]);
  return rows.map((row) => toProductView(row, byProduct.get(row.id) ?? []));
}
