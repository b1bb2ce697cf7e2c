/**
 * The labels a vendor holds, through the portal, on both databases: status, expiry and artwork
 * links; renewal offered from 90 days before expiry and started from the previous application;
 * security information kept current (support period, updates, contact, security.txt, CSAF
 * advisories with their report or every failed test); API tokens shown once, usable, revocable.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CAMERA_ADVISORY, CSAF_SAMPLES, FIXTURES, importState } from '../advisories/setup.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { createParties, issueLabelThroughApi, type Parties } from '../helpers/fixtures.ts';
import { databaseState } from '../helpers/snapshot.ts';
import { text } from '../pages/helpers.ts';
import { applicationIdOf, Browser, startPortalApp } from './helpers.ts';

for (const dialect of DIALECTS) {
  describe(`${dialect.name}: labels and security information in the portal`, { skip: dialect.skip }, () => {
    let t: Awaited<ReturnType<typeof startPortalApp>>;
    let p: Parties;
    let a: Browser;
    let rn: string;
    let applicationId: string;
    let labelUrl: string;
    let outer: Browser;

    before(async () => {
      t = await startPortalApp(dialect);
      p = await createParties(t);
      ({ registrationNumber: rn, applicationId } = await issueLabelThroughApi(t, p, { modelNumbers: ['NC-200', 'NC-200W'], category: 'network-camera' }));
      labelUrl = `/portal/labels/${rn}`;
      a = await new Browser(t).logIn(p.vendorA.email);
      outer = a;
    });
    after(async () => t?.close());

    it('lists the label with status, expiry, public page and artwork; renewal opens 90 days before expiry', async () => {
      const { doc } = await a.get('/portal/labels');
      const row = doc.querySelector('main .entry')!;
      assert.equal(text(row.querySelector('.entry__title a')), rn);
      assert.match(text(row), /Valid/);
      assert.match(text(row), /25 Nov 2028/);
      assert.match(text(row), /Opens on 27 Aug 2028/);
      const hrefs = row.querySelectorAll('a').map((x) => x.getAttribute('href'));
      assert.ok(hrefs.includes(`/labels/${rn}`) && hrefs.includes(`/labels/${rn}/label.svg`) && hrefs.includes(`/labels/${rn}/label.png`));
      const png = await a.get(`/labels/${rn}/label.png`);
      assert.equal(png.res.headers['content-type'], 'image/png');
      await a.get(labelUrl);
      const before = await databaseState(t.ctx);
      const early = await a.post(`${labelUrl}/renew`, {});
      assert.equal(early.res.statusCode, 409);
      assert.match(early.res.body, /Renewal opens on/);
      assert.deepEqual(await databaseState(t.ctx), before);
    });

    it('renews inside the window, starting from the label’s model numbers and last checklist', async () => {
      t.clock.advanceDays(700);
      // Sessions end after 12 hours: 700 days later the vendor logs in again (and again after).
      const a = await new Browser(t).logIn(p.vendorA.email);
      try {
        let home = await a.get('/portal');
        assert.match(text(home.doc.querySelector('main')), new RegExp(`Labels expiring within 90 days.*${rn}`));
        const res = await a.post(`${labelUrl}/renew`, {});
        assert.equal(res.res.statusCode, 303);
        const id = applicationIdOf(res.res.headers.location);
        const renewal = (await t.app.inject({ url: `/api/v1/applications/${id}`, headers: p.vendorA.auth })).json();
        const previous = (await t.app.inject({ url: `/api/v1/applications/${applicationId}`, headers: p.vendorA.auth })).json();
        assert.equal(renewal.route, 'renewal');
        assert.equal(renewal.renewsRegistrationNumber, rn);
        assert.deepEqual(renewal.modelNumbers, ['NC-200', 'NC-200W']);
        assert.deepEqual(renewal.checklist, previous.checklist, 'the previous answers, to review');
        const overview = await a.get(String(res.res.headers.location));
        assert.match(overview.res.body, /renewal application was created/);
        assert.match(overview.res.body, /Everything is there/);
        home = await a.get('/portal');
        assert.match(text(home.doc.querySelector('main')), /Renewal APP-/);
        const list = await a.get('/portal/labels');
        assert.equal(list.doc.querySelector(`form[action="${labelUrl}/renew"]`), null, 'one renewal at a time');
        // Withdrawn again, so the label can be renewed later in other tests.
        await a.get(`/portal/applications/${id}`);
        await a.post(`/portal/applications/${id}/withdraw`, {});
      } finally {
        t.clock.advanceDays(-700);
      }
      await outer.logIn(p.vendorA.email);
    });

    it('extends the support period, never shortens it', async () => {
      await a.get(labelUrl);
      const before = await databaseState(t.ctx);
      const shorter = await a.post(`${labelUrl}/support-period`, { endsOn: '2029-12-31', note: '' });
      assert.equal(shorter.res.statusCode, 422);
      assert.match(shorter.res.body, /may be extended, not shortened/);
      assert.equal(shorter.doc.querySelector('input[name=endsOn]')?.getAttribute('value'), '2029-12-31');
      assert.deepEqual(await databaseState(t.ctx), before);
      const longer = await a.post(`${labelUrl}/support-period`, { endsOn: '2031-03-31', note: 'Extended for the 2026 model year.' });
      assert.equal(longer.res.headers.location, `${labelUrl}?done=extended`);
      const page = await a.get(labelUrl);
      assert.match(text(page.doc.querySelector('#support')), /31 Mar 2031.*Extended for the 2026 model year\./);
      const label = (await t.app.inject({ url: `/api/v1/labels/${rn}` })).json();
      assert.equal(label.security.supportEndsOn, '2031-03-31');
    });

    it('announces an update and keeps the contact current; bad input is shown and saves nothing', async () => {
      await a.get(labelUrl);
      const before = await databaseState(t.ctx);
      const bad = await a.post(`${labelUrl}/updates`, { version: '1.5.0', releasedOn: '2026-11-20', url: 'http://insecure.example' });
      assert.equal(bad.res.statusCode, 400);
      assert.match(text(bad.doc.querySelector('#error-summary')), /https URL/);
      const badContact = await a.post(`${labelUrl}/contact`, { vulnerabilityContact: 'not a contact', disclosurePolicyUrl: '' });
      assert.equal(badContact.res.statusCode, 400);
      assert.deepEqual(await databaseState(t.ctx), before);
      const ok = await a.post(`${labelUrl}/updates`, { version: '1.5.0', releasedOn: '2026-11-20', notesJa: '脆弱性の修正', notesEn: 'Security fixes', url: 'https://a.example.jp/fw/1.5.0' });
      assert.equal(ok.res.headers.location, `${labelUrl}?done=announced`);
      const contact = await a.post(`${labelUrl}/contact`, { vulnerabilityContact: 'psirt@a.example.jp', disclosurePolicyUrl: 'https://a.example.jp/psirt/policy-v2' });
      assert.equal(contact.res.headers.location, `${labelUrl}?done=contact`);
      const label = (await t.app.inject({ url: `/api/v1/labels/${rn}` })).json();
      assert.equal(label.security.updates[0].version, '1.5.0');
      assert.deepEqual(label.contact, { vulnerabilityReport: 'psirt@a.example.jp', disclosurePolicyUrl: 'https://a.example.jp/psirt/policy-v2' });
    });

    it('files a security.txt, listing every problem of a refused one by line', async () => {
      await a.get('/portal/security-txt');
      const before = await databaseState(t.ctx);
      const bad = await a.post('/portal/security-txt', { text: 'Contact: mailto:psirt@a.example.jp\r\nExpires: 2020-01-01T00:00:00Z\r\n' });
      assert.equal(bad.res.statusCode, 422);
      assert.match(text(bad.doc.querySelector('#error-summary')), /Line 2.*error/);
      assert.deepEqual(await databaseState(t.ctx), before);
      const good = await a.post('/portal/security-txt', { text: 'Contact: mailto:psirt@a.example.jp\r\nExpires: 2027-11-01T00:00:00Z\r\nPolicy: https://a.example.jp/psirt/policy\r\n' });
      assert.equal(good.res.headers.location, '/portal/security-txt?done=saved');
      const page = await a.get('/portal/security-txt?done=saved');
      assert.match(text(page.doc.querySelector('pre')), /Contact: mailto:psirt@a\.example\.jp/);
      const label = (await t.app.inject({ url: `/api/v1/labels/${rn}` })).json();
      assert.deepEqual(label.security.securityTxt.contact, ['mailto:psirt@a.example.jp']);
    });

    it('imports a CSAF advisory with its report, and names every failed test of an invalid one', async () => {
      await a.get('/portal/advisories');
      const invalidDir = path.join(CSAF_SAMPLES, 'invalid');
      if (fs.existsSync(invalidDir)) {
        const before = await importState(t);
        const bad = await a.upload('/portal/advisories', {}, [{ name: 'document', filename: '6-1-01-01.json', content: fs.readFileSync(path.join(invalidDir, '6-1-01-01.json')) }]);
        assert.equal(bad.res.statusCode, 422);
        assert.match(text(bad.doc.querySelector('#error-summary')), /Failed tests.*failed.*Nothing was imported/);
        assert.ok(bad.doc.querySelectorAll('#error-summary tbody tr').length >= 1);
        assert.deepEqual(await importState(t), before);
      }
      const notJson = await a.upload('/portal/advisories', {}, [{ name: 'document', filename: 'x.json', content: Buffer.from('{ nope') }]);
      assert.equal(notJson.res.statusCode, 400);
      assert.match(notJson.res.body, /cannot be read as JSON/);
      const ok = await a.upload('/portal/advisories', {}, [{ name: 'document', filename: CAMERA_ADVISORY, content: fs.readFileSync(path.join(FIXTURES, CAMERA_ADVISORY)) }]);
      assert.equal(ok.res.statusCode, 200, ok.res.body.slice(0, 400));
      const report = text(ok.doc.querySelector('[role=status]'));
      assert.match(report, /was imported/);
      assert.match(report, /Products matched.*NC-200/);
      const page = await a.get(labelUrl);
      assert.match(text(page.doc.querySelector('#vulnerabilities')), /CVE-/);
    });

    it('creates an API token shown once, which works until it is revoked', async () => {
      await a.get('/portal/tokens');
      const created = await a.post('/portal/tokens', { name: 'CI upload', days: '30' });
      assert.equal(created.res.statusCode, 200);
      const token = created.doc.querySelector('#new-token')!.textContent;
      assert.match(token, /^hoshi_/);
      assert.equal(created.res.headers['cache-control'], 'no-store');
      const again = await a.get('/portal/tokens');
      assert.equal(again.res.body.includes(token), false, 'never shown again');
      assert.match(text(again.doc.querySelector('main .entries')), /CI upload Active/);
      const me = await t.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
      assert.equal(me.statusCode, 200);
      assert.equal(me.json().email, p.vendorA.email);

      const id = (await t.ctx.db.selectFrom('api_tokens').select('id').where('name', '=', 'CI upload').executeTakeFirstOrThrow()).id;
      const other = await new Browser(t).logIn(p.memberA.email);
      await other.get('/portal/tokens');
      assert.equal((await other.post(`/portal/tokens/${id}/revoke`, {})).res.statusCode, 404, "another user's token");
      const revoked = await a.post(`/portal/tokens/${id}/revoke`, {});
      assert.equal(revoked.res.headers.location, '/portal/tokens?done=revoked');
      assert.equal((await t.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } })).statusCode, 401);
      assert.match(text((await a.get('/portal/tokens')).doc.querySelector('main .entries')), /CI upload Revoked/);
    });
  });
}
