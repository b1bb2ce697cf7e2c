/**
 * SQLite: an index on the last two characters of each search document. A two-character query has
 * no trigram of its own; it finds its candidates through the trigrams that start with it (FTS5's
 * vocabulary lists them) and, for an occurrence at the very end of a document, which no such
 * trigram holds, through this index (src/app/labels/text-match.ts). PostgreSQL needs none.
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) return;
  await sql`CREATE INDEX label_search_tail ON label_search (substr(document, -2))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) return;
  await sql`DROP INDEX label_search_tail`.execute(db);
}
