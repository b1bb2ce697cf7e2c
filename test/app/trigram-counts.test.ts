/**
 * PostgreSQL's trigram counts (src/app/labels/trigram-counts.ts): rebuilt when missing or stale,
 * once at a time, and equal to a count made by reading every search document.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { hasTrigramCounts, refreshTrigramCounts, windowCounts, wordWindows } from '../../src/app/labels/trigram-counts.ts';
import { seedDemo } from '../../src/demo/seed-demo.ts';
import { postgres, sqlite } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';

describe('search windows', () => {
  it('keeps the 3-character windows inside words: letters and digits, Japanese included', () => {
    assert.deepEqual(wordWindows('sp-rs-pro'), ['pro']);
    assert.deepEqual(wordWindows('wr-2s5x'), ['2s5', 's5x']);
    assert.deepEqual(wordWindows('ホームルーター'), ['ホーム', 'ームル', 'ムルー', 'ルータ', 'ーター']);
    assert.deepEqual(wordWindows('第98株(合成)'), ['第98', '98株']);
    assert.deepEqual(wordWindows('a-b-c'), []);
    assert.deepEqual(wordWindows('ab'), []);
  });
});

describe('postgres: trigram counts', { skip: postgres.skip }, () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp(postgres);
    await seedDemo(t.ctx);
  });
  after(async () => t?.close());

  it('are built when missing, skipped while fresh, and rebuilt on demand', async () => {
    assert.equal(await hasTrigramCounts(t.ctx.db), false, 'a new database has none');
    assert.equal(await refreshTrigramCounts(t.ctx.db), true);
    assert.equal(await hasTrigramCounts(t.ctx.db), true);
    assert.equal(await refreshTrigramCounts(t.ctx.db), false, 'fresh counts are kept');
    assert.equal(await refreshTrigramCounts(t.ctx.db, { force: true }), true);
    await sql`UPDATE search_statistics SET refreshed_at = now() - interval '7 hours'`.execute(t.ctx.db);
    assert.equal(await refreshTrigramCounts(t.ctx.db), true, 'stale counts are rebuilt');
  });

  it('count, for each window, the documents holding it', async () => {
    await refreshTrigramCounts(t.ctx.db, { force: true });
    const documents = (await t.ctx.db.selectFrom('label_search').select('document').execute()).map((r) => r.document);
    const windows = [...new Set(documents.flatMap((d) => wordWindows(d)))].slice(0, 400);
    windows.push('zqx', 'ゐゑを');
    const counts = await windowCounts(t.ctx.db, windows);
    for (const w of windows) assert.equal(counts.get(w), documents.filter((d) => d.includes(w)).length, w);
  });

  it('one process rebuilds at a time: while another holds the rebuild, it skips', async () => {
    await t.ctx.db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(hashtext('label_search_trigram_counts'))`.execute(trx);
      assert.equal(await refreshTrigramCounts(t.ctx.db, { force: true }), false);
    });
    assert.equal(await refreshTrigramCounts(t.ctx.db, { force: true }), true);
  });
});

describe('sqlite: trigram counts', () => {
  it('are not kept (FTS5 counts its trigrams itself)', async () => {
    const t = await startTestApp(sqlite);
    try {
      assert.equal(await refreshTrigramCounts(t.ctx.db, { force: true }), false);
    } finally {
      await t.close();
    }
  });
});
