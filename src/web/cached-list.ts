/**
 * Public list and search results, cached per exact filter set while the registry's public version
 * is unchanged, for at most a minute and never past the next label expiry (statuses are derived
 * from time). Popular searches and the first page of the list then cost one counter read.
 */
import type { AppContext } from '../app/context.ts';
import { listPublicLabels, type ListLabelsFilter } from '../app/labels/list-public-labels.ts';
import { nextLabelExpiry } from '../app/labels/next-expiry.ts';
import { publicVersion } from '../app/public-version.ts';
import type { PublicCache } from './public-cache.ts';

type ListResult = Awaited<ReturnType<typeof listPublicLabels>>;

export async function cachedListPublicLabels(ctx: AppContext, cache: PublicCache, filter: ListLabelsFilter): Promise<ListResult> {
  const key = `list:${JSON.stringify([filter.q ?? '', filter.level ?? 0, filter.status ?? '', filter.vendorId ?? '', filter.category ?? '', filter.ukPsti ?? false, filter.sort ?? 'newest', filter.cursor ?? '', filter.limit ?? 20])}`;
  const now = ctx.clock.now();
  const version = await publicVersion(ctx);
  const hit = cache.get(key, version, now.getTime());
  if (hit) return JSON.parse(hit.body.toString()) as ListResult;
  const entry = await cache.fill(key, version, async () => {
    const result = await listPublicLabels(ctx, filter);
    const next = await nextLabelExpiry(ctx.db, now);
    const until = Math.min(now.getTime() + 60_000, next ? next.getTime() : Infinity);
    return { version, until, body: JSON.stringify(result), etag: '' };
  });
  // A copy per request: callers may change what they get.
  return JSON.parse(entry.body.toString()) as ListResult;
}
