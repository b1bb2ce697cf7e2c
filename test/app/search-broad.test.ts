/**
 * Text search past the exact-count cap: a query matching more than SEARCH_TOTAL_CAP labels walks
 * the list in its order (totalRelation "gte"), one matching fewer sorts its matches (exact total).
 * Both are checked against a brute-force reading of every search document.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { foldForSearch, refreshLabelSearch } from '../../src/app/labels/label-search.ts';
import { listPublicLabels, SEARCH_TOTAL_CAP, type ListLabelsFilter } from '../../src/app/labels/list-public-labels.ts';
import { seedSynthetic } from '../../src/demo/synthetic.ts';
import { deriveStatus } from '../../src/domain/label-status.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';

interface Doc {
  id: string;
  rn: string;
  issuedAt: string;
  expiresAt: string;
  level: number;
  status: string;
  document: string;
}

for (const dialect of DIALECTS) {
  describe(`${dialect.name}: text search past the count cap`, { skip: dialect.skip }, () => {
    let t: TestApp;
    let docs: Doc[];
    const load = async () => {
      const now = t.ctx.clock.now();
      const rows = await t.ctx.db
        .selectFrom('labels')
        .innerJoin('label_search', 'label_search.label_id', 'labels.id')
        .select(['labels.id', 'labels.registration_number', 'labels.issued_at', 'labels.expires_at', 'labels.level', 'labels.base_status', 'label_search.document'])
        .execute();
      docs = rows.map((r) => ({
        id: r.id, rn: r.registration_number, issuedAt: r.issued_at, expiresAt: r.expires_at, level: r.level,
        status: deriveStatus(r.base_status as never, new Date(r.expires_at), now), document: r.document,
      }));
    };
    before(async () => {
      t = await startTestApp(dialect);
      await seedSynthetic(t.ctx, { labels: 1500, modelsPerLabel: 2 });
      await load();
    });
    after(async () => t?.close());

    /** The registration numbers of every page, newest first, following the cursor. */
    async function allPages(filter: ListLabelsFilter): Promise<{ rns: string[]; totals: Array<[number, string]> }> {
      const rns: string[] = [];
      const totals: Array<[number, string]> = [];
      let cursor: string | undefined;
      do {
        const page = await listPublicLabels(t.ctx, { ...filter, limit: 100, ...(cursor ? { cursor } : {}) });
        rns.push(...page.items.map((i) => i.registrationNumber));
        totals.push([page.total, page.totalRelation]);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return { rns, totals };
    }

    function expected(q: string, keep: (d: Doc) => boolean = () => true): string[] {
      const folded = foldForSearch(q);
      return docs
        .filter((d) => d.document.includes(folded) && keep(d))
        .sort((a, b) => (a.issuedAt === b.issuedAt ? (a.id < b.id ? 1 : -1) : a.issuedAt < b.issuedAt ? 1 : -1))
        .map((d) => d.rn);
    }

    it('a query in every document: "at least" the cap, and every page in list order', async () => {
      const want = expected('株式会社');
      assert.ok(want.length > SEARCH_TOTAL_CAP, `${want.length} matches`);
      const got = await allPages({ q: '株式会社' });
      assert.deepEqual(got.rns, want);
      assert.ok(got.totals.every(([n, rel]) => n === SEARCH_TOTAL_CAP && rel === 'gte'));
    });

    it('a broad query with filters walks only the filtered labels', async () => {
      const keep = (d: Doc) => d.level === 1 && d.status === 'valid';
      const want = expected('株式会社', keep);
      const got = await allPages({ q: '株式会社', level: 1, status: 'valid' });
      assert.deepEqual(got.rns, want);
      const relation = want.length > SEARCH_TOTAL_CAP ? 'gte' : 'eq';
      assert.deepEqual(got.totals[0], [Math.min(want.length, SEARCH_TOTAL_CAP), relation]);
    });

    it('a broad query within one vendor checks that vendor\'s labels, with the same answer', async () => {
      const label = await t.ctx.db.selectFrom('labels').select(['id', 'vendor_id']).where('id', '=', docs[5]!.id).executeTakeFirstOrThrow();
      const ofVendor = new Set((await t.ctx.db.selectFrom('labels').select('id').where('vendor_id', '=', label.vendor_id).execute()).map((r) => r.id));
      for (const q of ['株式会社', 'ルーター', docs[5]!.rn]) {
        const want = expected(q, (d) => ofVendor.has(d.id));
        const got = await allPages({ q, vendorId: label.vendor_id });
        assert.deepEqual(got.rns, want, q);
        assert.deepEqual(got.totals[0], [want.length, 'eq'], q);
      }
    });

    it('a narrower query: its exact total and the same order', async () => {
      const model = await t.ctx.db.selectFrom('label_model_numbers').select('model_number').where('label_id', '=', docs[42]!.id).executeTakeFirstOrThrow();
      for (const q of ['ルーター', 'ネットワークカメラ', 'ｗｒ-', docs[7]!.rn, model.model_number]) {
        const want = expected(q);
        assert.ok(want.length > 0 && want.length <= SEARCH_TOTAL_CAP, `${q}: ${want.length}`);
        const got = await allPages({ q });
        assert.deepEqual(got.rns, want, q);
        assert.deepEqual(got.totals[0], [want.length, 'eq'], q);
      }
    });

    it('a next page asked with a larger limit, so that the rest fits on it, starts after the cursor', async () => {
      const vendorId = (await t.ctx.db.selectFrom('labels').select('vendor_id').where('id', '=', docs[5]!.id).executeTakeFirstOrThrow()).vendor_id;
      for (const sort of ['newest', 'registration'] as const) {
        const ofVendor = (await allPages({ q: '株式会社', sort, vendorId })).rns;
        assert.ok(ofVendor.length > 2 && ofVendor.length <= 100, `${ofVendor.length} matches`);
        const head = await listPublicLabels(t.ctx, { q: '株式会社', sort, vendorId, limit: 2 });
        const rest = await listPublicLabels(t.ctx, { q: '株式会社', sort, vendorId, limit: 100, cursor: head.nextCursor! });
        assert.deepEqual([...head.items, ...rest.items].map((i) => i.registrationNumber), ofVendor, sort);
        assert.equal(rest.nextCursor, null);
      }
    });

    it('short queries (no trigram) take either path', async () => {
      for (const q of ['株式', 'ー', 'wr', 'q7']) {
        const want = expected(q);
        const got = await allPages({ q });
        assert.deepEqual(got.rns, want, q);
        assert.deepEqual(got.totals[0], want.length > SEARCH_TOTAL_CAP ? [SEARCH_TOTAL_CAP, 'gte'] : [want.length, 'eq'], q);
      }
    });

    it('a rare two-character query is found inside a word, before punctuation, as a word and at a document\'s end', async () => {
      const q = 'ωψ';
      assert.deepEqual(expected(q), [], 'the synthetic registry has no "ωψ"');
      const names = ['Camera ΩΨX', 'Router ΩΨ-9', 'Hub (ωψ)'];
      const changed = docs.slice(10, 14);
      for (const [i, label] of changed.entries()) {
        if (i < names.length) {
          const product = await t.ctx.db.selectFrom('labels').select('product_id').where('id', '=', label.id).executeTakeFirstOrThrow();
          await t.ctx.db.updateTable('products').set({ name_en: names[i]! }).where('id', '=', product.product_id).execute();
        } else {
          // The last model number ends the document: no trigram starts with its last two characters.
          const last = await t.ctx.db.selectFrom('label_model_numbers').select('position').where('label_id', '=', label.id).orderBy('position', 'desc').executeTakeFirstOrThrow();
          await t.ctx.db.updateTable('label_model_numbers').set({ model_number: 'AB-ΩΨ' }).where('label_id', '=', label.id).where('position', '=', last.position).execute();
        }
      }
      await refreshLabelSearch(t.ctx.db, changed.map((d) => d.id));
      await load();
      assert.ok(docs.some((d) => d.document.endsWith(q)), 'one document ends with the query');
      const want = expected(q);
      assert.equal(want.length, changed.length);
      const got = await listPublicLabels(t.ctx, { q, limit: 100 });
      assert.deepEqual(got.items.map((i) => i.registrationNumber), want);
      assert.deepEqual([got.total, got.totalRelation], [want.length, 'eq']);
    });

    it('a text that was nowhere is found as soon as a label gets it (cached trigram counts only guide)', async () => {
      const q = 'zqxj-77';
      assert.equal((await listPublicLabels(t.ctx, { q })).total, 0);
      const label = docs[3]!;
      const product = await t.ctx.db.selectFrom('labels').select('product_id').where('id', '=', label.id).executeTakeFirstOrThrow();
      await t.ctx.db.updateTable('products').set({ name_en: `Camera ZQXJ-77` }).where('id', '=', product.product_id).execute();
      await refreshLabelSearch(t.ctx.db, [label.id]);
      const found = await listPublicLabels(t.ctx, { q });
      assert.deepEqual(found.items.map((i) => i.registrationNumber), [label.rn]);
      assert.deepEqual([found.total, found.totalRelation], [1, 'eq']);
    });
  });
}
