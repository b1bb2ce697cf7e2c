/**
 * The public list of labels with filters and keyset (cursor) pagination: stable order by issue
 * time then id, an enforced page size, and the total matching count (for a text search, exact up
 * to SEARCH_TOTAL_CAP and "more than that" beyond; see text-match.ts).
 */
import { DomainError } from '../../domain/errors.ts';
import { deriveStatus, type LabelStatus } from '../../domain/label-status.ts';
import { executeNamed } from '../../store/prepared.ts';
import type { AppContext } from '../context.ts';
import { foldForSearch } from './label-search.ts';
import { filteredLabels, hasFilters, type LabelFilters, type LabelsQuery } from './list-filters.ts';
import { labelUrl } from './public-label.ts';
import { documentContains, findMatches, labelIdIn } from './text-match.ts';

export const LIST_MAX_LIMIT = 100;
/** A text search counts its matches exactly up to this many; beyond, the total is "at least". */
export const SEARCH_TOTAL_CAP = 1000;

export interface ListLabelsFilter extends LabelFilters {
  /** Free text over product names, vendor names, model numbers and registration numbers. */
  q?: string;
  sort?: LabelSort;
  cursor?: string;
  limit?: number;
}

/** Orders of the public list; each has its keyset cursor (sort value, id). */
export const LABEL_SORTS = ['newest', 'oldest', 'expiring', 'registration'] as const;
export type LabelSort = (typeof LABEL_SORTS)[number];
const SORT_COLUMN = { newest: 'issued_at', oldest: 'issued_at', expiring: 'expires_at', registration: 'registration_number' } as const;
const SORT_DESCENDING: Record<LabelSort, boolean> = { newest: true, oldest: false, expiring: false, registration: false };

export interface PublicLabelSummary {
  registrationNumber: string;
  level: number;
  status: LabelStatus;
  issuedAt: string;
  expiresAt: string;
  vendor: { id: string; name: { ja: string; en: string } };
  product: { name: { ja: string; en: string }; category: string; modelNumberCount: number };
  url: string;
}

function encodeCursor(sort: LabelSort, key: string, id: string): string {
  return Buffer.from(JSON.stringify(sort === 'newest' ? [key, id] : [key, id, sort])).toString('base64url');
}

/** A cursor is only valid for the order it was made for. */
function decodeCursor(cursor: string, sort: LabelSort): [string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    const isShape = (v: unknown): v is [string, string, string?] =>
      // Keys are instants, numbers and ids: never a control character (PostgreSQL refuses NUL in text).
      Array.isArray(v) && (v.length === 2 || v.length === 3) && v.every((x) => typeof x === 'string' && !/[\u0000-\u001f]/.test(x));
    if (isShape(value) && (value[2] ?? 'newest') === sort) return [value[0], value[1]];
  } catch {
    // fall through
  }
  throw new DomainError('INVALID_CURSOR');
}

/** `gte`: there are more matches than `total` (a broad text search; see SEARCH_TOTAL_CAP). */
export type TotalRelation = 'eq' | 'gte';

