/**
 * An in-process cache of rendered public responses (product pages, label JSON). An entry is
 * served only while the registry's public version is unchanged and before its own deadline (the
 * next instant its derived status or dates could change), so no label change is ever hidden.
 * Bounded by total bytes; least recently used entries go first. The version only grows, so the
 * first request that sees a newer one empties the cache: entries of older versions could never
 * be served again, and under steady writes they used to fill the whole budget.
 */
export interface CachedResponse {
  version: number;
  /** Epoch ms after which the entry must be rebuilt (e.g. the label's expiry). */
  until: number;
  /** Bytes for responses sent as they are (no encoding per request); text for what is parsed again. */
  body: string | Buffer;
  etag: string;
}

const sizeOf = (body: string | Buffer) => (typeof body === 'string' ? body.length * 2 : body.length);

export class PublicCache {
  private readonly entries = new Map<string, CachedResponse>();
  private readonly building = new Map<string, Promise<CachedResponse>>();
  private bytes = 0;
  private newest = -Infinity;

  constructor(private readonly maxBytes = 64 * 1024 * 1024) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string, version: number, now: number): CachedResponse | undefined {
    this.see(version);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.version !== version || now >= entry.until) {
      this.delete(key);
      return undefined;
    }
    // Refresh recency: Map iteration order is insertion order.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  set(key: string, entry: CachedResponse): void {
    this.see(entry.version);
    this.delete(key);
    // Built under a version that another request has already seen replaced.
    if (entry.version < this.newest) return;
    const size = sizeOf(entry.body);
    if (size > this.maxBytes / 8) return;
    this.entries.set(key, entry);
    this.bytes += size;
    for (const [oldest, old] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= sizeOf(old.body);
    }
  }

  /**
   * Builds and stores the entry for `key` at `version`. Requests that miss the same key at once
   * (a popular page or search right after a change empties the cache) share one build instead
   * of each querying the database.
   */
  fill(key: string, version: number, build: () => Promise<CachedResponse>): Promise<CachedResponse> {
    const id = `${version}\u0000${key}`;
    let pending = this.building.get(id);
    if (!pending) {
      pending = build()
        .then((entry) => {
          this.set(key, entry);
          return entry;
        })
        .finally(() => this.building.delete(id));
      this.building.set(id, pending);
    }
    return pending;
  }

  private see(version: number): void {
    if (version <= this.newest) return;
    this.newest = version;
    this.entries.clear();
    this.bytes = 0;
  }

  private delete(key: string): void {
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      this.bytes -= sizeOf(entry.body);
    }
  }
}

/**
 * The next instant a label's public record changes by time alone: any of `instants` (the label's
 * expiry, the vendor's security.txt expiry) or the next JST midnight (support-ended flags),
 * capped at `maxAgeMs`.
 */
export function cacheDeadline(now: Date, instants: ReadonlyArray<string | null | undefined>, maxAgeMs = 5 * 60_000): number {
  const nextJstMidnight = Math.floor((now.getTime() + 9 * 3_600_000) / 86_400_000 + 1) * 86_400_000 - 9 * 3_600_000;
  const future = instants.map((i) => (i ? new Date(i).getTime() : Infinity)).filter((t) => t > now.getTime());
  return Math.min(now.getTime() + maxAgeMs, nextJstMidnight, ...future);
}
