/**
 * How a server learns the public version on every request without a database round trip.
 *
 * PostgreSQL: this process's copy, kept current by LISTEN/NOTIFY.
 *
 * Every transaction that bumps the version also sends `NOTIFY hoshi_public_version, '<value>'`.
 * PostgreSQL delivers the notification when that transaction commits, to every listening process.
 * The copy is trusted only while it can be right:
 * - while the listening connection is up. Otherwise `known()` answers undefined and callers read
 *   the counter from the database, as before. The watch reconnects on its own, with backoff.
 * - once this process's own writes have been seen. A transaction here registers its new value with
 *   `expect()`. Until the notification for it arrives, callers read the database. So a client never
 *   misses its own change, even when its next request comes before the notification.
 *
 * Another process sees a change when the notification reaches it, usually within a millisecond
 * of the commit. docs/operations.md documents this.
 */
import type Sqlite from 'better-sqlite3';
import pg from 'pg';

export const PUBLIC_VERSION_CHANNEL = 'hoshi_public_version';

/**
 * Expectations older than this are dropped, e.g. from a transaction that rolled back and never
 * notified.
 */
const EXPECTATION_MS = 10_000;
const MAX_RETRY_MS = 5_000;

export interface PublicVersionWatch {
  /** The current public version, or undefined when the database must be asked. */
  known(): number | undefined;
  /** A transaction in this process is about to publish `version`. */
  expect(version: number): void;
  close(): Promise<void>;
}

export function watchPublicVersion(url: string, read: () => Promise<number>): PublicVersionWatch {
  return new ListeningWatch(url, read);
}

/**
 * SQLite: the counter is a local read, exact and without notification. A prepared statement on
 * the connection itself costs microseconds, where a query through Kysely cost a tenth of a
 * cached page's CPU time. Every process sharing the file sees a commit at once (WAL).
 */
export function readSqlitePublicVersion(sqlite: Sqlite.Database, sequenceName: string): PublicVersionWatch {
  const statement = sqlite.prepare('select value from sequences where name = ?').pluck();
  return {
    // Inside an open transaction this connection would see its own uncommitted bump; the caller
    // then reads through Kysely, which waits for the transaction to end.
    known: () => (sqlite.inTransaction ? undefined : Number(statement.get(sequenceName) ?? 0)),
    expect: () => undefined,
    close: async () => undefined,
  };
}

class ListeningWatch implements PublicVersionWatch {
  private client: pg.Client | null = null;
  private value: number | undefined;
  private readonly pending = new Map<number, number>();
  private closed = false;
  private retryMs = 100;

  constructor(
    private readonly url: string,
    private readonly read: () => Promise<number>,
  ) {
    void this.connect();
  }

  known(): number | undefined {
    if (this.value === undefined) return undefined;
    if (this.pending.size > 0) {
      const now = Date.now();
      for (const [version, at] of this.pending) if (now - at > EXPECTATION_MS) this.pending.delete(version);
      if (this.pending.size > 0) return undefined;
    }
    return this.value;
  }

  expect(version: number): void {
    this.pending.set(version, Date.now());
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.client;
    this.client = null;
    this.value = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({ connectionString: this.url, application_name: 'hoshi public-version watch' });
    this.client = client;
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    client.on('notification', (message) => {
      if (message.channel === PUBLIC_VERSION_CHANNEL && this.client === client) this.seen(Number(message.payload));
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${PUBLIC_VERSION_CHANNEL}`);
      // Read only after LISTEN is in effect: a change committed after this read is notified.
      const current = await this.read();
      if (this.client !== client) return;
      this.seen(current);
      this.retryMs = 100;
    } catch {
      this.lost(client);
    }
  }

  private seen(version: number): void {
    if (!Number.isSafeInteger(version)) return;
    this.value = this.value === undefined ? version : Math.max(this.value, version);
    for (const expected of this.pending.keys()) if (expected <= version) this.pending.delete(expected);
  }

  private lost(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = null;
    this.value = undefined;
    client.end().catch(() => undefined);
    if (this.closed) return;
    setTimeout(() => void this.connect(), this.retryMs).unref();
    this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
  }
}
