/**
 * Public list and search results, cached per exact filter set while the registry's public version
 * is unchanged, for at most a minute and never past the next label expiry (statuses are derived
 * from time). Popular searches and the first page of the list then cost one counter read.
 */
import type { AppContext } from '../app/context.ts';
import { listPublicLabels, type ListLabelsFilter } from '../app/labels/list-public-labels.ts';
import { nextLabelExpiry } from '../app/labels/next-expiry.ts';
import { publicVersion } from '../app/public-version.ts';
import { etagOf } from './label-json.ts';
import type { CachedResponse, PublicCache } from './public-cache.ts';

type ListResult = Awaited<ReturnType<typeof listPublicLabels>>;

/**
 * The next label expiry, as last read: it can change only with the public version (a label issued,
 * renewed or ended) or by passing. Reading it for every list built was a query in each uncached
 * search.
 */
const nextExpiries = new WeakMap<AppContext, { version: number; from: number; next: number }>();

/**
 * Until when a list (or a page showing one) may be served from the cache: a minute, never past the
 * next expiry. `version` is the public version read before the list was built.
 */
export async function listDeadline(ctx: AppContext, now: Date, version: number): Promise<number> {
  const at = now.getTime();
  let known = nextExpiries.get(ctx);
  if (!known || known.version !== version || at < known.from || at >= known.next) {
    const next = await nextLabelExpiry(ctx.db, now);
    known = { version, from: at, next: next ? next.getTime() : Infinity };
    nextExpiries.set(ctx, known);
  }
  return Math.min(at + 60_000, known.next);
}

/** The list's JSON bytes and ETag, from the cache or built once for requests that miss at once. */
export async function cachedListResponse(ctx: AppContext, cache: PublicCache, filter: ListLabelsFilter): Promise<CachedResponse> {
  const key = `list:${JSON.stringify([filter.q ?? '', filter.level ?? 0, filter.status ?? '', filter.vendorId ?? '', filter.category ?? '', filter.ukPsti ?? false, filter.sort ?? 'newest', filter.cursor ?? '', filter.limit ?? 20])}`;
  const now = ctx.clock.now();
  const version = await publicVersion(ctx);
  const hit = cache.get(key, version, now.getTime());
  if (hit) return hit;
  return cache.fill(key, version, async () => {
    const result = await listPublicLabels(ctx, filter);
    const until = await listDeadline(ctx, now, version);
    const body = Buffer.from(JSON.stringify(result));
    return { version, until, body, etag: etagOf(body) };
  });
}

/** The list as objects: a copy per request, since callers may change what they get. */
export async function cachedListPublicLabels(ctx: AppContext, cache: PublicCache, filter: ListLabelsFilter): Promise<ListResult> {
  return JSON.parse((await cachedListResponse(ctx, cache, filter)).body.toString()) as ListResult;
}
