/**
 * PostgreSQL's named statements (src/store/prepared.ts): a search's text match and its page are
 * prepared once per connection and then run from the server's plan cache, and the text match
 * settles on one generic plan (the trigram index), which the design relies on.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { listPublicLabels } from '../../src/app/labels/list-public-labels.ts';
import { refreshTrigramCounts } from '../../src/app/labels/trigram-counts.ts';
import { seedDemo } from '../../src/demo/seed-demo.ts';
import { postgres } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';

describe('postgres: named statements', { skip: postgres.skip }, () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp(postgres);
    await seedDemo(t.ctx);
    await refreshTrigramCounts(t.ctx.db, { force: true });
  });
  after(async () => t?.close());

  it('prepares a search once per connection and reuses it with other values', async () => {
    const some = (await listPublicLabels(t.ctx, { limit: 100 })).items;
    const product = some.find((i) => [...i.product.name.en].length >= 8)!;
    const queries = some.slice(0, 4).map((i) => i.registrationNumber).concat(product.product.name.en);
    // One connection, so that its prepared statements can be read back.
    const expected = await Promise.all(queries.map(async (q) => (await listPublicLabels(t.ctx, { q })).items.map((i) => i.registrationNumber)));
    await t.ctx.db.connection().execute(async (db) => {
      const ctx = { ...t.ctx, db };
      const prepared = async () =>
        (await sql<{ statement: string; runs: number; generic: number }>`
          SELECT statement, (generic_plans + custom_plans)::int AS runs, generic_plans::int AS generic FROM pg_prepared_statements`.execute(db)).rows;
      const before = new Map((await prepared()).map((s) => [s.statement, s.runs]));
      for (let round = 0; round < 2; round++) {
        for (const [i, q] of queries.entries()) {
          assert.deepEqual((await listPublicLabels(ctx, { q })).items.map((x) => x.registrationNumber), expected[i], q);
        }
      }
      const statements = await prepared();
      const ran = (s: { statement: string; runs: number }) => s.runs - (before.get(s.statement) ?? 0);
      const textMatch = statements.find((s) => /from "label_search" where .*like/i.test(s.statement));
      assert.ok(textMatch, 'the text match is a named statement');
      assert.equal(ran(textMatch), queries.length * 2, 'one statement for every search');
      assert.ok(textMatch.generic > 0, 'the server settled on one plan for every query');
      const page = statements.find((s) => /from "labels" inner join "products"/i.test(s.statement));
      assert.ok(page, 'the page is a named statement');
      assert.equal(ran(page), queries.length * 2);
    });
  });
});
