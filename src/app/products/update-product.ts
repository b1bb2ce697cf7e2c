import { DomainError, validationError, type FieldError } from '../../domain/errors.ts';
import { recordAudit } from '../audit.ts';
import { requirePermission, requireVendorScope, type Actor, type AppContext } from '../context.ts';
import { refreshLabelSearch } from '../labels/label-search.ts';
import { bumpPublicVersion } from '../public-version.ts';
import { declareSupportEnd } from '../security-info/support-period.ts';
import { inTransaction } from '../transaction.ts';
import { checkProductFields, type ProductFields } from './product-fields.ts';
import { productModelNumbers, replaceProductModelNumbers } from './model-numbers.repository.ts';
import { toProductView, type ProductView } from './product-view.ts';

/** Changes the given fields of a product; omitted fields stay as they are. */
export async function updateProduct(
  ctx: AppContext,
  actor: Actor,
  productId: string,
  patch: Partial<ProductFields>,
): Promise<ProductView> {
  requirePermission(actor, 'products:write');
  const errors: FieldError[] = [];
  checkProductFields(ctx.catalog, patch, errors);
  if (errors.length) throw validationError(errors);

  return inTransaction(ctx, async (trx) => {
    const before = await trx.selectFrom('products').selectAll().where('id', '=', productId).executeTakeFirst();
    if (!before) throw new DomainError('NOT_FOUND', 'No such product');
    requireVendorScope(actor, before.vendor_id, 'product');
    const now = ctx.clock.now();
    const set = {
      ...(patch.nameJa !== undefined && { name_ja: patch.nameJa.trim() }),
      ...(patch.nameEn !== undefined && { name_en: patch.nameEn.trim() }),
      ...(patch.category !== undefined && { category: patch.category }),
      ...(patch.descriptionJa !== undefined && { description_ja: patch.descriptionJa }),
      ...(patch.descriptionEn !== undefined && { description_en: patch.descriptionEn }),
      ...(patch.productUrl !== undefined && { product_url: patch.productUrl }),
      ...(patch.softwareVersions !== undefined && { software_versions: JSON.stringify(patch.softwareVersions) }),
      ...(patch.vulnerabilityContact !== undefined && { vulnerability_contact: patch.vulnerabilityContact }),
      ...(patch.disclosurePolicyUrl !== undefined && { disclosure_policy_url: patch.disclosurePolicyUrl }),
      updated_at: now.toISOString(),
    };
    await trx.updateTable('products').set(set).where('id', '=', productId).execute();
    const beforeModels = await productModelNumbers(trx, productId);
    if (patch.modelNumbers !== undefined) {
      await replaceProductModelNumbers(trx, before.vendor_id, productId, patch.modelNumbers.map((m) => m.normalize('NFC')));
    }
    const afterModels = patch.modelNumbers !== undefined ? await productModelNumbers(trx, productId) : beforeModels;
    const labels = await trx.selectFrom('labels').select('id').where('product_id', '=', productId).execute();
    if (labels.length) await bumpPublicVersion(ctx, trx);
    if (patch.category !== undefined) await trx.updateTable('labels').set({ category: patch.category }).where('product_id', '=', productId).execute();
    if (patch.nameJa !== undefined || patch.nameEn !== undefined) await refreshLabelSearch(trx, labels.map((l) => l.id));
    // Extend-only, kept as a dated declaration; logs and announces the change for each label.
    if (patch.supportEndsOn !== undefined) await declareSupportEnd(ctx, trx, actor, productId, patch.supportEndsOn, now);
    const after = await trx.selectFrom('products').selectAll().where('id', '=', productId).executeTakeFirstOrThrow();
    await recordAudit(trx, ctx, actor, now, {
      action: 'product.updated',
      entityType: 'product',
      entityId: productId,
      before: { ...before, modelNumbers: beforeModels },
      after: { ...after, modelNumbers: afterModels },
    });
    return toProductView(after, afterModels);
  });
}
