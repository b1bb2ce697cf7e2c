/**
 * Free-text matching for the public list: a label matches when its search document (see
 * label-search.ts) contains the folded query as a substring.
 *
 * A search runs in one of these ways, so that no query shape costs a scan of the registry:
 * - `findMatches` asks the trigram index for at most `limit` matching labels (with the list's
 *   filters). When there are no more than that, the caller sorts that small set and knows the
 *   exact total.
 * - When there are more, the query is broad (a company suffix, a category word): matches are
 *   dense, so the caller walks the list in its order and checks each label's document with
 *   `documentContains`, stopping at a page. Counting every match would read every document.
 * - With filters that leave few labels (one vendor's), `findMatches` checks those labels one by
 *   one instead of reading the index (`startsFromFilters`).
 *
 * SQLite: the rarest trigrams of the query find the candidates and `instr` confirms them. A phrase
 * query over every trigram reads the posting list of each common one (株式会社 is in every
 * document), which made a vendor-name search take 12 ms instead of under 1 ms at 100k labels.
 * How rare a trigram is comes from the index's vocabulary; the counts are cached per process for
 * ten minutes, and only choose which trigrams to ask for, never what matches.
 * PostgreSQL: pg_trgm's GIN index answers `LIKE '%w%'` for the rarest 3-character windows of
 * the query that lie inside a word, and `strpos` confirms the whole query. How rare a window is
 * comes from a table of counts rebuilt every few hours (trigram-counts.ts). Asking for the whole
 * query read every trigram's posting list, padded word ends included: a vendor name took 7 ms, a
 * model number 1.6 ms at 100k labels. Without counts (a new database), without such a window
 * (`a-b-c`) or without a rare one, the whole query is asked for.
 * Queries under three characters have no trigram: they scan, stopping at `limit` matches. On
 * SQLite a rare two-character query asks the index for the trigrams that start with it instead
 * (`pairCandidates`).
 */
import { sql, type Expression, type SelectQueryBuilder, type SqlBool } from 'kysely';
import { isPostgres, type Db } from '../../store/database.ts';
import { executeNamed } from '../../store/prepared.ts';
import type { Database } from '../../store/schema.ts';
import type { LabelsQuery } from './list-filters.ts';
import { hasTrigramCounts, windowCounts, wordWindows } from './trigram-counts.ts';

/** Trigrams of the query to intersect; more only adds posting lists to read. */
const RAREST_TRIGRAMS = 3;
const FREQUENCY_TTL_MS = 10 * 60_000;
const FREQUENCY_MAX_ENTRIES = 50_000;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Distinct 3-code-point windows of the text, as the trigram tokenizer splits it. */
export function trigramsOf(text: string): string[] {
  const chars = [...text];
  const out = new Set<string>();
  for (let i = 0; i + 3 <= chars.length; i++) out.add(chars.slice(i, i + 3).join(''));
  return [...out];
}

interface FrequencyCache {
  since: number;
  documents: Map<string, number>;
  /** Labels in the registry, when last counted. */
  labels?: number;
  /** PostgreSQL: whether trigram counts have been recorded at all. */
  hasCounts?: boolean;
}
const frequencies = new WeakMap<Db, FrequencyCache>();

function statistics(db: Db): FrequencyCache {
  let cache = frequencies.get(db);
  if (!cache || Date.now() - cache.since > FREQUENCY_TTL_MS || cache.documents.size > FREQUENCY_MAX_ENTRIES) {
    cache = { since: Date.now(), documents: new Map() };
    frequencies.set(db, cache);
  }
  return cache;
}

