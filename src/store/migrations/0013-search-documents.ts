/**
 * SQLite: the search documents move out of the FTS5 table into an ordinary table keyed by label,
 * and the trigram index becomes an external-content FTS5 table over it, kept in step by triggers.
 *
 * Why: FTS5 cannot index a column it does not tokenize, so with `label_id` UNINDEXED every
 * rebuild of one label's document (issue, renewal, product edit) scanned the whole table, and a
 * label's document could not be looked up by label (needed to check a match while walking the
 * list in its order). A vocabulary table (fts5vocab) tells how many documents hold a trigram, so
 * a search can let its rarest trigrams find the candidates (src/app/labels/text-match.ts).
 *
 * PostgreSQL already has this shape (label_search keyed by label, a pg_trgm GIN index on it). Its
 * GIN index stops collecting new entries in a pending list: every search read the whole list (up
 * to 4 MB) until a vacuum merged it, which made a model-number search 6.5 ms instead of 3.8 ms
 * at 100k labels. Documents change only when a label is issued or renewed, so the index is
 * updated in place instead.
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`ALTER INDEX label_search_trgm SET (fastupdate = off)`.execute(db);
    await sql`SELECT gin_clean_pending_list('label_search_trgm')`.execute(db);
    return;
  }
  await sql`CREATE TABLE label_search_documents (
    id integer PRIMARY KEY,
    label_id text NOT NULL UNIQUE REFERENCES labels(id),
    document text NOT NULL
  )`.execute(db);
  await sql`INSERT INTO label_search_documents (label_id, document) SELECT label_id, document FROM label_search`.execute(db);
  await sql`DROP TABLE label_search`.execute(db);
  await sql`ALTER TABLE label_search_documents RENAME TO label_search`.execute(db);
  await sql`CREATE VIRTUAL TABLE label_search_index USING fts5(document, content = 'label_search', content_rowid = 'id', tokenize = 'trigram')`.execute(db);
  await sql`INSERT INTO label_search_index (label_search_index) VALUES ('rebuild')`.execute(db);
  await sql`CREATE VIRTUAL TABLE label_search_terms USING fts5vocab(label_search_index, 'row')`.execute(db);
  await sql`CREATE TRIGGER label_search_ai AFTER INSERT ON label_search BEGIN
    INSERT INTO label_search_index (rowid, document) VALUES (new.id, new.document);
  END`.execute(db);
  await sql`CREATE TRIGGER label_search_ad AFTER DELETE ON label_search BEGIN
    INSERT INTO label_search_index (label_search_index, rowid, document) VALUES ('delete', old.id, old.document);
  END`.execute(db);
  await sql`CREATE TRIGGER label_search_au AFTER UPDATE ON label_search BEGIN
    INSERT INTO label_search_index (label_search_index, rowid, document) VALUES ('delete', old.id, old.document);
    INSERT INTO label_search_index (rowid, document) VALUES (new.id, new.document);
  END`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`ALTER INDEX label_search_trgm RESET (fastupdate)`.execute(db);
    return;
  }
  await sql`DROP TABLE label_search_terms`.execute(db);
  await sql`DROP TABLE label_search_index`.execute(db);
  await sql`ALTER TABLE label_search RENAME TO label_search_documents`.execute(db);
  await sql`CREATE VIRTUAL TABLE label_search USING fts5(label_id UNINDEXED, document, tokenize = 'trigram')`.execute(db);
  await sql`INSERT INTO label_search (label_id, document) SELECT label_id, document FROM label_search_documents`.execute(db);
  await sql`DROP TABLE label_search_documents`.execute(db);
}
