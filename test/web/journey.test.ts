/**
 * The ★1 journey through the API alone, on SQLite and PostgreSQL: a vendor takes an application
 * from draft to an issued label, a reviewer returns it once and then accepts it; the public
 * label shows valid for two years, then revoked with its reason, and a second label expires.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { createParties, PRODUCT, type Parties } from '../helpers/fixtures.ts';
import { demoChecklist } from '../../src/demo/demo-checklist.ts';

for (const dialect of DIALECTS) {
  describe(`${dialect.name}: ★1 application to label journey`, { skip: dialect.skip }, () => {
    let t: TestApp;
    let p: Parties;
    before(async () => {
      t = await startTestApp(dialect);
      p = await createParties(t);
    });
    after(async () => t?.close());

    const api = (method: string, url: string, auth: object | undefined, payload?: unknown) =>
      t.app.inject({ method: method as 'GET', url, headers: { ...(auth ?? {}) }, ...(payload !== undefined && { payload: payload as object }) });

    async function draftApplication(): Promise<{ productId: string; appId: string; applicationNumber: string }> {
      const product = await api('POST', '/api/v1/products', p.vendorA.auth, { ...PRODUCT, modelNumbers: PRODUCT.modelNumbers.map((m) => `${m}-${Math.random().toString(36).slice(2, 6)}`) });
      assert.equal(product.statusCode, 201, product.body);
      const app = await api('POST', '/api/v1/applications', p.memberA.auth, { productId: product.json().id, level: 1 });
      assert.equal(app.statusCode, 201, app.body);
      return { productId: product.json().id, appId: app.json().id, applicationNumber: app.json().applicationNumber };
    }

    async function issue(appId: string) {
      const checklist = demoChecklist(t.ctx, 'JST-CR-01-01-2024R1');
      assert.equal((await api('PATCH', `/api/v1/applications/${appId}`, p.vendorA.auth, { checklist })).statusCode, 200);
      assert.equal((await api('POST', `/api/v1/applications/${appId}/submit`, p.vendorA.auth)).json().status, 'submitted');
      assert.equal((await api('POST', `/api/v1/applications/${appId}/accept`, p.reviewer.auth, {})).statusCode, 200);
      assert.equal((await api('POST', `/api/v1/applications/${appId}/payment`, p.reviewer.auth, { reference: 'PAY-1' })).statusCode, 200);
      const issued = await api('POST', `/api/v1/applications/${appId}/issue`, p.reviewer.auth, {});
      assert.equal(issued.statusCode, 200, issued.body);
      return issued.json().registrationNumber as string;
    }

    it('takes an application from draft to a valid label, with one return, then revokes it', async () => {
      const { appId, applicationNumber } = await draftApplication();
      assert.match(applicationNumber, /^APP-2026-\d{6}$/);

      const incomplete = await api('POST', `/api/v1/applications/${appId}/submit`, p.vendorA.auth);
      assert.equal(incomplete.statusCode, 422);
      assert.equal(incomplete.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.equal(incomplete.json().code, 'CHECKLIST_INCOMPLETE');
      const missing = incomplete.json().errors.map((e: { pointer: string }) => e.pointer);
      for (const id of ['S1.1-01-01', 'S1.1-16-02', 'S1.1-09-01']) assert.ok(missing.includes(`/checklist/${id}`), `${id} named`);
      assert.ok(missing.includes('/checklist/S1.1-02-A'), 'alternative group named once');

      const checklist = demoChecklist(t.ctx, 'JST-CR-01-01-2024R1');
      const saved = await api('PATCH', `/api/v1/applications/${appId}`, p.vendorA.auth, { checklist });
      assert.equal(saved.statusCode, 200, saved.body);
      assert.equal((await api('POST', `/api/v1/applications/${appId}/submit`, p.vendorA.auth)).json().status, 'submitted');

      const returned = await api('POST', `/api/v1/applications/${appId}/return`, p.reviewer.auth, { comment: 'Please add the support period to the manual.' });
      assert.equal(returned.json().status, 'returned');
      assert.equal(returned.json().events.at(-1).comment, 'Please add the support period to the manual.');
      const resubmitted = await api('POST', `/api/v1/applications/${appId}/submit`, p.vendorA.auth);
      assert.equal(resubmitted.json().status, 'resubmitted');

      const accepted = await api('POST', `/api/v1/applications/${appId}/accept`, p.reviewer.auth, {});
      assert.equal(accepted.statusCode, 200, accepted.body);
      assert.match(accepted.json().acceptanceNumber, /^ACC-2026-\d{6}$/);
      assert.equal(accepted.json().feeJpy, 198000);
      assert.equal((await api('POST', `/api/v1/applications/${appId}/payment`, p.reviewer.auth, { reference: 'BANK-0001' })).json().status, 'fee_paid');
      const issued = await api('POST', `/api/v1/applications/${appId}/issue`, p.reviewer.auth, {});
      assert.equal(issued.json().status, 'issued');
      const rn = issued.json().registrationNumber as string;
      assert.match(rn, /^JS1-2026-\d{6}-\d$/);

      const label = await api('GET', `/api/v1/labels/${rn}`, undefined);
      assert.equal(label.statusCode, 200, label.body);
      const body = label.json();
      assert.equal(body.status, 'valid');
      assert.equal(body.level, 1);
      assert.equal(body.scheme.id, 'jc-star');
      assert.equal(body.criteria.id, 'JST-CR-01-01-2024R1');
      assert.equal(body.issuedAt, t.clock.now().toISOString());
      assert.equal(body.expiresAt, '2028-11-25T03:00:00.000Z', 'two years after issue');
      assert.equal(body.product.modelNumbers.length, 3);
      assert.equal(body.security.supportEndsOn, '2030-03-31');
      assert.equal(body.contact.vulnerabilityReport, 'https://a.example.jp/psirt');
      assert.equal(body.vendor.corporateNumber, '7000012050002');
      assert.equal(body.url, `https://registry.test/labels/${rn}`);
      assert.deepEqual(body.history.map((h: { event: string }) => h.event), ['issued']);

      const revoked = await api('POST', `/api/v1/labels/${rn}/revoke`, p.reviewer.auth, { reason: 'Nonconformity with S1.1-02 found in a market survey.' });
      assert.equal(revoked.statusCode, 200, revoked.body);
      const after = (await api('GET', `/api/v1/labels/${rn}`, undefined)).json();
      assert.equal(after.status, 'revoked');
      assert.equal(after.history.at(-1).event, 'revoked');
      assert.equal(after.history.at(-1).reason, 'Nonconformity with S1.1-02 found in a market survey.');
      const again = await api('POST', `/api/v1/labels/${rn}/revoke`, p.reviewer.auth, { reason: 'twice' });
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().code, 'LABEL_STATE_CONFLICT');

      const audit = await api('GET', `/api/v1/audit-events?entityType=application&entityId=${appId}`, p.reviewer.auth);
      const actions = audit.json().map((e: { action: string }) => e.action).reverse();
      assert.deepEqual(actions, [
        'application.created', 'application.updated', 'application.submitted', 'application.returned', 'application.submitted',
        'application.accepted', 'application.fee_paid', 'application.issued',
      ]);
    });

    it('shows a label as expired once its expiry has passed, and as valid at an earlier date', async () => {
      const { appId } = await draftApplication();
      const rn = await issue(appId);
      const issuedAt = t.clock.now();
      t.clock.advanceDays(731);
      const expired = (await api('GET', `/api/v1/labels/${rn}`, undefined)).json();
      assert.equal(expired.status, 'expired');
      const earlier = (await api('GET', `/api/v1/labels/${rn}?at=${new Date(issuedAt.getTime() + 86_400_000).toISOString()}`, undefined)).json();
      assert.equal(earlier.status, 'valid');
      const list = (await api('GET', `/api/v1/labels?status=expired`, undefined)).json();
      assert.ok(list.items.some((i: { registrationNumber: string }) => i.registrationNumber === rn));
      t.clock.advanceDays(-731);
    });

    it('renews a label inside the window: same number, validity extended from the previous expiry', async () => {
      const { appId } = await draftApplication();
      const rn = await issue(appId);
      const first = (await api('GET', `/api/v1/labels/${rn}`, undefined)).json();
      const early = await api('POST', '/api/v1/applications', p.vendorA.auth, { level: 1, route: 'renewal', renewsRegistrationNumber: rn });
      assert.equal(early.statusCode, 409);
      assert.equal(early.json().code, 'RENEWAL_WINDOW_CLOSED');
      t.clock.advanceDays(700);
      const renewal = await api('POST', '/api/v1/applications', p.vendorA.auth, { level: 1, route: 'renewal', renewsRegistrationNumber: rn.toLowerCase() });
      assert.equal(renewal.statusCode, 201, renewal.body);
      const second = await api('POST', '/api/v1/applications', p.vendorA.auth, { level: 1, route: 'renewal', renewsRegistrationNumber: rn });
      assert.equal(second.json().code, 'RENEWAL_ALREADY_OPEN');
      assert.equal(await issue(renewal.json().id), rn);
      const renewed = (await api('GET', `/api/v1/labels/${rn}`, undefined)).json();
      assert.equal(renewed.status, 'valid');
      assert.equal(renewed.issuedAt, first.issuedAt);
      assert.equal(renewed.expiresAt, '2030-11-25T03:00:00.000Z');
      assert.deepEqual(renewed.history.map((h: { event: string }) => h.event), ['issued', 'renewed']);
      t.clock.advanceDays(-700);
    });
  });
}
