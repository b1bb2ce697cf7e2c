/**
 * The operator console end to end on SQLite and PostgreSQL, through the real log-in form and
 * session cookie: the queue shows a submitted application with its age; a return with a comment
 * reaches the vendor through the API; the resubmission's changed answer and model number show as
 * changes since the last submission; accept (acceptance number and fee), payment and issue make a
 * valid public label; label actions and audit trails; refusals (no comment, no CSRF token, a
 * decision the state does not allow) change nothing; a vendor user gets a 403 page.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { uploadAttachment } from '../../src/app/attachments/upload-attachment.ts';
import { demoChecklist } from '../../src/demo/demo-checklist.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { createParties, PASSWORD, PRODUCT, type Parties } from '../helpers/fixtures.ts';
import { databaseState } from '../helpers/snapshot.ts';
import { text } from '../pages/helpers.ts';
import { getPage, logIn, postForm, type Session } from './session.ts';

/** The smallest file the attachment check recognises as a PDF. */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

for (const dialect of DIALECTS) {
  describe(`operator console review flow (${dialect.name})`, { skip: dialect.skip }, () => {
    let t: TestApp;
    let p: Parties;
    let reviewer: Session;
    let id: string;
    let number: string;
    let rn: string;

    const api = async (method: string, url: string, auth: object, payload?: unknown) => {
      const res = await t.app.inject({ method: method as 'GET', url, headers: auth as Record<string, string>, ...(payload !== undefined && { payload: payload as object }) });
      assert.ok(res.statusCode < 300, `${method} ${url}: ${res.statusCode} ${res.body}`);
      return res.json();
    };

    before(async () => {
      t = await startTestApp(dialect);
      t.ctx.attachmentDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoshi-console-attachments-'));
      p = await createParties(t);
      const product = await api('POST', '/api/v1/products', p.vendorA.auth, PRODUCT);
      const created = await api('POST', '/api/v1/applications', p.vendorA.auth, { productId: product.id, level: 1 });
      id = created.id;
      number = created.applicationNumber;
      await api('PATCH', `/api/v1/applications/${id}`, p.vendorA.auth, { checklist: demoChecklist(t.ctx, created.criteria) });
      await api('POST', `/api/v1/applications/${id}/submit`, p.vendorA.auth);
      reviewer = await logIn(t, p.reviewer.email, PASSWORD);
    });
    after(async () => {
      if (t?.ctx.attachmentDir) fs.rmSync(t.ctx.attachmentDir, { recursive: true, force: true });
      await t?.close();
    });

    it('lists the submitted application in the queue with vendor, product, level and its age in days', async () => {
      t.clock.advanceDays(3);
      // Three days is past the session's idle timeout: log in again.
      reviewer = await logIn(t, p.reviewer.email, PASSWORD);
      const { status, doc } = await getPage(t, reviewer, '/console');
      assert.equal(status, 200);
      const row = doc.querySelector(`tr[data-application="${id}"]`);
      assert.ok(row, 'the application is in the queue');
      assert.match(text(row), new RegExp(number));
      assert.match(text(row), /株式会社エー電機/);
      assert.match(text(row), /Wi-Fi 6 ホームルーター/);
      assert.match(text(row), /★1/);
      assert.equal(row.querySelector('[data-age-days]')!.getAttribute('data-age-days'), '3');
      assert.match(text(row.querySelector('[data-age-days]')), /3日/);
      // Other tabs do not list it; the review tab counts it.
      const payment = await getPage(t, reviewer, '/console?tab=payment');
      assert.equal(payment.doc.querySelector(`tr[data-application="${id}"]`), null);
      const tabs = doc.querySelectorAll('.console-tabs__tab').map(text);
      assert.ok(tabs.some((x) => /審査待ち\s*\(1\)/.test(x)), tabs.join(' | '));
    });

    it('filters the queue by vendor and level', async () => {
      const other = await getPage(t, reviewer, `/console?vendor=${p.vendorB.vendorId}`);
      assert.equal(other.doc.querySelector(`tr[data-application="${id}"]`), null);
      const own = await getPage(t, reviewer, `/console?vendor=${p.vendorA.vendorId}&level=1&route=standard`);
      assert.ok(own.doc.querySelector(`tr[data-application="${id}"]`));
      const renewal = await getPage(t, reviewer, '/console?route=renewal');
      assert.equal(renewal.doc.querySelector(`tr[data-application="${id}"]`), null);
    });

    it('refuses a form without the CSRF token with a 403 page, and changes nothing', async () => {
      await getPage(t, reviewer, `/console/applications/${id}`);
      const before = await databaseState(t.ctx);
      const res = await postForm(t, reviewer, `/console/applications/${id}/accept`, {}, { csrf: false });
      assert.equal(res.status, 403);
      assert.equal(res.headers['x-problem-code'], 'CSRF_FAILED');
      assert.deepEqual(await databaseState(t.ctx), before);
    });

    it('refuses a return without a comment beside the form, and changes nothing', async () => {
      const before = await databaseState(t.ctx);
      const res = await postForm(t, reviewer, `/console/applications/${id}/return`, { comment: '   ' });
      assert.equal(res.status, 400);
      assert.match(text(res.doc.querySelector('#decision [role=alert]')), /コメントを入力してください/);
      assert.deepEqual(await databaseState(t.ctx), before);
    });

    it('refuses payment before acceptance (the state machine), and changes nothing', async () => {
      const before = await databaseState(t.ctx);
      const res = await postForm(t, reviewer, `/console/applications/${id}/payment`, { reference: 'PAY-1' });
      assert.equal(res.status, 409);
      assert.equal(res.headers['x-problem-code'], 'APPLICATION_STATE_CONFLICT');
      assert.match(text(res.doc.querySelector('#decision [role=alert]')), /申請済み/);
      assert.deepEqual(await databaseState(t.ctx), before);
    });

    it('returns the application with a comment that the vendor reads through the API', async () => {
      const comment = 'S1.1-02-01 の根拠に、初期パスワードの生成方法を書いてください。';
      const res = await postForm(t, reviewer, `/console/applications/${id}/return`, { comment });
      assert.equal(res.status, 303);
      assert.equal(res.location, `/console/applications/${id}?done=return`);
      const page = await getPage(t, reviewer, res.location!);
      assert.match(text(page.doc.querySelector('.console-done')), /差し戻しました/);
      const seen = await api('GET', `/api/v1/applications/${id}`, p.vendorA.auth);
      assert.equal(seen.status, 'returned');
      const event = seen.events.find((e: { type: string }) => e.type === 'returned');
      assert.equal(event.comment, comment);
      assert.equal(event.actorId, p.reviewer.userId);
    });

    it('shows what changed since the last submission after the vendor resubmits', async () => {
      const current = await api('GET', `/api/v1/applications/${id}`, p.vendorA.auth);
      const checklist = current.checklist.map((a: { itemId: string; answer: string; evidence: string | null; reason: string | null }) => ({
        itemId: a.itemId,
        answer: a.answer,
        ...(a.evidence !== null && { evidence: a.itemId === 'S1.1-02-01' ? '初期パスワードは機器ごとに乱数で生成し、ラベルに印字します。' : a.evidence }),
        ...(a.reason !== null && { reason: a.reason }),
      }));
      await api('PATCH', `/api/v1/applications/${id}`, p.vendorA.auth, { checklist, modelNumbers: [...current.modelNumbers, 'AX-3000-PRO'] });
      const vendorActor = { userId: p.vendorA.userId, role: 'vendor_admin' as const, vendorId: p.vendorA.vendorId };
      await uploadAttachment(t.ctx, vendorActor, id, { fileName: 'password-design.pdf', content: PDF, checklistItemId: 'S1.1-02-01' });
      await api('POST', `/api/v1/applications/${id}/submit`, p.vendorA.auth);
      const { doc } = await getPage(t, reviewer, `/console/applications/${id}`);
      const changes = doc.querySelector('#changes')!;
      const item = changes.querySelector('li[data-item="S1.1-02-01"]');
      assert.ok(item, text(changes));
      assert.match(text(item.querySelector('.console-after')), /乱数で生成/);
      assert.doesNotMatch(text(item.querySelector('.console-before')), /乱数で生成/);
      assert.match(text(changes), /AX-3000-PRO/);
      assert.equal(changes.querySelectorAll('li[data-item]').length, 1, 'only the changed answer is listed');
      assert.ok(doc.querySelector('#checklist li.console-changed[data-item="S1.1-02-01"]'), 'the checklist marks it too');
      // The new evidence file: listed as added, linked beside its item, downloadable by the reviewer.
      assert.match(text(changes.querySelector('[data-changes=attachments-added]')), /password-design\.pdf \(S1\.1-02-01\)/);
      const link = doc.querySelector('#checklist li[data-item="S1.1-02-01"] a[href*="/attachments/"]')!;
      assert.equal(text(link), 'password-design.pdf');
      const download = await t.app.inject({ url: link.getAttribute('href')!, headers: { cookie: [...reviewer.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
      assert.equal(download.statusCode, 200);
      assert.deepEqual(download.rawPayload, PDF);
      // The queue shows it again, as a resubmission.
      const queue = await getPage(t, reviewer, '/console?status=resubmitted');
      assert.ok(queue.doc.querySelector(`tr[data-application="${id}"]`));
    });

    it('shows the whole checklist with every answer and evidence', async () => {
      const { doc } = await getPage(t, reviewer, `/console/applications/${id}`);
      const app = await api('GET', `/api/v1/applications/${id}`, p.reviewer.auth);
      for (const answer of app.checklist) {
        const li = doc.querySelector(`#checklist li[data-item="${answer.itemId}"]`);
        assert.ok(li, answer.itemId);
        if (answer.evidence) assert.ok(text(li).includes(answer.evidence.replace(/\s+/g, ' ').trim()), answer.itemId);
        if (answer.reason) assert.ok(text(li).includes(answer.reason.replace(/\s+/g, ' ').trim()), answer.itemId);
      }
    });

    it('accepts: the page shows the acceptance number and the fee', async () => {
      const res = await postForm(t, reviewer, `/console/applications/${id}/accept`, { comment: '' });
      assert.equal(res.status, 303);
      const { doc } = await getPage(t, reviewer, res.location!);
      const seen = await api('GET', `/api/v1/applications/${id}`, p.vendorA.auth);
      assert.equal(seen.status, 'accepted');
      assert.match(seen.acceptanceNumber, /\S/);
      assert.equal(text(doc.querySelector('[data-field=acceptance-number]')), seen.acceptanceNumber);
      assert.equal(seen.feeJpy, 198000);
      assert.match(text(doc.querySelector('.console-done')), new RegExp(`${seen.acceptanceNumber}.*198,000円`));
      assert.match(text(doc.querySelector('[data-field=fee]')), /198,000円/);
      const queue = await getPage(t, reviewer, '/console?tab=payment');
      assert.ok(queue.doc.querySelector(`tr[data-application="${id}"]`));
    });

    it('records the payment and issues the label, which is then valid in public', async () => {
      const paid = await postForm(t, reviewer, `/console/applications/${id}/payment`, { reference: 'BANK-2026-0001', paidOn: '' });
      assert.equal(paid.status, 303);
      const afterPayment = await api('GET', `/api/v1/applications/${id}`, p.vendorA.auth);
      assert.equal(afterPayment.status, 'fee_paid');
      assert.equal(afterPayment.paymentReference, 'BANK-2026-0001');
      const issued = await postForm(t, reviewer, `/console/applications/${id}/issue`, { validUntil: '' });
      assert.equal(issued.status, 303);
      const app = await api('GET', `/api/v1/applications/${id}`, p.vendorA.auth);
      assert.equal(app.status, 'issued');
      rn = app.registrationNumber;
      const label = (await t.app.inject({ url: `/api/v1/labels/${rn}` })).json();
      assert.equal(label.status, 'valid');
      assert.ok(label.product.modelNumbers.includes('AX-3000-PRO'));
      const { doc } = await getPage(t, reviewer, issued.location!);
      assert.match(text(doc.querySelector('.console-done')), new RegExp(rn));
    });

    it('decides a UK PSTI listing request from the label page', async () => {
      await api('POST', `/api/v1/labels/${rn}/psti-listing`, p.vendorA.auth, { productNameEn: 'Wi-Fi 6 Home Router', descriptionEn: 'A home router.' });
      const list = await getPage(t, reviewer, '/console/labels');
      assert.match(text(list.doc.querySelector('.console-pending')), new RegExp(`${rn}.*Wi-Fi 6 Home Router`));
      const page = await getPage(t, reviewer, `/console/labels/${rn}`);
      assert.equal(text(page.doc.querySelector('[data-field=psti-status]')), '審査待ち');
      const before = await databaseState(t.ctx);
      const empty = await postForm(t, reviewer, `/console/labels/${rn}/psti-listing/reject`, { reason: ' ' });
      assert.equal(empty.status, 400);
      assert.match(text(empty.doc.querySelector('#psti [role=alert]')), /理由を入力してください/);
      assert.ok(empty.doc.querySelector('#psti details[open]'), 'the folded reject form is open again');
      assert.deepEqual(await databaseState(t.ctx), before);
      const approved = await postForm(t, reviewer, `/console/labels/${rn}/psti-listing/approve`, {});
      assert.equal(approved.status, 303);
      const listed = (await t.app.inject({ url: '/api/v1/psti/listings' })).json();
      assert.ok(listed.items.some((i: { registrationNumber: string }) => i.registrationNumber === rn));
      const again = await postForm(t, reviewer, `/console/labels/${rn}/psti-listing/approve`, {});
      assert.equal(again.status, 409);
      assert.equal(again.headers['x-problem-code'], 'PSTI_LISTING_STATE_CONFLICT');
    });

    it('suspends, reinstates and revokes the label with public reasons', async () => {
      const page = await getPage(t, reviewer, `/console/labels/${rn}`);
      assert.deepEqual(page.doc.querySelectorAll('#actions form').map((f) => f.getAttribute('action')!.split('/').at(-1)), ['suspend', 'revoke']);
      const empty = await postForm(t, reviewer, `/console/labels/${rn}/suspend`, { reason: '' });
      assert.equal(empty.status, 400);
      t.clock.set(new Date(t.clock.now().getTime() + 60_000));
      const suspended = await postForm(t, reviewer, `/console/labels/${rn}/suspend`, { reason: '調査中のため' });
      assert.equal(suspended.status, 303);
      assert.equal((await t.app.inject({ url: `/api/v1/labels/${rn}` })).json().status, 'suspended');
      const conflict = await postForm(t, reviewer, `/console/labels/${rn}/suspend`, { reason: 'again' });
      assert.equal(conflict.status, 409);
      // A minute between actions, so the history and the audit trail order them by time alone.
      t.clock.set(new Date(t.clock.now().getTime() + 60_000));
      assert.equal((await postForm(t, reviewer, `/console/labels/${rn}/reinstate`, { reason: '調査終了' })).status, 303);
      t.clock.set(new Date(t.clock.now().getTime() + 60_000));
      assert.equal((await postForm(t, reviewer, `/console/labels/${rn}/revoke`, { reason: '要件不適合が判明したため' })).status, 303);
      const label = (await t.app.inject({ url: `/api/v1/labels/${rn}` })).json();
      assert.equal(label.status, 'revoked');
      const { doc } = await getPage(t, reviewer, `/console/labels/${rn}?done=revoke`);
      assert.match(text(doc.querySelector('.console-done')), /取り消しました/);
      assert.match(text(doc), /要件不適合が判明したため/);
    });

    it('lists the label with filters', async () => {
      const { doc } = await getPage(t, reviewer, `/console/labels?q=${encodeURIComponent('AX-3000-PRO')}&status=revoked`);
      assert.ok(doc.querySelectorAll('tbody tr').some((tr) => text(tr).includes(rn)));
      const none = await getPage(t, reviewer, `/console/labels?q=${encodeURIComponent('AX-3000-PRO')}&status=valid`);
      assert.equal(none.doc.querySelectorAll('tbody tr').length, 0);
    });

    it('shows the audit trail of the application and of the label with who, when and what changed', async () => {
      const appTrail = await getPage(t, reviewer, `/console/applications/${id}/audit`);
      const actions = appTrail.doc.querySelectorAll('li[data-action]').map((li) => li.getAttribute('data-action'));
      for (const action of ['application.created', 'application.updated', 'application.submitted', 'application.returned', 'application.accepted', 'application.fee_paid', 'application.issued']) {
        assert.ok(actions.includes(action), `${action} in ${actions.join(', ')}`);
      }
      const accepted = appTrail.doc.querySelector('li[data-action="application.accepted"]')!;
      assert.match(text(accepted), /reviewer@op\.test/);
      assert.match(text(accepted), /status.*submitted.*accepted|status resubmitted → accepted/);
      const updated = appTrail.doc.querySelectorAll('li[data-action="application.updated"]').map(text).join(' ');
      assert.match(updated, /AX-3000-PRO/);
      const labelTrail = await getPage(t, reviewer, `/console/labels/${rn}/audit`);
      const labelActions = labelTrail.doc.querySelectorAll('li[data-action]').map((li) => li.getAttribute('data-action'));
      assert.deepEqual(labelActions.filter((a) => a!.startsWith('label.')), ['label.revoked', 'label.reinstated', 'label.suspended', 'label.issued']);
      assert.deepEqual(labelActions.filter((a) => a!.startsWith('psti_listing.')).sort(), ['psti_listing.approved', 'psti_listing.requested'], 'with its PSTI listing');
      assert.match(text(labelTrail.doc.querySelector('li[data-action="label.suspended"]')), /base_status.*valid.*suspended/);
    });

    it('lists the registry\'s newest audit events, by kind of subject, linked to their pages', async () => {
      const all = await getPage(t, reviewer, '/console/audit');
      assert.equal(all.status, 200);
      assert.ok(all.doc.querySelector(`li[data-action="label.revoked"] a[href="/console/labels/${encodeURIComponent(rn)}"]`));
      const apps = await getPage(t, reviewer, '/console/audit?type=application');
      const actions = apps.doc.querySelectorAll('li[data-action]').map((li) => li.getAttribute('data-action')!);
      assert.ok(actions.length > 0 && actions.every((a) => a.startsWith('application.')), actions.join(', '));
      assert.ok(apps.doc.querySelector(`a[href="/console/applications/${id}"]`));
    });

    it('answers a vendor user with a 403 page and an anonymous visitor with the log-in page', async () => {
      const vendor = await logIn(t, p.vendorA.email, PASSWORD);
      for (const url of ['/console', `/console/applications/${id}`, '/console/dashboard', `/console/labels/${rn}`, '/console/audit']) {
        const res = await getPage(t, vendor, url);
        assert.equal(res.status, 403, url);
        assert.match(text(res.doc.querySelector('h1')), /権限がありません/);
      }
      const before = await databaseState(t.ctx);
      await getPage(t, vendor, '/portal');
      const post = await postForm(t, vendor, `/console/labels/${rn}/reinstate`, { reason: 'x' });
      assert.equal(post.status, 403);
      assert.deepEqual(await databaseState(t.ctx), before);
      const anonymous = await t.app.inject({ url: '/console' });
      assert.equal(anonymous.statusCode, 303);
      assert.equal(anonymous.headers.location, '/login?next=%2Fconsole');
    });

    it('answers unknown or malformed ids with a 404 page', async () => {
      for (const url of ['/console/applications/not-a-uuid', '/console/applications/00000000-0000-4000-8000-000000000000', '/console/labels/JS1-2026-999999-0', '/console/labels/nonsense']) {
        const res = await getPage(t, reviewer, url);
        assert.equal(res.status, 404, url);
      }
    });

    it('renders in English on request', async () => {
      const { doc } = await getPage(t, reviewer, `/console/applications/${id}?lang=en`);
      assert.equal(doc.querySelector('html')!.getAttribute('lang'), 'en');
      assert.match(text(doc.querySelector('h1')), /^Application /);
      assert.match(text(doc.querySelector('#changes h2')), /Changes since the last submission/);
      await getPage(t, reviewer, '/console?lang=ja');
    });
  });
}
