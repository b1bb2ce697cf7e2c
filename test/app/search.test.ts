/** Free-text label search on both databases: Japanese substrings, width and case folding. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { listPublicLabels } from '../../src/app/labels/list-public-labels.ts';
import { updateProduct } from '../../src/app/products/update-product.ts';
import { SYSTEM_ACTOR } from '../../src/app/context.ts';
import { seedDemo } from '../../src/demo/seed-demo.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';

for (const dialect of DIALECTS) {
  describe(`${dialect.name}: label search`, { skip: dialect.skip }, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(dialect);
      await seedDemo(t.ctx);
    });
    after(async () => t?.close());

    const search = async (q: string) => (await listPublicLabels(t.ctx, { q, limit: 100 })).items;

    it('finds a product by a Japanese substring of its name', async () => {
      const items = await search('ホームルーター');
      assert.ok(items.length > 0);
      for (const i of items) assert.ok(`${i.product.name.ja}${i.vendor.name.ja}`.includes('ホームルーター'));
    });

    it('finds a model number typed in another width or case', async () => {
      const lower = await search('hs-mini2');
      assert.ok(lower.length >= 1, 'lower case as stored');
      assert.deepEqual(await search('HS-MINI2'), lower);
      assert.deepEqual(await search('ＨＳ－ＭＩＮＩ２'), lower);
    });

    it('finds a label by its registration number, and by a short query under three characters', async () => {
      const [first] = await search('JS1-');
      assert.ok(first);
      const exact = await search(first!.registrationNumber.toLowerCase());
      assert.deepEqual(exact.map((i) => i.registrationNumber), [first!.registrationNumber]);
      const short = await search('デモ');
      assert.ok(short.length > 0, 'two-character query falls back to a scan');
    });

    it('treats LIKE wildcards and quotes as plain text', async () => {
      assert.deepEqual(await search('%'), []);
      assert.deepEqual(await search('_'), []);
      assert.deepEqual(await search(`' OR 1=1 --`), []);
      assert.deepEqual(await search('"'), []);
      assert.deepEqual(await search('*'), []);
      assert.deepEqual(await search('[a-z]'), []);
      assert.deepEqual(await search('?'), []);
    });

    it('follows a product rename', async () => {
      const [item] = await search('hs-mini2');
      const product = await t.ctx.db.selectFrom('labels').select('product_id').where('registration_number', '=', item!.registrationNumber).executeTakeFirstOrThrow();
      await updateProduct(t.ctx, SYSTEM_ACTOR, product.product_id, { nameJa: '改名スピーカー試験品', nameEn: 'Renamed speaker' });
      assert.deepEqual((await search('改名スピーカー')).map((i) => i.registrationNumber), [item!.registrationNumber]);
    });
  });
}
