/**
 * The labels whose public record shows a product's (or a vendor's) security information at `now`:
 * every label of it already issued. Each gets a log leaf when that information changes.
 */
import type { Trx } from '../context.ts';

export function labelsShowing(trx: Trx, of: { productId: string } | { vendorId: string }, now: Date) {
  return trx
    .selectFrom('labels')
    .select(['id', 'registration_number'])
    .where('productId' in of ? 'product_id' : 'vendor_id', '=', 'productId' in of ? of.productId : of.vendorId)
    .where('issued_at', '<=', now.toISOString())
    .orderBy('registration_number')
    .execute();
}