export async function listPublicLabels(
  ctx: AppContext,
  filter: ListLabelsFilter,
): Promise<{ items: PublicLabelSummary[]; nextCursor: string | null; total: number; totalRelation: TotalRelation }> {
  const now = ctx.clock.now();
  const limit = Math.min(filter.limit ?? 20, LIST_MAX_LIMIT);
  let base = filteredLabels(ctx, filter, now);

  let total: number | undefined;
  let totalRelation: TotalRelation = 'eq';
  /** The text's matches, when they are few enough to sort and count (see text-match.ts). */
  let matches: string[] | undefined;
  const q = filter.q ? foldForSearch(filter.q) : '';
  if (q) {
    // Up to the cap, the matches are a small set: sort it, count it. Beyond, walk the list in its
    // order and check each label's document (matches are dense, so a page is found quickly).
    const found = await findMatches(ctx.db, base, q, SEARCH_TOTAL_CAP + 1, { hasFilters: hasFilters(filter) });
    if (found.length <= SEARCH_TOTAL_CAP) {
      matches = found;
      base = base.where(labelIdIn(ctx.db, matches));
      total = matches.length;
    } else {
      base = base.where(documentContains(ctx.db, q));
      total = SEARCH_TOTAL_CAP;
      totalRelation = 'gte';
    }
  }

  const sort = filter.sort ?? 'newest';
  const column = `labels.${SORT_COLUMN[sort]}` as const;
  const direction = SORT_DESCENDING[sort] ? 'desc' : 'asc';
  const after = SORT_DESCENDING[sort] ? '<' : '>';
  const cursor = filter.cursor ? decodeCursor(filter.cursor, sort) : undefined;
  const afterCursor = <Q extends LabelsQuery>(query: Q): Q =>
    cursor
      ? (query.where((eb) => eb.or([eb(column, after, cursor[0]), eb.and([eb(column, '=', cursor[0]), eb('labels.id', after, cursor[1])])])) as Q)
      : query;
  // Lists without text count from an index.
  total ??= Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  // Two steps: choose the page's ids on `labels` alone (a narrow sort, or a walk of the issue-date
  // index), then join names and counts for those rows only. Joining first made SQLite join every
  // match before sorting (75 ms for 7k matches at 100k labels). Matches that fit on one page (a
  // model or registration number, a product name: most searches) are their own page ids, which
  // saves a query.
  const onePage = matches !== undefined && matches.length <= limit;
  let pageIds: readonly string[] = matches ?? [];
  let more = false;
  if (!onePage) {
    const idRows = await afterCursor(base.select(['labels.id', column]).orderBy(column, direction).orderBy('labels.id', direction).limit(limit + 1)).execute();
    pageIds = idRows.slice(0, limit).map((r) => r.id);
    more = idRows.length > limit;
  }
  const page = ctx.db
    .selectFrom('labels')
    .innerJoin('products', 'products.id', 'labels.product_id')
    .select([
      'labels.id', 'labels.registration_number', 'labels.level', 'labels.base_status', 'labels.issued_at',
      'labels.expires_at', 'labels.vendor_id', 'products.name_ja', 'products.name_en', 'products.category',
    ])
    // A vendor's names one row at a time: joined, PostgreSQL hashed the whole vendors table for a
    // page of 20 labels.
    .select((eb) => [
      eb.selectFrom('vendors').select('vendors.name_ja').whereRef('vendors.id', '=', 'labels.vendor_id').as('vendor_name_ja'),
      eb.selectFrom('vendors').select('vendors.name_en').whereRef('vendors.id', '=', 'labels.vendor_id').as('vendor_name_en'),
    ])
    .select((eb) =>
      eb.selectFrom('label_model_numbers').select(eb.fn.countAll<number>().as('c')).whereRef('label_model_numbers.label_id', '=', 'labels.id').as('model_count'),
    )
    .where(labelIdIn(ctx.db, pageIds))
    .orderBy(column, direction)
    .orderBy('labels.id', direction);
  const rows = await executeNamed(ctx.db, onePage ? afterCursor(page) : page);
  const items = rows.map((r) => ({
    registrationNumber: r.registration_number,
    level: r.level,
    status: deriveStatus(r.base_status as never, new Date(r.expires_at), now),
    issuedAt: r.issued_at,
    expiresAt: r.expires_at,
    vendor: { id: r.vendor_id, name: { ja: r.vendor_name_ja!, en: r.vendor_name_en! } },
    product: { name: { ja: r.name_ja, en: r.name_en }, category: r.category, modelNumberCount: Number(r.model_count ?? 0) },
    url: labelUrl(ctx.publicBaseUrl, r.registration_number),
  }));
  const last = rows.at(-1);
  const key = (r: (typeof rows)[number]) => String((r as Record<string, unknown>)[SORT_COLUMN[sort]]);
  return { items, nextCursor: more && last ? encodeCursor(sort, key(last), last.id) : null, total, totalRelation };
}
