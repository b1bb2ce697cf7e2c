/**
 * Property tests of the public search, GET /api/v1/labels, on SQLite (FTS5 GLOB) and PostgreSQL
 * (LIKE): any query string gets 200 or a documented 400 problem, never a 5xx; and the total is
 * exactly the number of search documents that contain the folded query, so LIKE and GLOB
 * wildcards typed by a visitor (% _ * ? [) match only themselves. Runs: FUZZ_RUNS.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { foldForSearch } from '../../src/app/labels/label-search.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { createParties, issueLabelThroughApi } from '../helpers/fixtures.ts';
import { anyText, fullWidth, params } from './fuzz.ts';

const MODELS = [
  ['A%B_C-100', 'ＡＢＣ－２００'],
  ['x*y?z[1]', 'back\\slash'],
  ["O'Brien-7", 'ü-ß-İ-9'],
  ['カメラ-ｶﾒﾗ', 'WR-2S5'],
  ['%%__', '[[]]'],
];

for (const dialect of DIALECTS) {
  describe(`${dialect.name}: search properties (GET /api/v1/labels)`, { skip: dialect.skip }, () => {
    let t: TestApp;
    let documents: string[];

    before(async () => {
      t = await startTestApp(dialect);
      const p = await createParties(t);
      for (const [i, models] of MODELS.entries()) {
        await issueLabelThroughApi(t, p, { modelNumbers: models, nameEn: `Router ${i} 100%_done`, nameJa: `ルーター${i}` });
      }
      documents = (await t.ctx.db.selectFrom('label_search').select('document').execute()).map((r) => r.document);
      assert.equal(documents.length, MODELS.length);
    });
    after(async () => t?.close());

    const search = (query: Record<string, string>) => t.app.inject({ method: 'GET', url: `/api/v1/labels?${new URLSearchParams(query)}` });

    function assertListOrProblem(res: LightMyRequestResponse, codes: string[], context: string): void {
      assert.ok(res.statusCode === 200 || res.statusCode === 400, `${context} → ${res.statusCode} ${res.body}`);
      if (res.statusCode === 400) {
        assert.match(String(res.headers['content-type']), /^application\/problem\+json/, context);
        assert.ok(codes.includes(res.json().code), `${context} → ${res.body}`);
      }
    }

    /** Checks the total against the documents, computed here without the database. */
    async function assertExactTotal(q: string): Promise<void> {
      const res = await search({ q, limit: '100' });
      assertListOrProblem(res, ['VALIDATION_FAILED'], `q=${JSON.stringify(q)}`);
      if (res.statusCode !== 200) {
        assert.ok(q.length > 200 || /[\p{Cc}\p{Cf}]/u.test(q), `only over-long or control-character queries are refused: ${JSON.stringify(q)} → ${res.body}`);
        return;
      }
      const folded = foldForSearch(new URLSearchParams({ q }).get('q')!);
      const expected = folded ? documents.filter((d) => d.includes(folded)).length : documents.length;
      assert.equal(res.json().total, expected, `q=${JSON.stringify(q)} folded ${JSON.stringify(folded)}`);
      assert.equal(res.json().items.length, expected);
    }

    it('answers any text query with exactly the labels whose document contains it', async () => {
      await fc.assert(fc.asyncProperty(anyText(40), assertExactTotal), params());
    });

    it('finds every label by any piece of its document, typed in another width or case', async () => {
      const piece = fc
        .tuple(fc.nat(documents.length - 1), fc.nat(), fc.integer({ min: 1, max: 12 }), fc.constantFrom('as is', 'upper', 'wide'))
        .map(([d, start, length, form]) => {
          const doc = [...documents[d]!];
          const from = start % doc.length;
          const text = doc.slice(from, from + length).join('');
          return { text: form === 'upper' ? text.toUpperCase() : form === 'wide' ? fullWidth(text) : text, form };
        });
      await fc.assert(
        fc.asyncProperty(piece, async ({ text, form }) => {
          await assertExactTotal(text);
          // Upper case can change letters for good (ß → SS); the document's own text and full width cannot.
          if (form !== 'upper') assert.ok((await search({ q: text })).json().total >= 1, `${form} ${JSON.stringify(text)}`);
        }),
        params(),
      );
    });

    it('answers any combination of parameters with 200 or a documented 400', async () => {
      const value = fc.oneof(anyText(20), fc.constantFrom('1', '0', '-1', '100', '101', '1e3', 'true', 'valid', 'revoked', 'expiring', 'router', '00000000-0000-0000-0000-000000000000', 'WyJhIiwiYiJd'));
      const key = fc.constantFrom('q', 'level', 'status', 'vendor', 'category', 'ukPsti', 'sort', 'cursor', 'limit', 'unknown', '__proto__');
      await fc.assert(
        fc.asyncProperty(fc.dictionary(key, value, { maxKeys: 5 }), async (query) => {
          assertListOrProblem(await search(query), ['VALIDATION_FAILED', 'INVALID_CURSOR'], JSON.stringify(query));
        }),
        params(),
      );
    });

    it('answers any raw query string, malformed escapes included, without a 5xx', async () => {
      const raw = fc.string({ unit: fc.constantFrom('%', '&', '=', '+', 'q', 'limit', 'cursor', 'category', 'a', 'F', '0', 'E0', 'C3', '%00', '%ZZ', '%FF', '%E3%81', '[]', '[a]', '.'), maxLength: 30 });
      await fc.assert(
        fc.asyncProperty(raw, async (query) => {
          const res = await t.app.inject({ method: 'GET', url: `/api/v1/labels?${query}` });
          assertListOrProblem(res, ['VALIDATION_FAILED', 'INVALID_CURSOR'], query);
        }),
        params(),
      );
    });
  });
}
