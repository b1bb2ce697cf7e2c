/** The public list's orders and the UK PSTI filter, on both databases, with honest cursors. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { listPublicLabels, LABEL_SORTS, type LabelSort } from '../../src/app/labels/list-public-labels.ts';
import { seedDemo } from '../../src/demo/seed-demo.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';

for (const dialect of DIALECTS) {
  describe(`${dialect.name}: list orders and the UK PSTI filter`, { skip: dialect.skip }, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(dialect);
      await seedDemo(t.ctx);
    });
    after(async () => t?.close());

    /** Pages through the whole list 7 at a time. */
    async function all(sort: LabelSort) {
      const seen = [];
      let cursor: string | undefined;
      do {
        const page = await listPublicLabels(t.ctx, { sort, limit: 7, cursor });
        seen.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return seen;
    }

    for (const sort of LABEL_SORTS) {
      it(`pages through every label exactly once in ${sort} order`, async () => {
        const items = await all(sort);
        const total = (await listPublicLabels(t.ctx, {})).total;
        assert.equal(items.length, total);
        assert.equal(new Set(items.map((i) => i.registrationNumber)).size, total);
        const keys = items.map((i) => (sort === 'expiring' ? i.expiresAt : sort === 'registration' ? i.registrationNumber : i.issuedAt));
        const sorted = [...keys].sort();
        assert.deepEqual(keys, sort === 'newest' ? sorted.reverse() : sorted);
      });
    }

    it('refuses a cursor made for another order', async () => {
      const page = await listPublicLabels(t.ctx, { sort: 'expiring', limit: 3 });
      await assert.rejects(listPublicLabels(t.ctx, { sort: 'newest', cursor: page.nextCursor! }), { code: 'INVALID_CURSOR' });
      for (const bad of ['W10', 'WyJhIl0', 'WzEsMl0']) await assert.rejects(listPublicLabels(t.ctx, { cursor: bad }), { code: 'INVALID_CURSOR' }, bad);
    });

    it('lists only current ★1 labels for the UK PSTI filter', async () => {
      const uk = await listPublicLabels(t.ctx, { ukPsti: true, limit: 100 });
      const valid = await listPublicLabels(t.ctx, { status: 'valid', level: 1, limit: 100 });
      assert.equal(uk.total, valid.total);
      assert.ok(uk.items.every((i) => i.status === 'valid'));
    });
  });
}
