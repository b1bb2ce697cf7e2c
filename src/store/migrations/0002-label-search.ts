/**
 * Full-text search over labels with Japanese substring matching: one search document per label
 * (registration number, product and vendor names, model numbers), NFKC-folded and lower-cased.
 * SQLite: an FTS5 table with the trigram tokenizer (substring LIKE uses the index from 3
 * characters; shorter queries scan). PostgreSQL: a table with a pg_trgm GIN index.
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen copy of the document rule at the time of this migration (live code may evolve).
const fold = (s: string) => s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();

export async function up(db: Kysely<any>): Promise<void> {
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
  if (isPostgres) {
    await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);
    await sql`CREATE TABLE label_search (label_id text PRIMARY KEY REFERENCES labels(id), document text NOT NULL)`.execute(db);
    await sql`CREATE INDEX label_search_trgm ON label_search USING gin (document gin_trgm_ops)`.execute(db);
  } else {
    await sql`CREATE VIRTUAL TABLE label_search USING fts5(label_id UNINDEXED, document, tokenize = 'trigram')`.execute(db);
  }
  const labels = await db
    .selectFrom('labels')
    .innerJoin('products', 'products.id', 'labels.product_id')
    .innerJoin('vendors', 'vendors.id', 'labels.vendor_id')
    .select(['labels.id', 'labels.registration_number', 'products.name_ja', 'products.name_en', 'vendors.name_ja as v_ja', 'vendors.name_en as v_en'])
    .execute();
  for (const l of labels) {
    const models = await db.selectFrom('label_model_numbers').select('model_number').where('label_id', '=', l.id).execute();
    const document = fold([l.registration_number, l.name_ja, l.name_en, l.v_ja, l.v_en, ...models.map((m: { model_number: string }) => m.model_number)].join(' \u2029 '));
    await db.insertInto('label_search').values({ label_id: l.id, document }).execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('label_search').execute();
}
