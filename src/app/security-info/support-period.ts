/**
 * The support period as dated declarations: a vendor may extend it, never shorten it (a buyer
 * relied on the earlier promise). Every declaration is kept and shown on the product page;
 * products.support_ends_on caches the latest for queries.
 */
import { DomainError, validationError } from '../../domain/errors.ts';
import { isValidIsoDate } from '../../domain/time.ts';
import { recordAudit } from '../audit.ts';
import { requirePermission, requireVendorScope, type Actor, type AppContext, type Trx } from '../context.ts';
import { labelUrl } from '../labels/public-label.ts';
import { logLabelEvent } from '../transparency/log-leaf.ts';
import { inTransaction } from '../transaction.ts';
import { labelsShowing } from './affected-labels.ts';
import { recordNotificationEvent } from './notification-events.ts';

const NOTE_MAX = 1000;

export interface SupportDeclaration {
  endsOn: string;
  declaredAt: string;
  note: string | null;
}

/**
 * Records a declaration inside `trx` when it changes the end date. Refuses an earlier date, and
 * refuses taking a declared date away. Returns whether anything changed.
 */
export async function declareSupportEnd(
  ctx: AppContext,
  trx: Trx,
  actor: Actor,
  productId: string,
  endsOn: string | null,
  now: Date,
  note: string | null = null,
): Promise<boolean> {
  const product = await trx.selectFrom('products').select(['vendor_id', 'support_ends_on', 'name_ja', 'name_en']).where('id', '=', productId).executeTakeFirstOrThrow();
  const current = product.support_ends_on;
  if (endsOn === current) return false;
  if (current !== null && (endsOn === null || endsOn < current)) {
    throw new DomainError('SUPPORT_PERIOD_SHORTENED', `The support period ends on ${current}; it may be extended, not shortened or removed`, [
      { pointer: '/supportEndsOn', detail: `must be on or after ${current}` },
    ], { currentEndsOn: current });
  }
  await trx
    .insertInto('support_declarations')
    .values({ id: ctx.newId(), product_id: productId, ends_on: endsOn!, declared_at: now.toISOString(), declared_by: actor.userId, note })
    .execute();
  await trx.updateTable('products').set({ support_ends_on: endsOn, updated_at: now.toISOString() }).where('id', '=', productId).execute();
  const labels = await labelsShowing(trx, { productId }, now);
  for (const label of labels) await logLabelEvent(ctx, trx, label.id, 'label.support_period_changed', now);
  if (current !== null) {
    await recordNotificationEvent(ctx, trx, {
      type: 'support.extended',
      at: now,
      vendorId: product.vendor_id,
      productId,
      labelId: labels[0]?.id ?? null,
      data: {
        product: { id: productId, name: { ja: product.name_ja, en: product.name_en } },
        supportEndsOn: endsOn,
        previousSupportEndsOn: current,
        note,
        labels: labels.map((l) => ({ registrationNumber: l.registration_number, url: labelUrl(ctx.publicBaseUrl, l.registration_number) })),
      },
    });
  }
  return true;
}

/** The use case behind POST /products/{id}/support-period. */
export async function extendSupportPeriod(
  ctx: AppContext,
  actor: Actor,
  productId: string,
  input: { endsOn: string; note?: string | null },
): Promise<{ supportEndsOn: string; declarations: SupportDeclaration[] }> {
  requirePermission(actor, 'products:write');
  const note = input.note?.trim() || null;
  if (!isValidIsoDate(input.endsOn)) throw validationError([{ pointer: '/endsOn', detail: 'must be a date (YYYY-MM-DD)' }]);
  if (note && note.length > NOTE_MAX) throw validationError([{ pointer: '/note', detail: `at most ${NOTE_MAX} characters` }]);
  return inTransaction(ctx, async (trx) => {
    const product = await trx.selectFrom('products').select(['vendor_id', 'support_ends_on']).where('id', '=', productId).executeTakeFirst();
    if (!product) throw new DomainError('NOT_FOUND', 'No such product');
    requireVendorScope(actor, product.vendor_id, 'product');
    const now = ctx.clock.now();
    if (await declareSupportEnd(ctx, trx, actor, productId, input.endsOn, now, note)) {
      await recordAudit(trx, ctx, actor, now, {
        action: 'product.support_period_declared',
        entityType: 'product',
        entityId: productId,
        before: { supportEndsOn: product.support_ends_on },
        after: { supportEndsOn: input.endsOn, note },
      });
    }
    return { supportEndsOn: input.endsOn, declarations: await supportDeclarations(trx, productId) };
  });
}

/** Every declaration of a product, newest first. */
export async function supportDeclarations(db: Pick<Trx, 'selectFrom'>, productId: string): Promise<SupportDeclaration[]> {
  const rows = await db
    .selectFrom('support_declarations')
    .select(['ends_on', 'declared_at', 'note'])
    .where('product_id', '=', productId)
    .orderBy('declared_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map((r) => ({ endsOn: r.ends_on, declaredAt: r.declared_at, note: r.note }));
}
