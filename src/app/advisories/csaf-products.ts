/**
 * The products a CSAF 2.0 document names, read from its product tree: products at the leaves of
 * `branches` (with the vendor, product name and version of the branches above them),
 * `full_product_names`, and the combined products of `relationships`. Pure; expects a document
 * that passed validation but stays defensive, because a wrong shape must never crash an import.
 */

export interface CsafProduct {
  id: string;
  /** The full product name. */
  name: string;
  /** Name of the nearest `product_name` branch above the product, if any. */
  productName: string | null;
  vendor: string | null;
  /** Name of the nearest `product_version` or `product_version_range` branch. */
  version: string | null;
  modelNumbers: string[];
  skus: string[];
  source: 'branch' | 'full_product_name' | 'relationship';
  relationship: { category: string; productReference: string; relatesTo: string } | null;
}

export interface CsafProductTree {
  /** In document order. */
  products: Map<string, CsafProduct>;
  /** group_id → product ids. */
  groups: Map<string, string[]>;
}

type Json = Record<string, unknown>;

export const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
export const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
export const asString = (value: unknown): string | null => (typeof value === 'string' ? value : null);
export const strings = (value: unknown): string[] => asArray(value).filter((v): v is string => typeof v === 'string');

/** Appends to the list under `key` (in place: lists may grow long). */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function helperLists(fullProductName: Json): { modelNumbers: string[]; skus: string[] } {
  const helper = isObject(fullProductName.product_identification_helper) ? fullProductName.product_identification_helper : {};
  return { modelNumbers: strings(helper.model_numbers), skus: strings(helper.skus) };
}

interface BranchContext {
  vendor: string | null;
  productName: string | null;
  version: string | null;
}

export function readProductTree(document: unknown): CsafProductTree {
  const products = new Map<string, CsafProduct>();
  const groups = new Map<string, string[]>();
  const tree = isObject(document) && isObject(document.product_tree) ? document.product_tree : {};

  const add = (fpn: unknown, source: CsafProduct['source'], context: BranchContext, relationship: CsafProduct['relationship'] = null) => {
    if (!isObject(fpn)) return;
    const id = asString(fpn.product_id);
    if (!id || products.has(id)) return;
    products.set(id, { id, name: asString(fpn.name) ?? id, ...context, ...helperLists(fpn), source, relationship });
  };

  // Depth-first in document order, without recursion.
  const stack: Array<[unknown, BranchContext]> = asArray(tree.branches).map((b) => [b, { vendor: null, productName: null, version: null }] as [unknown, BranchContext]).reverse();
  while (stack.length) {
    const [branch, above] = stack.pop()!;
    if (!isObject(branch)) continue;
    const name = asString(branch.name);
    const category = asString(branch.category);
    const context: BranchContext = {
      vendor: category === 'vendor' ? name : above.vendor,
      productName: category === 'product_name' ? name : above.productName,
      version: category === 'product_version' || category === 'product_version_range' ? name : above.version,
    };
    add(branch.product, 'branch', context);
    const children = asArray(branch.branches);
    for (let i = children.length - 1; i >= 0; i--) stack.push([children[i], context]);
  }

  for (const fpn of asArray(tree.full_product_names)) add(fpn, 'full_product_name', { vendor: null, productName: null, version: null });

  for (const rel of asArray(tree.relationships)) {
    if (!isObject(rel)) continue;
    add(rel.full_product_name, 'relationship', { vendor: null, productName: null, version: null }, {
      category: asString(rel.category) ?? '',
      productReference: asString(rel.product_reference) ?? '',
      relatesTo: asString(rel.relates_to_product_reference) ?? '',
    });
  }

  for (const group of asArray(tree.product_groups)) {
    if (!isObject(group)) continue;
    const id = asString(group.group_id);
    if (id && !groups.has(id)) groups.set(id, strings(group.product_ids));
  }
  return { products, groups };
}
