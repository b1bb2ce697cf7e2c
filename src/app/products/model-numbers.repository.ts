/** Model-number rows of products, applications and labels share one shape and one writer. */
import { DomainError } from '../../domain/errors.ts';
import { modelNumberKey } from '../../domain/model-number.ts';
import type { Trx } from '../context.ts';

export function modelNumberRows(values: readonly string[]) {
  return values.map((model_number, position) => ({ position, model_number, model_key: modelNumberKey(model_number) }));
}

// SQLite allows 32766 bound parameters per statement; 5 columns × 1000 rows stays well below.
const CHUNK = 1000;

export async function insertInChunks<T>(rows: readonly T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await insert(rows.slice(i, i + CHUNK));
}

/** Replaces a product's model numbers; MODEL_NUMBER_TAKEN names those another product of the vendor has. */
export async function replaceProductModelNumbers(trx: Trx, vendorId: string, productId: string, values: readonly string[]): Promise<void> {
  const rows = modelNumberRows(values);
  const keys = rows.map((r) => r.model_key);
  const taken: string[] = [];
  for (let i = 0; i < keys.length; i += CHUNK) {
    const found = await trx
      .selectFrom('product_model_numbers')
      .select('model_number')
      .where('vendor_id', '=', vendorId)
      .where('product_id', '!=', productId)
      .where('model_key', 'in', keys.slice(i, i + CHUNK))
      .execute();
    taken.push(...found.map((f) => f.model_number));
  }
  if (taken.length) {
    throw new DomainError('MODEL_NUMBER_TAKEN', `Already listed by another product: ${taken.slice(0, 20).join(', ')}${taken.length > 20 ? ', …' : ''}`, [], { modelNumbers: taken });
  }
  await trx.deleteFrom('product_model_numbers').where('product_id', '=', productId).execute();
  await insertInChunks(rows, (chunk) =>
    trx.insertInto('product_model_numbers').values(chunk.map((r) => ({ ...r, product_id: productId, vendor_id: vendorId }))).execute(),
  );
}

export async function productModelNumbers(trx: Trx | import('../../store/database.ts').Db, productId: string): Promise<string[]> {
  const rows = await trx.selectFrom('product_model_numbers').select('model_number').where('product_id', '=', productId).orderBy('position').execute();
  return rows.map((r) => r.model_number);
}
