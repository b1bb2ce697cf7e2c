/**
 * The ★1 application wizard through the portal's forms, on both databases: a product, a draft,
 * model numbers from CSV, the checklist, the completeness summary, submission; a return answered
 * and resubmitted; a withdrawal; the UK PSTI route with its statement. Refused input changes
 * nothing and is shown at its field.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { demoChecklist } from '../../src/demo/demo-checklist.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { createParties, type Parties } from '../helpers/fixtures.ts';
import { databaseState } from '../helpers/snapshot.ts';
import { text } from '../pages/helpers.ts';
import { applicationIdOf, Browser, startPortalApp } from './helpers.ts';

const CRITERIA = 'JST-CR-01-01-2024R1';

/** The checklist form's fields for a list of answers. */
function checklistFields(answers: ReturnType<typeof demoChecklist>): Record<string, string> {
  return Object.fromEntries(answers.flatMap((a) => [[`answer-${a.itemId}`, a.answer], [`note-${a.itemId}`, (a.answer === 'conforms' ? a.evidence : a.reason) ?? '']]));
}

for (const dialect of DIALECTS) {
  describe(`${dialect.name}: application wizard`, { skip: dialect.skip }, () => {
    let t: Awaited<ReturnType<typeof startPortalApp>>;
    let p: Parties;
    let a: Browser;
    let productId: string;

    const status = async (id: string) => (await t.ctx.db.selectFrom('applications').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;

    before(async () => {
      t = await startPortalApp(dialect);
      p = await createParties(t);
      a = await new Browser(t).logIn(p.vendorA.email);
    });
    after(async () => t?.close());

    it('refuses a product form with mistakes, keeping the input, then adds the product', async () => {
      await a.get('/portal/products/new');
      const before = await databaseState(t.ctx);
      const bad = await a.post('/portal/products', { nameJa: 'ルーター', nameEn: '', category: 'router', productUrl: 'ftp://x', supportEndsOn: '2030-02-30', modelNumbers: 'RT-1\n rt-2\nRT-1' });
      assert.equal(bad.res.statusCode, 400);
      const errors = bad.doc.querySelectorAll('#error-summary li').map(text);
      assert.ok(errors.some((e) => /fewer than 1 characters/.test(e)), errors.join(' | '));
      assert.ok(errors.includes('2: must not start or end with spaces'), errors.join(' | '));
      assert.ok(errors.includes('3: duplicates row 1 ("RT-1")'), errors.join(' | '));
      assert.equal(bad.doc.querySelector('input[name=nameJa]')?.getAttribute('value'), 'ルーター');
      assert.deepEqual(await databaseState(t.ctx), before);

      const ok = await a.post('/portal/products', {
        nameJa: 'ホームルーター', nameEn: 'Home router', category: 'router', softwareVersions: '1.0\n1.1', supportEndsOn: '2030-03-31',
        vulnerabilityContact: 'https://a.example.jp/psirt', disclosurePolicyUrl: 'https://a.example.jp/policy', modelNumbers: 'RT-1\r\nRT-2\r\n',
      });
      assert.equal(ok.res.statusCode, 303);
      productId = /\/portal\/products\/([0-9a-f-]+)/.exec(String(ok.res.headers.location))![1]!;
      const product = (await t.app.inject({ url: `/api/v1/products/${productId}`, headers: p.vendorA.auth })).json();
      assert.deepEqual([product.modelNumbers, product.softwareVersions, product.supportEndsOn], [['RT-1', 'RT-2'], ['1.0', '1.1'], '2030-03-31']);
      const edit = await a.get(String(ok.res.headers.location));
      assert.match(text(edit.doc.querySelector('[role=status]')), /product was added/);
      // Editing may not shorten the support period (a domain rule, shown on the form).
      const shorter = await a.post(`/portal/products/${productId}`, { nameJa: 'ホームルーター', nameEn: 'Home router', category: 'router', supportEndsOn: '2029-01-01', modelNumbers: 'RT-1\nRT-2' });
      assert.equal(shorter.res.statusCode, 422);
      assert.match(shorter.res.body, /may be extended, not shortened/);
    });

    it('files an application: CSV model numbers, the checklist, the completeness summary, submission', async () => {
      await a.get('/portal/applications/new');
      const created = await a.post('/portal/applications', { productId, route: 'standard' });
      assert.equal(created.res.statusCode, 303);
      const id = applicationIdOf(created.res.headers.location);
      assert.equal(created.res.headers.location, `/portal/applications/${id}/model-numbers`);
      const overview = `/portal/applications/${id}`;

      await a.get(`${overview}/model-numbers`);
      const imported = await a.upload(`${overview}/model-numbers/csv`, {}, [{ name: 'csv', filename: 'm.csv', content: Buffer.from('model_number\nRT-1\nRT-2\nRT-2W\n') }]);
      assert.equal(imported.res.statusCode, 303);

      // Not ready yet: the summary lists every missing item, and submitting changes nothing.
      let page = await a.get(overview);
      const missing = page.doc.querySelectorAll('.completeness li');
      assert.equal(missing.length, 28 - 4, 'all 28 items, each of the 4 alternative pairs counted once');
      assert.equal(missing[0]!.querySelector('a')!.getAttribute('href'), `${overview}/checklist`);
      const before = await databaseState(t.ctx);
      const early = await a.post(`${overview}/submit`, {});
      assert.equal(early.res.statusCode, 422);
      assert.equal(early.doc.querySelectorAll('#error-summary li').length, 24);
      assert.deepEqual(await databaseState(t.ctx), before);

      // A wrong answer is refused at its item; nothing is saved.
      const answers = demoChecklist(t.ctx, CRITERIA);
      await a.get(`${overview}/checklist`);
      const wrong = await a.post(`${overview}/checklist`, { ...checklistFields(answers), 'note-S1.1-03-01': '   ' });
      assert.equal(wrong.res.statusCode, 400);
      assert.match(text(wrong.doc.querySelector('#item-S1\\.1-03-01 .form__error')), /"conforms" needs evidence/);
      assert.deepEqual(await databaseState(t.ctx), before);

      // A draft may be partial.
      const partial = await a.post(`${overview}/checklist`, { ...checklistFields(answers.slice(0, 4)), then: 'stay' });
      assert.equal(partial.res.headers.location, `${overview}/checklist?done=saved`);
      page = await a.get(`${overview}/checklist`);
      assert.match(page.res.body, /4 of 28 items answered/);
      assert.equal(page.doc.querySelector('input[name="answer-S1.1-01-01"][value=conforms]')?.hasAttribute('checked'), true);

      const full = await a.post(`${overview}/checklist`, { ...checklistFields(answers), then: 'next' });
      assert.equal(full.res.headers.location, `${overview}/attachments`);
      page = await a.get(overview);
      assert.equal(page.doc.querySelectorAll('.completeness li').length, 0);
      assert.match(page.res.body, /Everything is there/);

      const submitted = await a.post(`${overview}/submit`, {});
      assert.equal(submitted.res.headers.location, `${overview}?done=submitted`);
      assert.equal(await status(id), 'submitted');
      page = await a.get(`${overview}?done=submitted`);
      assert.match(text(page.doc.querySelector('[role=status]')), /was submitted/);
      assert.equal(page.doc.querySelector(`form[action="${overview}/submit"]`), null, 'no second submission');
      const app = (await t.app.inject({ url: `/api/v1/applications/${id}`, headers: p.vendorA.auth })).json();
      assert.deepEqual(app.modelNumbers, ['RT-1', 'RT-2', 'RT-2W']);
      assert.equal(app.checklist.length, 28);
    });

    it('shows a return with its comment, takes the correction and resubmits', async () => {
      const id = (await t.ctx.db.selectFrom('applications').select('id').where('status', '=', 'submitted').executeTakeFirstOrThrow()).id;
      const returned = await t.app.inject({ method: 'POST', url: `/api/v1/applications/${id}/return`, headers: p.reviewer.auth, payload: { comment: 'S1.1-12-02: name the TLS versions.' } });
      assert.equal(returned.statusCode, 200);
      const overview = `/portal/applications/${id}`;
      let page = await a.get(overview);
      assert.match(page.res.body, /was returned to you/);
      assert.match(text(page.doc.querySelector('.history')), /Returned.*S1\.1-12-02: name the TLS versions\./);
      const home = await a.get('/portal');
      assert.match(text(home.doc.querySelector('main')), /Read the comments, correct and resubmit/);

      await a.get(`${overview}/checklist`);
      const answers = demoChecklist(t.ctx, CRITERIA).map((x) => (x.itemId === 'S1.1-12-02' ? { ...x, evidence: 'TLS 1.2 and 1.3 only (design doc §4.2)' } : x));
      assert.equal((await a.post(`${overview}/checklist`, checklistFields(answers))).res.statusCode, 303);
      page = await a.get(overview);
      assert.equal(text(page.doc.querySelector(`form[action="${overview}/submit"] button`)), 'Resubmit');
      assert.equal((await a.post(`${overview}/submit`, {})).res.statusCode, 303);
      assert.equal(await status(id), 'resubmitted');
      const evidence = await t.ctx.db.selectFrom('checklist_answers').select('evidence').where('application_id', '=', id).where('item_id', '=', 'S1.1-12-02').executeTakeFirstOrThrow();
      assert.equal(evidence.evidence, 'TLS 1.2 and 1.3 only (design doc §4.2)');
    });

    it('withdraws a draft with a reason', async () => {
      await a.get('/portal/applications/new');
      const id = applicationIdOf((await a.post('/portal/applications', { productId, route: 'standard' })).res.headers.location);
      await a.get(`/portal/applications/${id}`);
      const res = await a.post(`/portal/applications/${id}/withdraw`, { reason: 'Filed twice by mistake.' });
      assert.equal(res.res.headers.location, `/portal/applications/${id}?done=withdrawn`);
      assert.equal(await status(id), 'withdrawn');
      const page = await a.get(`/portal/applications/${id}`);
      assert.match(text(page.doc.querySelector('.history')), /Withdrawn.*Filed twice by mistake\./);
      assert.equal(page.doc.querySelector(`form[action="/portal/applications/${id}/withdraw"]`), null);
    });

    it('files on the UK PSTI route: recognised requirements need no answer, the statement is checked', async () => {
      await a.get('/portal/applications/new');
      const id = applicationIdOf((await a.post('/portal/applications', { productId, route: 'psti' })).res.headers.location);
      const overview = `/portal/applications/${id}`;
      let page = await a.get(`${overview}/checklist`);
      assert.equal(page.doc.querySelector('input[name="answer-S1.1-02-01"]'), null, 'S1.1-02 is recognised');
      assert.match(text(page.doc.querySelector('#req-S1\\.1-02')), /Met through UK PSTI compliance/);
      const answers = demoChecklist(t.ctx, CRITERIA).filter((x) => !/^S1\.1-(02|05|16)-/.test(x.itemId));
      assert.equal((await a.post(`${overview}/checklist`, checklistFields(answers))).res.statusCode, 303);

      page = await a.get(`${overview}/psti`);
      const before = await databaseState(t.ctx);
      const statement = {
        productType: 'Wi-Fi router', manufacturerName: 'Z Corp', manufacturerAddress: '1-1 Chiyoda, Tokyo', declaration: 'true', supportPeriodEndsOn: '2030-03-31',
        signatoryName: 'Hanako Tanaka', signatoryFunction: 'Head of PSIRT', placeOfIssue: 'Tokyo', dateOfIssue: '2026-10-01', documentUrl: 'https://a.example.jp/psti.pdf',
      };
      const wrong = await a.post(`${overview}/psti`, statement);
      assert.equal(wrong.res.statusCode, 400);
      assert.match(text(wrong.doc.querySelector('#error-summary')), /manufacturer/i);
      assert.deepEqual(await databaseState(t.ctx), before);
      const saved = await a.post(`${overview}/psti`, { ...statement, manufacturerName: 'A Denki K.K.', then: 'next' });
      assert.equal(saved.res.headers.location, `${overview}/attachments`);
      page = await a.get(overview);
      assert.match(page.res.body, /Everything is there/);
      assert.equal((await a.post(`${overview}/submit`, {})).res.statusCode, 303);
      assert.equal(await status(id), 'submitted');
    });
  });
}
