/**
 * Turns the search page's query string into a filter for listPublicLabels. Hostile or odd input
 * never fails the page: control and invisible format characters (RTL overrides, zero-width
 * spaces) are removed, whitespace is collapsed, the text is cut at SEARCH_TEXT_MAX code points
 * without splitting a character cluster, and unknown filter values are ignored.
 */
import { LABEL_STATUSES, type LabelStatus } from '../../domain/label-status.ts';
import { LABEL_SORTS, type LabelSort, type ListLabelsFilter } from '../../app/labels/list-public-labels.ts';

/** The use case's (and the API's) limit on `q`. */
export const SEARCH_TEXT_MAX = 200;
export const PAGE_SIZE = 20;
const CURSOR = /^[A-Za-z0-9_-]{1,500}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What a search link carries besides the page position. */
export type SearchFilters = Pick<SearchState, 'q' | 'level' | 'status' | 'category'> & Partial<Pick<SearchState, 'vendor' | 'ukPsti' | 'sort'>>;

export interface RawSearchQuery {
  q?: string;
  level?: string;
  status?: string;
  category?: string;
  vendor?: string;
  uk?: string;
  sort?: string;
  cursor?: string;
  page?: string;
}

export interface SearchState {
  q: string;
  isQTruncated: boolean;
  level: number | undefined;
  status: LabelStatus | undefined;
  category: string | undefined;
  /** A vendor id (set by following a vendor name in the results). */
  vendor: string | undefined;
  /** Only labels that count for UK PSTI today. */
  ukPsti: boolean;
  sort: LabelSort | undefined;
  cursor: string | undefined;
  /** 1-based page number, for display only (the cursor decides what is shown). */
  page: number;
  isCursorMalformed: boolean;
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Cleans free text typed by a person; returns it and whether it had to be shortened. */
export function cleanSearchText(raw: string | undefined, max = SEARCH_TEXT_MAX): { text: string; isTruncated: boolean } {
  if (!raw) return { text: '', isTruncated: false };
  const text = raw
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Zl}\p{Zp}]/gu, ' ')
    .replace(/[\p{Cf}\p{Co}\p{Cs}]/gu, '')
    .replace(/\s+/gu, ' ')
    .trim();
  if ([...text].length <= max) return { text, isTruncated: false };
  let out = '';
  let count = 0;
  for (const { segment } of segmenter.segment(text)) {
    const length = [...segment].length;
    if (count + length > max) break;
    out += segment;
    count += length;
  }
  return { text: out.trim(), isTruncated: true };
}

export function readSearchQuery(query: RawSearchQuery, categories: ReadonlySet<string>, levels: ReadonlySet<number>): SearchState {
  const { text, isTruncated } = cleanSearchText(query.q);
  const level = query.level && /^\d$/.test(query.level) && levels.has(Number(query.level)) ? Number(query.level) : undefined;
  const status = (LABEL_STATUSES as readonly string[]).includes(query.status ?? '') ? (query.status as LabelStatus) : undefined;
  const category = query.category && categories.has(query.category) ? query.category : undefined;
  const vendor = query.vendor && UUID.test(query.vendor) ? query.vendor.toLowerCase() : undefined;
  const ukPsti = query.uk === '1';
  const sort = (LABEL_SORTS as readonly string[]).includes(query.sort ?? '') && query.sort !== 'newest' ? (query.sort as LabelSort) : undefined;
  const rawCursor = query.cursor?.trim() || undefined;
  const cursor = rawCursor && CURSOR.test(rawCursor) ? rawCursor : undefined;
  const page = cursor && query.page && /^\d{1,6}$/.test(query.page) ? Math.max(2, Number(query.page)) : cursor ? 2 : 1;
  return { q: text, isQTruncated: isTruncated, level, status, category, vendor, ukPsti, sort, cursor, page, isCursorMalformed: Boolean(rawCursor && !cursor) };
}

export function toFilter(state: SearchState, withCursor: boolean): ListLabelsFilter {
  return {
    ...(state.q && { q: state.q }),
    ...(state.level && { level: state.level }),
    ...(state.status && { status: state.status }),
    ...(state.category && { category: state.category }),
    ...(state.vendor && { vendorId: state.vendor }),
    ...(state.ukPsti && { ukPsti: true }),
    ...(state.sort && { sort: state.sort }),
    ...(withCursor && state.cursor && { cursor: state.cursor }),
    limit: PAGE_SIZE,
  };
}

/** `/?…` for this search with other values (undefined or '' drops a parameter). */
export function searchHref(state: SearchFilters, extra: Record<string, string | number | undefined> = {}): string {
  const params = new URLSearchParams();
  const all: Record<string, string | number | undefined> = {
    q: state.q,
    level: state.level,
    status: state.status,
    category: state.category,
    vendor: state.vendor,
    uk: state.ukPsti ? 1 : undefined,
    sort: state.sort,
    ...extra,
  };
  for (const [key, value] of Object.entries(all)) if (value !== undefined && value !== '') params.set(key, String(value));
  const qs = params.toString();
  return qs ? `/?${qs}` : '/';
}
