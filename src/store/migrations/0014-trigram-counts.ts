/**
 * PostgreSQL: how many search documents hold each trigram, for the search to choose its rarest
 * trigrams as it does on SQLite, where FTS5's vocabulary table counts them (src/app/labels/
 * trigram-counts.ts). pg_trgm keeps no such count. The counts are rebuilt from the documents
 * every few hours; `search_statistics` records when. SQLite needs neither table.
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  // The trigram as pg_trgm's show_trgm() spells it (a hash for non-ASCII trigrams).
  await sql`CREATE TABLE label_search_trigram_counts (trigram text PRIMARY KEY, documents integer NOT NULL)`.execute(db);
  await sql`CREATE TABLE search_statistics (name text PRIMARY KEY, refreshed_at timestamptz NOT NULL)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`DROP TABLE search_statistics`.execute(db);
  await sql`DROP TABLE label_search_trigram_counts`.execute(db);
}
