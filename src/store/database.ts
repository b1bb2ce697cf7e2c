/**
 * Opens the database chosen by DATABASE_URL: SQLite (better-sqlite3: WAL, foreign keys,
 * synchronous=FULL so a commit survives power loss) or PostgreSQL (pg pool).
 */
import fs from 'node:fs';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, Migrator, PostgresAdapter, PostgresDialect, sql, SqliteDialect, type MigrationResultSet, type SqliteDatabase } from 'kysely';
import type { Database } from './schema.ts';
import { MIGRATIONS } from './migrations/index.ts';
import { statementName } from './prepared.ts';

export type Db = Kysely<Database>;

export interface OpenedDatabase {
  db: Db;
  kind: 'sqlite' | 'postgres';
  /** SQLite: the connection itself, for the few reads that must skip Kysely's per-query cost. */
  sqlite?: Sqlite.Database;
  close(): Promise<void>;
}

export function openDatabase(url: string): OpenedDatabase {
  if (/^postgres(ql)?:\/\//i.test(url)) {
    // COUNT(*) and bigint come back as strings by default; our counts fit in a double.
    pg.types.setTypeParser(20, (v) => Number(v));
    const pool = new pg.Pool({ connectionString: url, max: 10, Client: NamingClient });
    let closing = false;
    // An idle connection that the server drops (restart, failover) must not crash the process;
    // the pool replaces it. pool.end() resolves before sockets finish closing, so errors seen
    // while closing are expected and ignored.
    pool.on('error', (error) => {
      if (!closing) process.stderr.write(`postgres: idle connection error: ${error.message}\n`);
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      kind: 'postgres',
      close: async () => {
        closing = true;
        await db.destroy();
      },
    };
  }
  if (url !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(url)), { recursive: true });
  const sqlite = new Sqlite(url);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { db, kind: 'sqlite', sqlite, close: () => db.destroy() };
}

/**
 * Kysely prepares every query anew; on a public-cache hit that preparation was a tenth of the
 * request's CPU time. Statements are kept per SQL text (better-sqlite3 re-prepares them itself
 * after a schema change). Kysely runs one query at a time on its single SQLite connection and
 * holds that connection for a whole stream, so a statement is never in use twice. Queries whose
 * text varies (IN lists of different lengths) are bounded by dropping the cache when it is full.
 */
function withStatementCache(sqlite: Sqlite.Database, max = 2000): SqliteDatabase {
  const statements = new Map<string, Sqlite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      let statement = statements.get(text);
      if (!statement) {
        if (statements.size >= max) statements.clear();
        statement = sqlite.prepare(text);
        statements.set(text, statement);
      }
      return statement;
    },
  };
}

/**
 * Kysely sends every query as an unnamed statement; this client sends those marked in prepared.ts
 * under their name, so that each connection prepares them once.
 */
class NamingClient extends pg.Client {
  // pg's overloads do not survive a subclass; Kysely calls query(text, values).
  override query(...args: unknown[]): never {
    const [text, values] = args;
    const name = typeof text === 'string' && Array.isArray(values) ? statementName(text) : undefined;
    const call = super.query as (...a: unknown[]) => never;
    return name ? call.call(this, { name, text, values }) : call.apply(this, args);
  }
}

export async function migrateToLatest(db: Db): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => MIGRATIONS },
    migrationTableName: 'hoshi_migrations',
    migrationLockTableName: 'hoshi_migrations_lock',
  });
  const result = await migrator.migrateToLatest();
  if (result.error) throw result.error;
  return result;
}

/** For the few queries whose best SQL differs between the two databases. */
export function isPostgres(db: Db): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * Keeps query-planner statistics current: SQLite's recommended `PRAGMA optimize` (analyses only
 * tables that changed enough), PostgreSQL's ANALYZE. Without them a 100k-label list sorts
 * instead of walking the issue-date index.
 */
export async function refreshPlannerStatistics(db: Db): Promise<void> {
  if (isPostgres(db)) await sql`ANALYZE`.execute(db);
  else await sql`PRAGMA optimize=0x10002`.execute(db);
}
