/**
 * Model numbers of an application through the portal, on both databases: a CSV with bad rows is
 * answered with each row number and reason and imports nothing; BOM, header and blank lines are
 * handled; a Shift_JIS file is refused; 10,000 rows import in one go (the time is printed for
 * docs/benchmarks.md); the text area reports bad lines by number too.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { performance } from 'node:perf_hooks';
import { DIALECTS } from '../helpers/databases.ts';
import { createParties, PRODUCT, type Parties } from '../helpers/fixtures.ts';
import { databaseState } from '../helpers/snapshot.ts';
import { text } from '../pages/helpers.ts';
import { Browser, startPortalApp } from './helpers.ts';

const csv = (body: string) => [{ name: 'csv', filename: 'models.csv', content: Buffer.from(body, 'utf8'), type: 'text/csv' }];

for (const dialect of DIALECTS) {
  describe(`${dialect.name}: model numbers from the portal`, { skip: dialect.skip }, () => {
    let t: Awaited<ReturnType<typeof startPortalApp>>;
    let p: Parties;
    let a: Browser;
    let appId: string;
    let url: string;

    const models = async () => (await t.ctx.db.selectFrom('application_model_numbers').select('model_number').where('application_id', '=', appId).orderBy('position').execute()).map((r) => r.model_number);

    before(async () => {
      t = await startPortalApp(dialect);
      p = await createParties(t);
      const product = await t.app.inject({ method: 'POST', url: '/api/v1/products', headers: p.vendorA.auth, payload: PRODUCT });
      appId = (await t.app.inject({ method: 'POST', url: '/api/v1/applications', headers: p.vendorA.auth, payload: { productId: product.json().id, level: 1 } })).json().id;
      url = `/portal/applications/${appId}/model-numbers`;
      a = await new Browser(t).logIn(p.vendorA.email);
      await a.get(url);
    });
    after(async () => t?.close());

    it('reports every bad row of a CSV by number and reason, and imports nothing', async () => {
      const before = await databaseState(t.ctx);
      const file = ['model_number', 'GOOD-1', '', ' LEADING', 'GOOD-2', 'good-1', 'x'.repeat(65), 'BELL\u0007', 'GOOD-3'].join('\r\n');
      const { res, doc } = await a.upload(`${url}/csv`, {}, csv(file));
      assert.equal(res.statusCode, 400);
      assert.equal(res.headers['x-problem-code'], undefined, 'shown on the form, not as an error page');
      const rows = doc.querySelectorAll('#error-summary tbody tr').map((tr) => [text(tr.querySelector('th')), text(tr.querySelector('td'))]);
      assert.deepEqual(rows, [
        ['4', 'must not start or end with spaces'],
        ['6', 'duplicates row 2 ("GOOD-1")'],
        ['7', 'must be at most 64 characters'],
        ['8', 'must not contain control or invisible characters'],
      ]);
      assert.match(text(doc.querySelector('#error-summary h2')), /^4 rows have problems, so nothing was imported/);
      assert.deepEqual(await databaseState(t.ctx), before);
      assert.deepEqual(await models(), PRODUCT.modelNumbers);
    });

    it('refuses a file that is not UTF-8 (a Shift_JIS export), a headerless file with two columns, and a file over 10 MB', async () => {
      const before = await databaseState(t.ctx);
      const sjis = Buffer.from([0x83, 0x8b, 0x81, 0x5b, 0x83, 0x5e, 0x0d, 0x0a]); // ルータ in Shift_JIS
      let r = await a.upload(`${url}/csv`, {}, [{ name: 'csv', filename: 'sjis.csv', content: sjis }]);
      assert.equal(r.res.statusCode, 400);
      assert.match(r.res.body, /not UTF-8 text/);
      r = await a.upload(`${url}/csv`, {}, csv('A-1,foo\nA-2,bar\n'));
      assert.equal(r.res.statusCode, 400);
      assert.deepEqual(r.doc.querySelectorAll('#error-summary tbody th').map((th) => text(th)), ['1', '2']);
      r = await a.upload(`${url}/csv`, {}, csv(`model_number\n${'X'.repeat(10 * 1024 * 1024)}\n`));
      assert.equal(r.res.statusCode, 413);
      assert.ok(r.res.body.includes('at most 10 MB; nothing was stored'));
      assert.deepEqual(await databaseState(t.ctx), before);
    });

    it('imports a CSV with a byte-order mark, a header among other columns, blank lines and mixed line ends', async () => {
      const { res } = await a.upload(`${url}/csv`, {}, csv('\ufeffname,model_number\nRouter,RT-100\r\n\r\nRouter W,ＲＴ－１００Ｗ\r\n'));
      assert.equal(res.statusCode, 303, res.body.slice(0, 500));
      assert.equal(res.headers.location, `${url}?done=imported-2`);
      assert.deepEqual(await models(), ['RT-100', 'ＲＴ－１００Ｗ']);
      const audit = await t.ctx.db.selectFrom('audit_events').select('after_json').where('entity_id', '=', appId).where('action', '=', 'application.updated').execute();
      assert.equal(audit.length, 1);
      assert.deepEqual(JSON.parse(audit[0]!.after_json!).modelNumbers, ['RT-100', 'ＲＴ－１００Ｗ']);
    });

    it('imports 10,000 rows, and refuses 10,001', async () => {
      const rows = Array.from({ length: 10_000 }, (_, i) => `HX-${String(i).padStart(5, '0')}`);
      const started = performance.now();
      const { res } = await a.upload(`${url}/csv`, {}, csv(`model_number\n${rows.join('\n')}\n`));
      const ms = performance.now() - started;
      assert.equal(res.statusCode, 303, res.body.slice(0, 500));
      const stored = await models();
      assert.equal(stored.length, 10_000);
      assert.deepEqual(stored.slice(0, 2), ['HX-00000', 'HX-00001']);
      assert.equal(stored.at(-1), 'HX-09999');
      console.log(`# ${dialect.name}: 10,000-row CSV import through the portal: ${ms.toFixed(0)} ms`);
      const page = await a.get(url);
      assert.equal(page.res.statusCode, 200);
      assert.match(page.res.body, /10,000 now/);

      const before = await databaseState(t.ctx);
      const over = await a.upload(`${url}/csv`, {}, csv([...rows, 'HX-10000'].join('\n')));
      assert.equal(over.res.statusCode, 400);
      assert.match(over.res.body, /at most 10000 model numbers/);
      assert.deepEqual(await databaseState(t.ctx), before);
    });

    it('saves the text area, and reports a bad line by its number without saving', async () => {
      let r = await a.post(url, { modelNumbers: 'TX-1\r\n\r\nTX-2\r\n', then: 'next' });
      assert.equal(r.res.statusCode, 303);
      assert.equal(r.res.headers.location, `/portal/applications/${appId}/checklist`);
      assert.deepEqual(await models(), ['TX-1', 'TX-2']);
      const before = await databaseState(t.ctx);
      r = await a.post(url, { modelNumbers: 'TX-1\nTX-3\ntx-3' });
      assert.equal(r.res.statusCode, 400);
      assert.deepEqual(r.doc.querySelectorAll('#error-summary tbody tr').map((tr) => [text(tr.querySelector('th')), text(tr.querySelector('td'))]), [['3', 'duplicates row 2 ("TX-3")']]);
      assert.equal(r.doc.querySelector('textarea[name=modelNumbers]')?.textContent, 'TX-1\nTX-3\ntx-3', 'the input is kept');
      assert.deepEqual(await databaseState(t.ctx), before);
    });
  });
}
