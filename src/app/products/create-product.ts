import { DomainError, validationError, type FieldError } from '../../domain/errors.ts';
import { recordAudit } from '../audit.ts';
import { requirePermission, type Actor, type AppContext } from '../context.ts';
import { inTransaction } from '../transaction.ts';
import { checkProductFields, type ProductFields } from './product-fields.ts';
import { replaceProductModelNumbers } from './model-numbers.repository.ts';
import { toProductView, type ProductView } from './product-view.ts';

/** Adds a product (with its model numbers) to the acting vendor's catalogue. */
export async function createProduct(
  ctx: AppContext,
  actor: Actor,
  input: ProductFields & { vendorId?: string },
): Promise<ProductView> {
  requirePermission(actor, 'products:write');
  const vendorId = actor.role === 'system' ? input.vendorId : actor.vendorId;
  if (!vendorId) throw new DomainError('VENDOR_REQUIRED', 'Products belong to a vendor');
  const errors: FieldError[] = [];
  checkProductFields(ctx.catalog, input, errors);
  if (errors.length) throw validationError(errors);

  const now = ctx.clock.now().toISOString();
  const row = {
    id: ctx.newId(),
    vendor_id: vendorId,
    name_ja: input.nameJa.trim(),
    name_en: input.nameEn.trim(),
    category: input.category,
    description_ja: input.descriptionJa ?? null,
    description_en: input.descriptionEn ?? null,
    product_url: input.productUrl ?? null,
    software_versions: JSON.stringify(input.softwareVersions ?? []),
    support_ends_on: input.supportEndsOn ?? null,
    vulnerability_contact: input.vulnerabilityContact ?? null,
    disclosure_policy_url: input.disclosurePolicyUrl ?? null,
    created_at: now,
    updated_at: now,
  };
  const modelNumbers = input.modelNumbers.map((m) => m.normalize('NFC'));
  await inTransaction(ctx, async (trx) => {
    await trx.insertInto('products').values(row).execute();
    await replaceProductModelNumbers(trx, vendorId, row.id, modelNumbers);
    if (row.support_ends_on) {
      await trx.insertInto('support_declarations')
        .values({ id: ctx.newId(), product_id: row.id, ends_on: row.support_ends_on, declared_at: now, declared_by: actor.userId, note: null })
        .execute();
    }
    await recordAudit(trx, ctx, actor, new Date(now), {
      action: 'product.created',
      entityType: 'product',
      entityId: row.id,
      after: { ...row, modelNumbers },
    });
  });
  return toProductView(row, modelNumbers);
}
