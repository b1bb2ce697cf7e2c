/**
 * An imported CSAF advisory is where buyers look: on the labelled product's page and in its label
 * JSON (CVE, CVSS, VEX status, remediation), in its timeline, in the change feed, and announced
 * to subscribers. One advisory, two labelled cameras with different statuses.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { createParties, issueLabelThroughApi, type Parties } from '../helpers/fixtures.ts';
import { getPage, text } from '../pages/helpers.ts';
import { fixture } from './setup.ts';

for (const dialect of DIALECTS) {
  describe(`${dialect.name}: advisory on the product page`, { skip: dialect.skip }, () => {
    let t: TestApp;
    let p: Parties;
    let nc200: string;
    let nc300: string;

    before(async () => {
      t = await startTestApp(dialect);
      p = await createParties(t);
      nc200 = (await issueLabelThroughApi(t, p, { nameJa: 'NC-200 カメラ', nameEn: 'NC-200 camera', category: 'network-camera', modelNumbers: ['NC-200', 'NC-200W'] })).registrationNumber;
      nc300 = (await issueLabelThroughApi(t, p, { nameJa: 'NC-300 カメラ', nameEn: 'NC-300 camera', category: 'network-camera', modelNumbers: ['NC-300'] })).registrationNumber;
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/advisories', headers: p.vendorA.auth, payload: fixture() });
      assert.equal(res.statusCode, 201, res.body);
    });
    after(async () => t?.close());

    const label = async (rn: string) => (await t.app.inject({ url: `/api/v1/labels/${rn}` })).json();

    it('puts each vulnerability with its own status, score and remediation into the label JSON', async () => {
      const one = await label(nc200);
      const byCve = new Map(one.security.vulnerabilities.map((v: { cve: string }) => [v.cve, v]));
      assert.deepEqual([...byCve.keys()].sort(), ['CVE-2026-10001', 'CVE-2026-10002']);
      const fixed = byCve.get('CVE-2026-10001') as { status: string; cvss: { baseScore: number }; remediations: Array<{ category: string }>; advisory: { trackingId: string } };
      assert.equal(fixed.status, 'fixed');
      assert.equal(fixed.cvss.baseScore, 9.8);
      assert.ok(fixed.remediations.some((r) => r.category === 'vendor_fix'));
      assert.equal(fixed.advisory.trackingId, 'A-DENKI-PSIRT-2026-0007');
      assert.equal((byCve.get('CVE-2026-10002') as { status: string }).status, 'known_affected');
      const other = await label(nc300);
      const statuses = Object.fromEntries(other.security.vulnerabilities.map((v: { cve: string; status: string }) => [v.cve, v.status]));
      assert.deepEqual(statuses, { 'CVE-2026-10001': 'known_not_affected', 'CVE-2026-10002': 'known_affected' });
      assert.ok(one.timeline.some((e: { type: string; summary: { trackingId?: string } }) => e.type === 'advisory.published' && e.summary.trackingId === 'A-DENKI-PSIRT-2026-0007'));
    });

    it('shows the vulnerabilities on the product page in both languages', async () => {
      const { res, doc } = await getPage(t, `/labels/${nc200}`);
      assert.equal(res.statusCode, 200);
      const rows = doc.querySelectorAll('#security table tbody tr').map((tr) => [tr.getAttribute('data-status'), text(tr)]);
      assert.equal(rows.length, 2);
      assert.ok(rows.some(([status, row]) => status === 'fixed' && row!.includes('CVE-2026-10001') && row!.includes('9.8') && row!.includes('修正済み')));
      assert.ok(rows.some(([status, row]) => status === 'known_affected' && row!.includes('CVE-2026-10002') && row!.includes('影響あり')));
      const english = await getPage(t, `/labels/${nc200}?lang=en`);
      assert.ok(text(english.doc.querySelector('#security')).includes('Affected, no fix yet'));
      assert.ok(text(english.doc.querySelector('#timeline')).includes('A-DENKI-PSIRT-2026-0007'));
    });

    it('logs the change for each labelled product and announces it to subscribers', async () => {
      const feed = (await t.app.inject({ url: '/api/v1/events?limit=100' })).json();
      const changed = feed.events.filter((e: { type: string }) => e.type === 'label.security_info_changed').map((e: { registrationNumber: string }) => e.registrationNumber);
      assert.deepEqual(changed.sort(), [nc200, nc300].sort());
      const events = await t.ctx.db.selectFrom('notification_events').select(['type', 'payload']).where('type', '=', 'advisory.published').execute();
      assert.equal(events.length, 2);
      assert.ok(events.every((e) => JSON.parse(e.payload).advisory.trackingId === 'A-DENKI-PSIRT-2026-0007'));
    });
  });
}
