/**
 * PostgreSQL: the hottest statements of fixed shape (a search's text match, a list page) are
 * prepared once per connection under a name, so the server plans them once instead of on every
 * search. Their planning was most of their cost: 0.15–0.4 ms against 0.03–0.3 ms of execution at
 * 100k labels. Only statements whose best plan does not depend on the values are named: the
 * server may keep one generic plan for them. Other statements stay unnamed and are planned for
 * their values each time. SQLite caches every statement already (database.ts).
 *
 * Named statements need a session that outlives the statement: a connection pooler in
 * transaction mode (PgBouncer before 1.21) must not sit between the servers and PostgreSQL.
 */
import { createHash } from 'node:crypto';
import { PostgresAdapter, type Compilable, type CompiledQuery } from 'kysely';
import type { Db } from './database.ts';

/** SQL text → statement name. Bounded: the texts come from a few query shapes in the code. */
const names = new Map<string, string>();
const MAX_NAMED = 200;

/** The name under which `text` is prepared, if it was marked for that. */
export function statementName(text: string): string | undefined {
  return names.get(text);
}

/** Marks the compiled query's text to be prepared by name on PostgreSQL. */
export function named<R>(compiled: CompiledQuery<R>): CompiledQuery<R> {
  if (!names.has(compiled.sql) && names.size < MAX_NAMED) {
    names.set(compiled.sql, `hoshi_${createHash('sha1').update(compiled.sql).digest('hex').slice(0, 20)}`);
  }
  return compiled;
}

/** Runs a query of fixed shape as a named statement on PostgreSQL (see above), as is on SQLite. */
export async function executeNamed<R>(db: Db, query: Compilable<R>): Promise<R[]> {
  const compiled = query.compile();
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  return (await db.executeQuery(postgres ? named(compiled) : compiled)).rows;
}
