/**
 * PostgreSQL: how many search documents hold each trigram, so that a search asks the trigram
 * index for its rarest trigrams only (text-match.ts), as it does on SQLite from FTS5's vocabulary.
 *
 * pg_trgm answers `LIKE '%q%'` by reading the posting list of every trigram of the query, and it
 * splits the query into words at punctuation, adding padded trigrams such as `sp ` or ` jp` that
 * half the model numbers hold. A vendor name read 100k-document posting lists (株式会, 式会社) and
 * took 7 ms at 100k labels. pg_trgm keeps no per-trigram count, so the counts are rebuilt from the
 * documents into a table (3.4 s of database time at 100k labels) every few hours. They only
 * choose which trigrams to ask for: the index itself is always current, and every match is
 * confirmed against the whole query.
 */
import { sql } from 'kysely';
import { isPostgres, type Db } from '../../store/database.ts';

const STATISTIC = 'label_search_trigram_counts';
/** Counts older than this are rebuilt by the job worker's next round. */
export const TRIGRAM_COUNTS_MAX_AGE_HOURS = 6;

/**
 * Rebuilds the counts when they are missing or older than TRIGRAM_COUNTS_MAX_AGE_HOURS (or always,
 * with `force`). One process at a time: the others skip. Readers see the old counts until the
 * new ones commit. Returns whether it rebuilt them; does nothing on SQLite.
 */
export async function refreshTrigramCounts(db: Db, options: { force?: boolean } = {}): Promise<boolean> {
  if (!isPostgres(db)) return false;
  return db.transaction().execute(async (trx) => {
    const locked = await sql<{ ok: boolean }>`SELECT pg_try_advisory_xact_lock(hashtext(${STATISTIC})) AS ok`.execute(trx);
    if (!locked.rows[0]?.ok) return false;
    if (!options.force) {
      const fresh = await sql`SELECT 1 FROM search_statistics WHERE name = ${STATISTIC}
        AND refreshed_at > now() - make_interval(hours => ${TRIGRAM_COUNTS_MAX_AGE_HOURS})`.execute(trx);
      if (fresh.rows.length > 0) return false;
    }
    // DELETE, not TRUNCATE: TRUNCATE would lock searches out until the new counts commit.
    await sql`DELETE FROM label_search_trigram_counts`.execute(trx);
    // show_trgm gives each document's distinct trigrams, so a count is a number of documents.
    await sql`INSERT INTO label_search_trigram_counts (trigram, documents)
      SELECT t, count(*) FROM label_search, unnest(show_trgm(document)) AS t GROUP BY t`.execute(trx);
    await sql`INSERT INTO search_statistics (name, refreshed_at) VALUES (${STATISTIC}, now())
      ON CONFLICT (name) DO UPDATE SET refreshed_at = excluded.refreshed_at`.execute(trx);
    return true;
  });
}

/** Whether any counts have been recorded (a new database has none until the first rebuild). */
export async function hasTrigramCounts(db: Db): Promise<boolean> {
  return (await sql`SELECT 1 FROM label_search_trigram_counts LIMIT 1`.execute(db)).rows.length > 0;
}

/**
 * 3-character windows of the folded query that pg_trgm reads as one trigram inside a word: `LIKE
 * '%w%'` asks the index for exactly that trigram, with no padded ones. pg_trgm's words are runs
 * of letters and digits (CJK included, in a UTF-8 locale). A window it would split anyway only
 * makes the index condition broader, never wrong.
 */
export function wordWindows(q: string): string[] {
  const chars = [...q];
  const out = new Set<string>();
  for (let i = 0; i + 3 <= chars.length; i++) {
    const w = chars.slice(i, i + 3).join('');
    if (/^[\p{L}\p{N}]{3}$/u.test(w)) out.add(w);
  }
  return [...out];
}

/**
 * Documents holding each window's trigram, as last counted (0 when none did). The trigram's
 * spelling in the table comes from pg_trgm itself: the trigrams of the window, less the padded
 * ones its two-character ends also give.
 */
export async function windowCounts(db: Db, windows: string[]): Promise<Map<string, number>> {
  const rows = await sql<{ w: string; documents: number }>`
    SELECT w, max(coalesce(c.documents, 0)) AS documents
    FROM unnest(${windows}::text[]) AS w
    LEFT JOIN LATERAL (
      SELECT t FROM unnest(show_trgm(w)) AS t
      EXCEPT SELECT unnest(show_trgm(left(w, 2)))
      EXCEPT SELECT unnest(show_trgm(right(w, 2)))
    ) AS k ON true
    LEFT JOIN label_search_trigram_counts AS c ON c.trigram = k.t
    GROUP BY w`.execute(db);
  return new Map(rows.rows.map((r) => [r.w, Number(r.documents)]));
}
