/**
 * Who may do what in the portal, on both databases: a form without its CSRF token is refused and
 * changes nothing (url-encoded and multipart alike); another vendor's application, its pages,
 * attachments, products and labels answer 404 by URL, and its writes change nothing; operators
 * may download attachments (the console links to them), anonymous visitors are sent to log in.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { createParties, issueLabelThroughApi, PRODUCT, type Parties } from '../helpers/fixtures.ts';
import { databaseState } from '../helpers/snapshot.ts';
import { makePdf, storedFiles } from './files.ts';
import { Browser, startPortalApp } from './helpers.ts';

for (const dialect of DIALECTS) {
  describe(`${dialect.name}: portal access`, { skip: dialect.skip }, () => {
    let t: Awaited<ReturnType<typeof startPortalApp>>;
    let p: Parties;
    let a: Browser;
    let appId: string;
    let productId: string;
    let attachmentUrl: string;
    let rn: string;
    let pdf: Buffer;

    const state = async () => ({
      db: await databaseState(t.ctx),
      attachments: await t.ctx.db.selectFrom('attachments').select(['id', 'storage_name']).orderBy('id').execute(),
      files: storedFiles(t.attachmentDir),
      tokens: await t.ctx.db.selectFrom('api_tokens').select(['id', 'revoked_at']).orderBy('id').execute(),
    });

    before(async () => {
      t = await startPortalApp(dialect);
      p = await createParties(t);
      rn = (await issueLabelThroughApi(t, p, { modelNumbers: ['RT-1'] })).registrationNumber;
      const product = await t.app.inject({ method: 'POST', url: '/api/v1/products', headers: p.vendorA.auth, payload: { ...PRODUCT, modelNumbers: ['AX-9'] } });
      productId = product.json().id;
      const draft = await t.app.inject({ method: 'POST', url: '/api/v1/applications', headers: p.vendorA.auth, payload: { productId, level: 1 } });
      appId = draft.json().id;
      a = await new Browser(t).logIn(p.vendorA.email);
      pdf = await makePdf();
      await a.get(`/portal/applications/${appId}/attachments`);
      const up = await a.upload(`/portal/applications/${appId}/attachments`, { checklistItemId: 'S1.1-01-01' }, [{ name: 'file', filename: 'design.pdf', content: pdf, type: 'application/pdf' }]);
      assert.equal(up.res.statusCode, 303, up.res.body);
      const id = (await t.ctx.db.selectFrom('attachments').select('id').executeTakeFirstOrThrow()).id;
      attachmentUrl = `/portal/applications/${appId}/attachments/${id}`;
    });
    after(async () => t?.close());

    it('refuses every portal form without its CSRF token (403 CSRF_FAILED) and changes nothing', async () => {
      await a.get('/portal/products/new');
      const other = await new Browser(t).logIn(p.memberA.email);
      await other.get('/portal/products/new');
      const before = await state();
      const attempts = [
        () => a.post('/portal/products', { ...PRODUCT, modelNumbers: 'NEW-1', softwareVersions: '' }, { csrf: false }),
        () => a.post('/portal/products', { _csrf: other.csrf, nameJa: 'x', nameEn: 'x', category: 'router', modelNumbers: 'NEW-2' }, { csrf: false }),
        () => a.post(`/portal/applications/${appId}/model-numbers`, { modelNumbers: 'Z-1\nZ-2' }, { csrf: false }),
        () => a.post(`/portal/applications/${appId}/withdraw`, { reason: 'x' }, { csrf: false }),
        () => a.post('/portal/tokens', { name: 'sneaky', days: '30' }, { csrf: false }),
        () => a.upload(`/portal/applications/${appId}/attachments`, {}, [{ name: 'file', filename: 'x.pdf', content: pdf }], { csrf: false }),
        () => a.upload(`/portal/applications/${appId}/model-numbers/csv`, {}, [{ name: 'csv', filename: 'm.csv', content: Buffer.from('Q-1\n') }], { csrf: false }),
      ];
      for (const attempt of attempts) {
        const { res } = await attempt();
        assert.equal(res.statusCode, 403, res.body.slice(0, 300));
        assert.equal(res.headers['x-problem-code'], 'CSRF_FAILED');
        assert.match(res.body, /This form has expired/);
      }
      assert.deepEqual(await state(), before);
    });

    it("answers 404 to vendor B for vendor A's application, its pages, attachment, product and label, and changes nothing", async () => {
      const b = await new Browser(t).logIn(p.vendorB.email);
      await b.get('/portal/products');
      const before = await state();
      for (const url of [
        `/portal/applications/${appId}`,
        `/portal/applications/${appId}/model-numbers`,
        `/portal/applications/${appId}/checklist`,
        `/portal/applications/${appId}/attachments`,
        attachmentUrl,
        `/portal/products/${productId}`,
        `/portal/labels/${rn}`,
      ]) {
        const { res } = await b.get(url);
        assert.equal(res.statusCode, 404, `${url}: ${res.statusCode}`);
        assert.equal(res.headers['x-problem-code'], 'NOT_FOUND');
        assert.doesNotMatch(res.body, /design\.pdf|AX-9/);
      }
      const writes = [
        () => b.upload(`/portal/applications/${appId}/attachments`, {}, [{ name: 'file', filename: 'b.pdf', content: pdf }]),
        () => b.post(`${attachmentUrl}/delete`, {}),
        () => b.post(`/portal/applications/${appId}/model-numbers`, { modelNumbers: 'B-1' }),
        () => b.post(`/portal/applications/${appId}/submit`, {}),
        () => b.post(`/portal/applications/${appId}/withdraw`, {}),
        () => b.post(`/portal/products/${productId}`, { nameJa: 'b', nameEn: 'b', category: 'router', modelNumbers: 'B-2' }),
        () => b.post(`/portal/labels/${rn}/renew`, {}),
        () => b.post(`/portal/labels/${rn}/support-period`, { endsOn: '2040-01-01' }),
      ];
      for (const write of writes) {
        const { res } = await write();
        assert.equal(res.statusCode, 404, res.body.slice(0, 300));
      }
      assert.deepEqual(await state(), before);
    });

    it('lets the reviewer and the operator admin download the attachment, and sends anonymous visitors to log in', async () => {
      for (const email of [p.reviewer.email, p.admin.email]) {
        const operator = await new Browser(t).logIn(email);
        const { res } = await operator.get(attachmentUrl);
        assert.equal(res.statusCode, 200);
        assert.ok(res.rawPayload.equals(pdf));
      }
      const anonymous = await t.app.inject({ method: 'GET', url: attachmentUrl });
      assert.equal(anonymous.statusCode, 303);
      assert.equal(anonymous.headers.location, `/login?next=${encodeURIComponent(attachmentUrl)}`);
    });

    it('keeps operators out of the vendor pages', async () => {
      const reviewer = await new Browser(t).logIn(p.reviewer.email);
      for (const url of ['/portal', `/portal/applications/${appId}`, '/portal/products']) {
        assert.equal((await reviewer.get(url)).res.statusCode, 403, url);
      }
    });
  });
}
