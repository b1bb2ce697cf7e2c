/**
 * Which of the vendor's products a CSAF product stands for. Vendors name products in advisories
 * the way their PSIRT does, not the way they registered them, so we try, in order: our product id
 * as the CSAF product_id, the model numbers and SKUs of the product identification helper (matched
 * on the model-number key, with CSAF's `?` and `*` wildcards), and the product name (full product
 * name or the `product_name` branch above it, NFKC and case-insensitive). A relationship product
 * ("firmware X installed on camera Y") that matches nothing itself takes the match of the product
 * it relates to, then of the product it references.
 */
import { modelNumberKey } from '../../domain/model-number.ts';
import type { Db } from '../../store/database.ts';
import type { Trx } from '../context.ts';
import { pushTo, type CsafProduct, type CsafProductTree } from './csaf-products.ts';

export type MatchedBy = 'product_id' | 'model_number' | 'sku' | 'product_name';

export interface VendorProduct {
  id: string;
  nameJa: string;
  nameEn: string;
}

export interface VendorModel {
  productId: string;
  /** model_key (modelNumberKey of the model number). */
  key: string;
}

export interface ProductMatch {
  csafProductId: string;
  name: string;
  productId: string;
  matchedBy: MatchedBy;
}

export interface MatchReport {
  matched: ProductMatch[];
  unmatched: Array<{ csafProductId: string; name: string }>;
}

/** Product names compare after NFKC, case folding and whitespace collapsing. */
export function nameKey(value: string): string {
  return value.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

const isPattern = (key: string) => /[?*]/.test(key);

function patternRegExp(key: string): RegExp {
  const body = [...key].map((c) => (c === '?' ? '.' : c === '*' ? '.*' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`, 'su');
}

/** The model-number keys a document asks about, and whether any uses a wildcard. */
export function modelKeysOf(tree: CsafProductTree): { keys: string[]; wildcards: boolean } {
  const keys = new Set<string>();
  for (const p of tree.products.values()) for (const m of [...p.modelNumbers, ...p.skus]) keys.add(modelNumberKey(m));
  const all = [...keys].filter((k) => k.length > 0);
  return { keys: all.filter((k) => !isPattern(k)), wildcards: all.some(isPattern) };
}

export function matchProducts(tree: CsafProductTree, products: readonly VendorProduct[], models: readonly VendorModel[]): MatchReport {
  const byId = new Map(products.map((p) => [p.id.toLowerCase(), p.id]));
  const byName = new Map<string, string[]>();
  for (const p of products) {
    for (const key of new Set([nameKey(p.nameEn), nameKey(p.nameJa)])) pushTo(byName, key, p.id);
  }
  const byModel = new Map<string, string[]>();
  for (const m of models) pushTo(byModel, m.key, m.productId);

  // A pattern is tried against every loaded model number once, however many products repeat it.
  const patterns = new Map<string, string[]>();
  const byPattern = (key: string): string[] => {
    let ids = patterns.get(key);
    if (!ids) {
      const re = patternRegExp(key);
      ids = models.filter((m) => re.test(m.key)).map((m) => m.productId);
      patterns.set(key, ids);
    }
    return ids;
  };

  const byModelNumbers = (values: string[]): string[] => {
    const found = new Set<string>();
    for (const value of values) {
      const key = modelNumberKey(value);
      if (!key) continue;
      if (isPattern(key)) {
        for (const id of byPattern(key)) found.add(id);
      } else {
        for (const id of byModel.get(key) ?? []) found.add(id);
      }
    }
    return [...found];
  };

  const direct = (p: CsafProduct): Array<{ productId: string; matchedBy: MatchedBy }> => {
    const own = byId.get(p.id.toLowerCase());
    if (own) return [{ productId: own, matchedBy: 'product_id' }];
    for (const [values, matchedBy] of [[p.modelNumbers, 'model_number'], [p.skus, 'sku']] as const) {
      const ids = byModelNumbers(values);
      if (ids.length) return ids.map((productId) => ({ productId, matchedBy }));
    }
    const ids = new Set<string>();
    for (const name of [p.name, p.productName]) if (name) for (const id of byName.get(nameKey(name)) ?? []) ids.add(id);
    return [...ids].map((productId) => ({ productId, matchedBy: 'product_name' as const }));
  };

  const memo = new Map<string, Array<{ productId: string; matchedBy: MatchedBy }>>();
  const resolve = (csafId: string, visiting: Set<string>): Array<{ productId: string; matchedBy: MatchedBy }> => {
    const cached = memo.get(csafId);
    if (cached) return cached;
    const p = tree.products.get(csafId);
    if (!p || visiting.has(csafId)) return [];
    visiting.add(csafId);
    let result = direct(p);
    if (!result.length && p.relationship) {
      result = resolve(p.relationship.relatesTo, visiting);
      if (!result.length) result = resolve(p.relationship.productReference, visiting);
    }
    visiting.delete(csafId);
    memo.set(csafId, result);
    return result;
  };

  const report: MatchReport = { matched: [], unmatched: [] };
  for (const p of tree.products.values()) {
    const found = resolve(p.id, new Set());
    if (!found.length) report.unmatched.push({ csafProductId: p.id, name: p.name });
    for (const f of found) report.matched.push({ csafProductId: p.id, name: p.name, ...f });
  }
  return report;
}

// SQLite allows 32766 bound parameters per statement.
const CHUNK = 1000;

/** The vendor's products and the model numbers the document can match (all of them when it uses wildcards). */
export async function loadVendorCatalogue(
  db: Db | Trx,
  vendorId: string,
  tree: CsafProductTree,
): Promise<{ products: VendorProduct[]; models: VendorModel[] }> {
  const products = (await db.selectFrom('products').select(['id', 'name_ja', 'name_en']).where('vendor_id', '=', vendorId).execute())
    .map((r) => ({ id: r.id, nameJa: r.name_ja, nameEn: r.name_en }));
  const { keys, wildcards } = modelKeysOf(tree);
  const models: VendorModel[] = [];
  const base = db.selectFrom('product_model_numbers').select(['product_id', 'model_key']).where('vendor_id', '=', vendorId);
  if (wildcards) {
    models.push(...(await base.execute()).map((r) => ({ productId: r.product_id, key: r.model_key })));
  } else {
    for (let i = 0; i < keys.length; i += CHUNK) {
      const rows = await base.where('model_key', 'in', keys.slice(i, i + CHUNK)).execute();
      models.push(...rows.map((r) => ({ productId: r.product_id, key: r.model_key })));
    }
  }
  return { products, models };
}
