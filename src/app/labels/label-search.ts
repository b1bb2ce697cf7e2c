/**
 * The search document of a label: what free-text search matches against. Folded with NFKC and
 * lower-cased, so 全角/半角 and upper/lower case variants of a model number match alike. Folding
 * turns the fields' separator into a single space (\s covers U+2029), so a query can span the
 * end of one field and the start of the next; stored documents have that shape, and changing it
 * would mean rebuilding every one.
 */
import type { Db } from '../../store/database.ts';
import type { Trx } from '../context.ts';

export function foldForSearch(value: string): string {
  return value.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

const SEPARATOR = ' \u2029 ';

/** Rebuilds the search documents of the given labels (after issue, renewal or a product edit). */
export async function refreshLabelSearch(trx: Trx | Db, labelIds: readonly string[]): Promise<void> {
  for (const labelId of labelIds) {
    const label = await trx
      .selectFrom('labels')
      .innerJoin('products', 'products.id', 'labels.product_id')
      .innerJoin('vendors', 'vendors.id', 'labels.vendor_id')
      .select(['labels.registration_number', 'products.name_ja', 'products.name_en', 'vendors.name_ja as vendor_ja', 'vendors.name_en as vendor_en'])
      .where('labels.id', '=', labelId)
      .executeTakeFirstOrThrow();
    const models = await trx.selectFrom('label_model_numbers').select('model_number').where('label_id', '=', labelId).orderBy('position').execute();
    const document = foldForSearch(
      [label.registration_number, label.name_ja, label.name_en, label.vendor_ja, label.vendor_en, ...models.map((m) => m.model_number)].join(SEPARATOR),
    );
    await trx.deleteFrom('label_search').where('label_id', '=', labelId).execute();
    await trx.insertInto('label_search').values({ label_id: labelId, document }).execute();
  }
}
