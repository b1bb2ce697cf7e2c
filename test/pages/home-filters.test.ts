/** The search page's order, UK PSTI and vendor filters, as a visitor uses them. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parse } from 'node-html-parser';
import { listPublicLabels } from '../../src/app/labels/list-public-labels.ts';
import { seedDemo } from '../../src/demo/seed-demo.ts';
import { sqlite } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';

describe('search page filters: order, UK PSTI, vendor', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp(sqlite);
    await seedDemo(t.ctx);
  });
  after(async () => t?.close());

  const page = async (query: string) => {
    const res = await t.app.inject({ method: 'GET', url: `/?${query}`, headers: { 'accept-language': 'en' } });
    assert.equal(res.statusCode, 200);
    return parse(res.body);
  };
  const numbers = (doc: ReturnType<typeof parse>) => doc.querySelectorAll('.result .mono').map((n) => n.text.trim());

  it('orders by registration number when asked, and keeps the order on the next page', async () => {
    const doc = await page('sort=registration');
    const shown = numbers(doc);
    assert.deepEqual(shown, [...shown].sort());
    assert.equal(doc.querySelector('#sort option[selected]')?.getAttribute('value'), 'registration');
    const next = doc.querySelector('a[rel=next]')?.getAttribute('href');
    assert.match(next ?? '', /sort=registration/);
    const second = numbers(await page(next!.slice(2)));
    assert.ok(second[0]! > shown.at(-1)!);
  });

  it('shows only labels that count for UK PSTI when the box is ticked', async () => {
    const doc = await page('uk=1');
    assert.equal(doc.querySelector('#uk')?.hasAttribute('checked'), true);
    const expected = (await listPublicLabels(t.ctx, { ukPsti: true })).total;
    assert.match(doc.querySelector('.results__total')!.text, new RegExp(String(expected)));
    assert.ok(doc.querySelectorAll('.result .status').every((b) => /valid/i.test(b.getAttribute('class') ?? '')));
  });

  it('filters by a vendor from its name in the results, and can be cleared', async () => {
    const home = await page('');
    const link = home.querySelector('.result__vendor a')!;
    const vendorName = link.text.trim();
    const filtered = await page(link.getAttribute('href')!.slice(2));
    assert.ok(filtered.querySelectorAll('.result__vendor').every((v) => v.text.trim() === vendorName));
    assert.ok(filtered.querySelector('input[name=vendor]'));
    const clear = filtered.querySelectorAll('.notice a').find((a) => /all vendors/i.test(a.text));
    assert.equal(clear?.getAttribute('href'), '/');
  });

  it('ignores unknown orders and malformed vendor ids', async () => {
    const doc = await page('sort=cheapest&vendor=not-a-uuid');
    assert.equal(doc.querySelector('#sort option[selected]')?.getAttribute('value'), '');
    assert.equal(doc.querySelector('input[name=vendor]'), null);
  });
});
