/**
 * Software update releases a vendor announces for a product. Each one changes the public record
 * of the product's labels, so it is logged for each label like any other public fact.
 */
import { DomainError, validationError, type FieldError } from '../../domain/errors.ts';
import { isValidIsoDate, jstDate } from '../../domain/time.ts';
import { recordAudit } from '../audit.ts';
import { requirePermission, requireVendorScope, type Actor, type AppContext } from '../context.ts';
import { logLabelEvent } from '../transparency/log-leaf.ts';
import { inTransaction } from '../transaction.ts';
import { labelsShowing } from './affected-labels.ts';

export interface UpdateReleaseInput {
  version: string;
  releasedOn: string;
  notesJa?: string | null;
  notesEn?: string | null;
  url?: string | null;
}

const NOTES_MAX = 4000;

export async function announceUpdate(ctx: AppContext, actor: Actor, productId: string, input: UpdateReleaseInput): Promise<{ id: string }> {
  requirePermission(actor, 'products:write');
  const errors: FieldError[] = [];
  const version = input.version?.trim() ?? '';
  if (!version || version.length > 100) errors.push({ pointer: '/version', detail: 'a version of 1 to 100 characters is required' });
  if (!isValidIsoDate(input.releasedOn)) errors.push({ pointer: '/releasedOn', detail: 'must be a date (YYYY-MM-DD)' });
  for (const [key, value] of [['notesJa', input.notesJa], ['notesEn', input.notesEn]] as const) {
    if (value && value.length > NOTES_MAX) errors.push({ pointer: `/${key}`, detail: `at most ${NOTES_MAX} characters` });
  }
  if (input.url && !/^https:\/\/[^\s]+$/.test(input.url)) errors.push({ pointer: '/url', detail: 'must be an https URL' });
  if (errors.length) throw validationError(errors);
  return inTransaction(ctx, async (trx) => {
    const product = await trx.selectFrom('products').select('vendor_id').where('id', '=', productId).executeTakeFirst();
    if (!product) throw new DomainError('NOT_FOUND', 'No such product');
    requireVendorScope(actor, product.vendor_id, 'product');
    const now = ctx.clock.now();
    if (input.releasedOn > jstDate(now)) {
      // An update is announced when it is out; a future date would be a promise, not a release.
      throw validationError([{ pointer: '/releasedOn', detail: 'must not be in the future' }]);
    }
    const row = {
      id: ctx.newId(),
      product_id: productId,
      version,
      released_on: input.releasedOn,
      notes_ja: input.notesJa?.trim() || null,
      notes_en: input.notesEn?.trim() || null,
      url: input.url ?? null,
      created_at: now.toISOString(),
      created_by: actor.userId,
    };
    await trx.insertInto('product_updates').values(row).execute();
    const labels = await labelsShowing(trx, { productId }, now);
    for (const label of labels) await logLabelEvent(ctx, trx, label.id, 'label.security_info_changed', now);
    await recordAudit(trx, ctx, actor, now, { action: 'product.update_announced', entityType: 'product', entityId: productId, after: row });
    return { id: row.id };
  });
}
