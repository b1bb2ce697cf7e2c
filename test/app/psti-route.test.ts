/**
 * The UK PSTI route on SQLite and PostgreSQL: a `psti` application skips the three requirements
 * the rule recognises and pays the PSTI fee; the statement of compliance is checked; an issued ★1
 * label is listed on the PSTI-declared products list after review.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { demoChecklist } from '../../src/demo/demo-checklist.ts';
import { listPstiListings } from '../../src/app/recognition/psti-listings.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { createParties, PRODUCT, type Parties } from '../helpers/fixtures.ts';

const CRITERIA = 'JST-CR-01-01-2024R1';
const RECOGNISED = ['S1.1-02', 'S1.1-05', 'S1.1-16'];
const STATEMENT = {
  productType: 'Wi-Fi 6 home router',
  batch: 'All units from serial AX3000-2026-0001',
  manufacturerName: 'A Denki Co., Ltd.',
  manufacturerAddress: '1-1 Chiyoda, Tokyo, Japan',
  declaration: true,
  supportPeriodEndsOn: '2030-03-31',
  signatoryName: 'Taro Yamada',
  signatoryFunction: 'Head of Product Security',
  placeOfIssue: 'Tokyo',
  dateOfIssue: '2026-10-01',
  documentUrl: 'https://a.example.jp/psti/statement-ax3000.pdf',
};

for (const dialect of DIALECTS) {
  describe(`${dialect.name}: UK PSTI route and PSTI listing`, { skip: dialect.skip }, () => {
    let t: TestApp;
    let p: Parties;
    before(async () => {
      t = await startTestApp(dialect);
      p = await createParties(t);
    });
    after(async () => t?.close());

    const api = (method: string, url: string, auth: object | undefined, payload?: unknown) =>
      t.app.inject({ method: method as 'GET', url, headers: { ...(auth ?? {}) }, ...(payload !== undefined && { payload: payload as object }) });

    /** The demo checklist without the items of the recognised requirements. */
    function pstiChecklist() {
      const criteria = t.ctx.catalog.criteria.get(CRITERIA)!;
      const skipped = new Set(criteria.requirements.filter((r) => RECOGNISED.includes(r.id)).flatMap((r) => r.items.map((i) => i.id)));
      return demoChecklist(t.ctx, CRITERIA).filter((a) => !skipped.has(a.itemId));
    }

    async function newProduct(overrides: object = {}) {
      const suffix = Math.random().toString(36).slice(2, 7);
      const res = await api('POST', '/api/v1/products', p.vendorA.auth, { ...PRODUCT, ...overrides, modelNumbers: PRODUCT.modelNumbers.map((m) => `${m}-${suffix}`) });
      assert.equal(res.statusCode, 201, res.body);
      return res.json().id as string;
    }

    async function pstiDraft(statement: object | null = STATEMENT) {
      const res = await api('POST', '/api/v1/applications', p.memberA.auth, { productId: await newProduct(), level: 1, route: 'psti', ...(statement && { pstiStatement: statement }) });
      assert.equal(res.statusCode, 201, res.body);
      return res.json();
    }

    async function issueStandard(productId: string): Promise<string> {
      const app = (await api('POST', '/api/v1/applications', p.vendorA.auth, { productId, level: 1 })).json();
      assert.equal((await api('PATCH', `/api/v1/applications/${app.id}`, p.vendorA.auth, { checklist: demoChecklist(t.ctx, CRITERIA) })).statusCode, 200);
      assert.equal((await api('POST', `/api/v1/applications/${app.id}/submit`, p.vendorA.auth)).statusCode, 200);
      assert.equal((await api('POST', `/api/v1/applications/${app.id}/accept`, p.reviewer.auth, {})).statusCode, 200);
      assert.equal((await api('POST', `/api/v1/applications/${app.id}/payment`, p.reviewer.auth, { reference: 'PAY-S' })).statusCode, 200);
      return (await api('POST', `/api/v1/applications/${app.id}/issue`, p.reviewer.auth, {})).json().registrationNumber;
    }

    it('skips exactly the recognised items, refuses answers to them, charges the PSTI fee and issues the label', async () => {
      const draft = await pstiDraft();
      assert.equal(draft.route, 'psti');
      assert.deepEqual(
        draft.recognisedRequirements.map((r: { requirementId: string; ruleId: string }) => [r.requirementId, r.ruleId]),
        RECOGNISED.map((id) => [id, 'uk-psti-to-jc-star-1']),
      );
      assert.equal(draft.recognisedRequirements[0].basis, 'recognised via UK PSTI');
      assert.equal(draft.pstiStatement.manufacturerName, 'A Denki Co., Ltd.');
      assert.equal(draft.pstiStatement.declaration, true);

      const incomplete = await api('POST', `/api/v1/applications/${draft.id}/submit`, p.vendorA.auth);
      assert.equal(incomplete.json().code, 'CHECKLIST_INCOMPLETE');
      const missing: string[] = incomplete.json().errors.map((e: { pointer: string }) => e.pointer);
      assert.ok(missing.includes('/checklist/S1.1-01-01'));
      assert.ok(!missing.some((m) => /S1\.1-(02|05|16)/.test(m)), `recognised items not asked for: ${missing.join(', ')}`);

      const full = demoChecklist(t.ctx, CRITERIA);
      const refused = await api('PATCH', `/api/v1/applications/${draft.id}`, p.vendorA.auth, { checklist: full });
      assert.equal(refused.statusCode, 400);
      const s102 = full.findIndex((a) => a.itemId.startsWith('S1.1-02'));
      const error = refused.json().errors.find((e: { pointer: string }) => e.pointer === `/checklist/${s102}/itemId`);
      assert.match(error.detail, /recognised on this route by rule uk-psti-to-jc-star-1/);

      const checklist = pstiChecklist();
      const answeredRequirements = new Set(checklist.map((a) => a.itemId.split('-').slice(0, 2).join('-')));
      assert.equal(answeredRequirements.size, 13, 'the other 13 requirements are answered');
      assert.equal((await api('PATCH', `/api/v1/applications/${draft.id}`, p.vendorA.auth, { checklist })).statusCode, 200);
      const submitted = await api('POST', `/api/v1/applications/${draft.id}/submit`, p.vendorA.auth);
      assert.equal(submitted.statusCode, 200, submitted.body);
      assert.equal(submitted.json().status, 'submitted');

      const accepted = await api('POST', `/api/v1/applications/${draft.id}/accept`, p.reviewer.auth, {});
      assert.equal(accepted.statusCode, 200, accepted.body);
      assert.equal(accepted.json().feeJpy, 140000);
      assert.equal((await api('POST', `/api/v1/applications/${draft.id}/payment`, p.reviewer.auth, { reference: 'PAY-PSTI' })).statusCode, 200);
      const issued = await api('POST', `/api/v1/applications/${draft.id}/issue`, p.reviewer.auth, {});
      assert.equal(issued.statusCode, 200, issued.body);
      assert.equal(issued.json().status, 'issued');
      const label = (await api('GET', `/api/v1/labels/${issued.json().registrationNumber}`, undefined)).json();
      assert.equal(label.status, 'valid');
    });

    it('checks the statement: missing fields at submission, an ended support period, a manufacturer that is not the applicant', async () => {
      const { signatoryName: _omitted, ...withoutSignatory } = STATEMENT;
      const draft = await pstiDraft(withoutSignatory);
      assert.equal((await api('PATCH', `/api/v1/applications/${draft.id}`, p.vendorA.auth, { checklist: pstiChecklist() })).statusCode, 200);
      const submit = await api('POST', `/api/v1/applications/${draft.id}/submit`, p.vendorA.auth);
      assert.equal(submit.statusCode, 422);
      assert.deepEqual(submit.json().errors.map((e: { pointer: string }) => e.pointer), ['/pstiStatement/signatoryName']);

      const ended = await api('PATCH', `/api/v1/applications/${draft.id}`, p.vendorA.auth, { pstiStatement: { ...STATEMENT, supportPeriodEndsOn: '2026-11-24' } });
      assert.equal(ended.statusCode, 400);
      assert.deepEqual(ended.json().errors.map((e: { pointer: string }) => e.pointer), ['/pstiStatement/supportPeriodEndsOn']);

      const other = await api('PATCH', `/api/v1/applications/${draft.id}`, p.vendorA.auth, { pstiStatement: { ...STATEMENT, manufacturerName: 'Other Devices Ltd' } });
      assert.equal(other.statusCode, 400);
      assert.deepEqual(other.json().errors.map((e: { pointer: string }) => e.pointer), ['/pstiStatement/manufacturerName']);
      const proxyWithoutNote = await api('PATCH', `/api/v1/applications/${draft.id}`, p.vendorA.auth, { pstiStatement: { ...STATEMENT, manufacturerName: 'Other Devices Ltd', isProxy: true } });
      assert.deepEqual(proxyWithoutNote.json().errors.map((e: { pointer: string }) => e.pointer), ['/pstiStatement/proxyNote']);
      const proxy = await api('PATCH', `/api/v1/applications/${draft.id}`, p.vendorA.auth, {
        pstiStatement: { ...STATEMENT, manufacturerName: 'Other Devices Ltd', isProxy: true, proxyNote: 'We import and sell this product in Japan for the manufacturer.' },
      });
      assert.equal(proxy.statusCode, 200, proxy.body);
      const japanese = await api('PATCH', `/api/v1/applications/${draft.id}`, p.vendorA.auth, { pstiStatement: { ...STATEMENT, manufacturerName: 'エー電機 株式会社' } });
      assert.equal(japanese.statusCode, 200, japanese.body);
      assert.equal((await api('POST', `/api/v1/applications/${draft.id}/submit`, p.vendorA.auth)).json().status, 'submitted');

      const noStatement = await pstiDraft(null);
      await api('PATCH', `/api/v1/applications/${noStatement.id}`, p.vendorA.auth, { checklist: pstiChecklist() });
      const bare = await api('POST', `/api/v1/applications/${noStatement.id}/submit`, p.vendorA.auth);
      assert.deepEqual(bare.json().errors.map((e: { pointer: string }) => e.pointer), ['/pstiStatement']);

      const standard = await api('POST', '/api/v1/applications', p.vendorA.auth, { productId: await newProduct(), level: 1, pstiStatement: STATEMENT });
      assert.equal(standard.statusCode, 400);
    });

    it('offers the PSTI route only while the rule is in force', async () => {
      const productId = await newProduct();
      const saved = t.clock.now();
      t.clock.set('2025-12-20T03:00:00.000Z');
      try {
        const early = await api('POST', '/api/v1/applications', p.vendorA.auth, { productId, level: 1, route: 'psti' });
        assert.equal(early.statusCode, 422);
        assert.equal(early.json().code, 'ROUTE_NOT_AVAILABLE');
      } finally {
        t.clock.set(saved);
      }
    });

    it('lists a ★1 label for UK PSTI once the product facts are complete and a reviewer approves', async () => {
      const productId = await newProduct({ disclosurePolicyUrl: null });
      const rn = await issueStandard(productId);
      const body = { productNameEn: 'Wi-Fi 6 Home Router', descriptionEn: 'A home router for fibre connections.' };

      const refused = await api('POST', `/api/v1/labels/${rn}/psti-listing`, p.vendorA.auth, body);
      assert.equal(refused.statusCode, 400, refused.body);
      assert.deepEqual(refused.json().errors.map((e: { pointer: string }) => e.pointer), ['/product/disclosurePolicyUrl']);
      assert.equal((await api('POST', `/api/v1/labels/${rn}/psti-listing`, p.vendorB.auth, body)).statusCode, 404);

      assert.equal((await api('PATCH', `/api/v1/products/${productId}`, p.vendorA.auth, { disclosurePolicyUrl: 'https://a.example.jp/psirt/policy' })).statusCode, 200);
      const requested = await api('POST', `/api/v1/labels/${rn}/psti-listing`, p.vendorA.auth, body);
      assert.equal(requested.statusCode, 201, requested.body);
      assert.equal(requested.json().status, 'requested');
      assert.equal((await api('POST', `/api/v1/labels/${rn}/psti-listing`, p.vendorA.auth, body)).json().code, 'PSTI_LISTING_STATE_CONFLICT');
      assert.equal((await api('GET', '/api/v1/psti/listings', undefined)).json().items.length, 0, 'not listed before approval');
      assert.equal((await api('POST', `/api/v1/labels/${rn}/psti-listing/approve`, p.vendorA.auth, {})).statusCode, 403);

      const approved = await api('POST', `/api/v1/labels/${rn}/psti-listing/approve`, p.reviewer.auth, {});
      assert.equal(approved.statusCode, 200, approved.body);
      assert.equal(approved.json().status, 'approved');
      const list = await api('GET', '/api/v1/psti/listings', undefined);
      assert.equal(list.statusCode, 200);
      assert.deepEqual(
        list.json().items.map((i: { registrationNumber: string; productNameEn: string; vendorNameEn: string; labelStatus: string }) => [i.registrationNumber, i.productNameEn, i.vendorNameEn, i.labelStatus]),
        [[rn, 'Wi-Fi 6 Home Router', 'A Denki K.K.', 'valid']],
      );
      assert.equal(list.json().items[0].listedAt, t.clock.now().toISOString());
      assert.equal((await listPstiListings(t.ctx)).length, 1);
      assert.equal((await api('GET', `/api/v1/labels/${rn}/psti-listing`, p.memberA.auth)).json().status, 'approved');

      const audit = await t.ctx.db.selectFrom('audit_events').select('action').where('entity_type', '=', 'psti_listing').orderBy('at').execute();
      assert.deepEqual(audit.map((a) => a.action), ['psti_listing.requested', 'psti_listing.approved']);
    });

    it('rejects a listing request with a reason, which keeps the product off the list', async () => {
      const rn = await issueStandard(await newProduct());
      const body = { productNameEn: 'Router', descriptionEn: 'A router.' };
      assert.equal((await api('POST', `/api/v1/labels/${rn}/psti-listing`, p.vendorA.auth, body)).statusCode, 201);
      const rejected = await api('POST', `/api/v1/labels/${rn}/psti-listing/reject`, p.reviewer.auth, { reason: 'The English description is too short.' });
      assert.equal(rejected.json().status, 'rejected');
      assert.equal(rejected.json().reason, 'The English description is too short.');
      assert.ok(!(await listPstiListings(t.ctx)).some((l) => l.registrationNumber === rn));
      assert.equal((await api('POST', `/api/v1/labels/${rn}/psti-listing/approve`, p.reviewer.auth, {})).json().code, 'PSTI_LISTING_STATE_CONFLICT');
      assert.equal((await api('POST', `/api/v1/labels/${rn}/psti-listing`, p.vendorA.auth, body)).statusCode, 201, 'may file again');
    });
  });
}