/** How many labels the registry holds (cached like the trigram counts). */
async function registrySize(db: Db): Promise<number> {
  const cache = statistics(db);
  cache.labels ??= Number((await db.selectFrom('labels').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return cache.labels;
}

/** How many documents hold each trigram (SQLite), from the per-process cache or the vocabulary. */
async function documentFrequencies(db: Db, trigrams: string[]): Promise<Map<string, number>> {
  const cache = statistics(db);
  const out = new Map<string, number>();
  for (const trigram of trigrams) {
    let n = cache.documents.get(trigram);
    if (n === undefined) {
      const row = await sql<{ doc: number }>`SELECT doc FROM label_search_terms WHERE term = ${trigram}`.execute(db);
      n = Number(row.rows[0]?.doc ?? 0);
      cache.documents.set(trigram, n);
    }
    out.set(trigram, n);
  }
  return out;
}

/**
 * PostgreSQL: a window asked for alone is worth it only when few documents hold it: each
 * candidate is read from the table to be confirmed. `sp-rs-pro` has one window, `pro`, in tens of
 * thousands of documents (90 ms); its whole query intersects its padded trigrams in the index.
 */
const WINDOW_CANDIDATES_MAX = 2000;

/**
 * How many documents hold each in-word window of `q` (PostgreSQL); undefined without counts, or
 * when no window is rare enough to start from.
 */
async function windowFrequencies(db: Db, q: string): Promise<Map<string, number> | undefined> {
  const windows = wordWindows(q);
  if (windows.length === 0) return undefined;
  const cache = statistics(db);
  cache.hasCounts ??= await hasTrigramCounts(db);
  if (!cache.hasCounts) return undefined;
  const missing = windows.filter((w) => !cache.documents.has(w));
  if (missing.length > 0) for (const [w, n] of await windowCounts(db, missing)) cache.documents.set(w, n);
  const counts = new Map(windows.map((w) => [w, cache.documents.get(w) ?? 0]));
  return Math.min(...counts.values()) <= WINDOW_CANDIDATES_MAX ? counts : undefined;
}

/** The `n` keys with the smallest counts. */
const rarest = (counts: Map<string, number>, n: number) => [...counts.keys()].sort((a, b) => counts.get(a)! - counts.get(b)!).slice(0, n);

/** An FTS5 query for documents holding every one of the trigrams (each quoted as a phrase). */
function ftsAllOf(trigrams: string[]): string {
  return trigrams.map((t) => `"${t.replaceAll('"', '""')}"`).join(' AND ');
}

/**
 * Ids of up to `limit` labels of `filtered` whose document contains `q` (folded), in no
 * particular order. Fewer than `limit` means these are all of them.
 */
export async function findMatches(db: Db, filtered: LabelsQuery, q: string, limit: number, options: { hasFilters: boolean }): Promise<string[]> {
  const trigrams = trigramsOf(q);
  const counts = trigrams.length === 0 ? undefined : isPostgres(db) ? await windowFrequencies(db, q) : await documentFrequencies(db, trigrams);
  if (options.hasFilters && (await startsFromFilters(db, filtered, limit, counts))) {
    return (await filtered.where(documentContains(db, q)).select('labels.id').limit(limit).execute()).map((r) => r.id);
  }
  // Without filters the documents alone answer: joining each match to its label cost as much as
  // finding it (100 matches of a vendor name: 0.7 ms on PostgreSQL).
  let query: SelectQueryBuilder<Database, 'label_search', { id: string }> = (
    options.hasFilters
      ? filtered.innerJoin('label_search', 'label_search.label_id', 'labels.id').select('labels.id')
      : db.selectFrom('label_search').select('label_search.label_id as id')
  ) as SelectQueryBuilder<Database, 'label_search', { id: string }>;
  query = query.limit(limit);
  if (isPostgres(db)) {
    if (counts) {
      // Always RAREST_TRIGRAMS conditions (the rarest repeated when there are fewer): one
      // statement text, prepared once per connection without filters.
      const windows = rarest(counts, RAREST_TRIGRAMS);
      while (windows.length < RAREST_TRIGRAMS) windows.push(windows[0]!);
      for (const w of windows) query = query.where(sql<boolean>`label_search.document like ${`%${escapeLike(w)}%`} escape '\\'`);
      query = query.where(sql<boolean>`strpos(label_search.document, ${q}) > 0`);
      if (!options.hasFilters) return (await executeNamed(db, query)).map((r) => r.id);
    } else {
      query = query.where(sql<boolean>`label_search.document like ${`%${escapeLike(q)}%`} escape '\\'`);
    }
    if (trigrams.length === 0 || !options.hasFilters) return (await query.execute()).map((r) => r.id);
    // PostgreSQL cannot estimate how many documents a LIKE '%…%' matches, and with the list's
    // filters it chose a parallel scan of every document (80–100 ms for a vendor name at 100k
    // labels) over the trigram index (4–12 ms). The index is always the better start here. Without
    // filters it picks the index itself, and the transaction's three extra round trips cost a
    // quarter of the throughput of many different searches.
    const compiled = query.compile();
    return db.transaction().execute(async (trx) => {
      await sql`SET LOCAL enable_seqscan = off`.execute(trx);
      return (await trx.executeQuery(compiled)).rows.map((r) => r.id);
    });
  }
  if (!counts) {
    const pair = [...q].length === 2 ? await pairCandidates(db, q, limit) : undefined;
    if (pair) query = query.where(pair);
    query = query.where(sql<boolean>`instr(label_search.document, ${q}) > 0`);
  } else {
    // The index finds documents holding the rarest trigrams; `instr` keeps those holding the
    // whole query (the trigrams could sit apart). The planner drives the join from the index.
    query = query
      .innerJoin(sql<{ rowid: number }>`label_search_index`.as('label_search_index'), (join) =>
        join.on(sql<boolean>`label_search_index.rowid = label_search.id`),
      )
      .where(sql<boolean>`label_search_index MATCH ${ftsAllOf(rarest(counts, RAREST_TRIGRAMS))}`)
      .where(sql<boolean>`instr(label_search.document, ${q}) > 0`);
  }
  return (await query.execute()).map((r) => r.id);
}

/**
 * SQLite: where the documents holding a two-character query are, when reading the index for them
 * beats scanning; undefined otherwise. Each occurrence is followed by a character, so one of the
 * trigrams that start with the query holds it (the vocabulary lists them in 0.5–1.6 ms), or it
 * ends its document (the label_search_tail index). A scan stops at `limit` matches, so it reads
 * about labels × limit ÷ (documents holding the query) documents; the index reads every posting of
 * those trigrams, each at about half the cost (100k documents scanned: 37 ms; 58k postings read:
 * 12 ms). A rare pair (`qz`) went from 37–64 ms to 3 ms at 100k labels.
 */
async function pairCandidates(db: Db, q: string, limit: number): Promise<Expression<SqlBool> | undefined> {
  const terms = (await sql<{ term: string; doc: number }>`
    SELECT term, doc FROM label_search_terms WHERE term >= ${q} AND term <= ${`${q}\u{10FFFF}`}`.execute(db)).rows;
  const postings = terms.reduce((sum, t) => sum + t.doc, 0);
  // The densest trigram's count is a lower bound of the documents holding the query.
  const densest = Math.max(1, ...terms.map((t) => t.doc));
  const scanReads = (await registrySize(db)) * Math.min(1, limit / densest);
  if (postings > 2 * scanReads) return undefined;
  const tail = sql<SqlBool>`substr(label_search.document, -2) = ${q}`;
  if (terms.length === 0) return tail;
  const anyOf = terms.map((t) => `"${t.term.replaceAll('"', '""')}"`).join(' OR ');
  return sql<SqlBool>`(label_search.id IN (SELECT rowid FROM label_search_index WHERE label_search_index MATCH ${anyOf}) OR ${tail})`;
}

/**
 * Whether a filtered search should check the filtered labels one by one rather than start from
 * the text index: when the filters leave fewer labels than the index would make it read. A broad
 * word within one vendor's labels read 100k documents from the index to find that vendor's 100
 * (200 ms); checked label by label it reads 100. Counts assume the text and the filters are
 * independent; the rarest trigram's count bounds the index's reads, or the registry's size does
 * when no count is known.
 */
async function startsFromFilters(db: Db, filtered: LabelsQuery, limit: number, counts: Map<string, number> | undefined): Promise<boolean> {
  // A rare trigram bounds the index's reads below any count worth making.
  if (counts && Math.min(...counts.values()) <= limit) return false;
  const labels = await registrySize(db);
  const left = Number((await filtered.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const candidates = counts ? Math.min(...counts.values()) : labels;
  const indexReads = Math.min(candidates, (limit * labels) / Math.max(1, left));
  return left <= indexReads;
}

/**
 * "The label is one of `ids`", with one parameter whatever their number: the statement's text stays
 * the same, so it is prepared once (a list of placeholders made a new statement per count).
 */
export function labelIdIn(db: Db, ids: readonly string[]): Expression<SqlBool> {
  return isPostgres(db)
    ? sql<SqlBool>`labels.id = any(${[...ids]})`
    : sql<SqlBool>`labels.id in (select value from json_each(${JSON.stringify(ids)}))`;
}

/**
 * "This label's document contains `q`", checked label by label through the document's key:
 * for walking the list in its order when matches are dense.
 */
export function documentContains(db: Db, q: string): Expression<SqlBool> {
  // strpos/instr rather than LIKE: PostgreSQL then estimates the match as common and walks the
  // list's index with a nested loop, instead of collecting every match from the GIN index first.
  const contains = isPostgres(db) ? sql`strpos(label_search.document, ${q}) > 0` : sql`instr(label_search.document, ${q}) > 0`;
  return sql<SqlBool>`exists (select 1 from label_search where label_search.label_id = labels.id and ${contains})`;
}
