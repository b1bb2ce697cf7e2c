/**
 * The advisory import use cases on SQLite and PostgreSQL: the OASIS examples import for a vendor
 * whose products they name, every invalid example is refused naming its mandatory test and writes
 * nothing, our camera advisory yields the expected findings, revisions replace and stale ones are
 * refused, and vendor scope holds.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { importAdvisory } from '../../src/app/advisories/import-advisory.ts';
import { getAdvisory, getAdvisoryDocument, listAdvisories } from '../../src/app/advisories/list-advisories.ts';
import { loadProductFindings } from '../../src/app/advisories/product-findings.ts';
import { canonicalJson } from '../../src/app/transparency/log-leaf.ts';
import { SYSTEM_ACTOR } from '../../src/app/context.ts';
import { readPublicVersion } from '../../src/app/public-version.ts';
import { createProduct } from '../../src/app/products/create-product.ts';
import { createHash } from 'node:crypto';
import { DIALECTS } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { createParties, issueLabelThroughApi, type Parties } from '../helpers/fixtures.ts';
import { actor, cameraCatalogue, domainError, fixture, importState, sample, samples, type Camera } from './setup.ts';

/** A later revision of a document: new version, release date and revision history entry. */
function revise(doc: Record<string, any>, version: string, date: string): Record<string, any> {
  const next = structuredClone(doc);
  next.document.tracking.version = version;
  next.document.tracking.current_release_date = date;
  next.document.tracking.revision_history.push({ date, number: version, summary: `Revision ${version}.` });
  return next;
}

for (const dialect of DIALECTS) {
  describe(`${dialect.name}: CSAF advisory import`, { skip: dialect.skip }, () => {
    let t: TestApp;
    let p: Parties;
    let camera: Camera;
    const vendorA = () => actor(p.vendorA, 'vendor_admin');
    before(async () => {
      t = await startTestApp(dialect);
      p = await createParties(t);
      camera = await cameraCatalogue(t, p);
    });
    after(async () => t?.close());

    it('imports every valid OASIS example for a vendor whose products they name', async () => {
      const b = actor(p.vendorB, 'vendor_admin');
      const make = async (nameJa: string, nameEn: string, model: string) => (await createProduct(t.ctx, b, { nameJa, nameEn, category: 'other', modelNumbers: [model] })).id;
      const ids = {
        DEF: await make('DEF', 'DEF', 'DEF-1'),
        ABC: await make('ＡＢＣ', 'ABC series', 'ABC-1'),
        GHI: await make('ジーエイチアイ', 'ghi', 'GHI-1'),
        CONVERTER: await make('コンバーター', 'CVRF-CSAF-Converter', 'CC-1'),
      };
      const expected: Record<string, { product: string; statuses: Record<string, number>; matched: number }> = {
        '2022-evd-uc-01-a-001.json': { product: ids.DEF, statuses: { known_affected: 1 }, matched: 1 },
        '2022-evd-uc-01-f-001.json': { product: ids.DEF, statuses: { fixed: 1 }, matched: 1 },
        '2022-evd-uc-01-na-001.json': { product: ids.ABC, statuses: { known_not_affected: 1 }, matched: 1 },
        '2022-evd-uc-01-ui-001.json': { product: ids.GHI, statuses: { under_investigation: 1 }, matched: 1 },
        '2022-evd-uc-02-na-001.json': { product: ids.ABC, statuses: { known_not_affected: 19 }, matched: 1 },
        'bsi-2022-0001.json': { product: ids.CONVERTER, statuses: { known_affected: 1 }, matched: 6 },
      };
      assert.deepEqual(samples('valid'), Object.keys(expected));
      for (const file of samples('valid')) {
        const want = expected[file]!;
        const report = await importAdvisory(t.ctx, b, { document: sample('valid', file) });
        assert.equal(report.advisory.trackingId, sample('valid', file).document.tracking.id, file);
        assert.equal(report.matched.length, want.matched, file);
        assert.ok(report.matched.every((m) => m.productId === want.product && m.matchedBy === 'product_name'), file);
        assert.deepEqual(report.unmatched, [], file);
        assert.deepEqual(report.findings, { known_affected: 0, fixed: 0, known_not_affected: 0, under_investigation: 0, ...want.statuses }, file);
      }
      const listed = await listAdvisories(t.ctx, b);
      assert.equal(listed.length, 6);
      assert.deepEqual(listed.map((a) => a.currentReleaseDate), [...listed.map((a) => a.currentReleaseDate)].sort().reverse(), 'newest first');

      const affected = (await loadProductFindings(t.ctx.db, [ids.DEF])).get(ids.DEF)!;
      assert.deepEqual(affected.map((f) => [f.advisory.trackingId, f.status]), [['2022-EVD-UC-01-A-001', 'known_affected'], ['2022-EVD-UC-01-F-001', 'fixed']]);
      assert.equal(affected[0]!.remediations[0]!.category, 'vendor_fix');
      const notAffected = (await loadProductFindings(t.ctx.db, [ids.ABC])).get(ids.ABC)!;
      assert.equal(notAffected.find((f) => f.advisory.trackingId === '2022-EVD-UC-01-NA-001')!.impactStatement, 'Class with vulnerable code was removed before shipping.');
      const bsi = (await loadProductFindings(t.ctx.db, [ids.CONVERTER])).get(ids.CONVERTER)!;
      assert.deepEqual(bsi.map((f) => [f.cve, f.cvss?.baseScore, f.cvss?.severity, f.remediations[0]?.url]), [
        ['CVE-2022-27193', 6.1, 'MEDIUM', 'https://github.com/csaf-tools/CVRF-CSAF-Converter/releases/tag/1.0.0-rc2'],
      ]);
    });

    it('refuses every invalid OASIS example with CSAF_INVALID naming its mandatory test, and writes nothing', async () => {
      const files = samples('invalid');
      assert.equal(files.length, 8);
      for (const file of files) {
        const n = /^6-1-(\d\d)-\d\d\.json$/.exec(file)?.[1];
        assert.ok(n, file);
        const test = `mandatoryTest_6_1_${Number(n)}`;
        const before = await importState(t);
        const error = await domainError(() => importAdvisory(t.ctx, vendorA(), { document: sample('invalid', file) }));
        assert.equal(error.code, 'CSAF_INVALID', file);
        assert.ok(error.extra.failedTests.includes(test), `${file}: ${error.extra.failedTests}`);
        const fields = error.fields.filter((f) => f.detail.startsWith(`${test}: `));
        assert.ok(fields.length > 0, `${file}: ${JSON.stringify(error.fields)}`);
        assert.ok(error.fields.every((f) => f.pointer.startsWith('/document/')), JSON.stringify(error.fields));
        assert.deepEqual(await importState(t), before, file);
      }
      const e = await domainError(() => importAdvisory(t.ctx, vendorA(), { document: sample('invalid', '6-1-06-01.json') }));
      assert.deepEqual(e.fields, [{ pointer: '/document/vulnerabilities/0/product_status', detail: 'mandatoryTest_6_1_6: product id "CSAFPID-9080700" is mentioned in contradicting product status groups' }]);
    });

    it('names every failed test but lists at most 100 errors of each, with the total', async () => {
      const document = sample('invalid', '6-1-02-01.json');
      document.product_tree.full_product_names = Array.from({ length: 300 }, (_, i) => ({ product_id: 'CSAFPID-1', name: `Product ${i}` }));
      delete document.document.title;
      const error = await domainError(() => importAdvisory(t.ctx, vendorA(), { document }));
      assert.deepEqual(error.extra.failedTests, ['csaf_2_0', 'csaf_2_0_strict', 'mandatoryTest_6_1_2']);
      assert.equal(error.fields.filter((f) => f.detail.startsWith('mandatoryTest_6_1_2: ')).length, 100);
      assert.equal(error.extra.errorCount, 300 + error.fields.filter((f) => !f.detail.startsWith('mandatoryTest_6_1_2')).length);
    });

    it('refuses what is not CSAF at all, listing the schema errors', async () => {
      for (const document of [null, 5, 'csaf', [], {}, { document: { category: 'csaf_base' } }]) {
        const error = await domainError(() => importAdvisory(t.ctx, vendorA(), { document }));
        assert.equal(error.code, 'CSAF_INVALID', JSON.stringify(document));
        assert.ok(error.fields.some((f) => f.detail.startsWith('csaf_2_0')), JSON.stringify(error.fields));
      }
      let deep: unknown = 'x';
      for (let i = 0; i < 100_000; i++) deep = [deep];
      const error = await domainError(() => importAdvisory(t.ctx, vendorA(), { document: { document: deep } }));
      assert.equal(error.code, 'CSAF_INVALID');
      assert.match(error.fields[0]!.detail, /more than 64 levels/);
    });

    it('imports the camera advisory: matched by model numbers and name, one product reported unmatched, VEX statuses per product', async () => {
      const before = await importState(t);
      const document = fixture();
      const report = await importAdvisory(t.ctx, vendorA(), { document });
      assert.deepEqual(report.advisory, {
        id: report.advisory.id,
        trackingId: 'A-DENKI-PSIRT-2026-0007',
        revision: '1',
        title: 'A Denki network cameras: authentication bypass and RTSP stack overflow',
        currentReleaseDate: '2026-11-20T00:00:00.000Z',
      });
      assert.equal(report.previousRevision, null);
      assert.deepEqual(report.matched, [
        { csafProductId: 'CSAFPID-0001', name: 'A Denki NC-200 Network Camera firmware 1.4.3', productId: camera.nc200, matchedBy: 'model_number' },
        { csafProductId: 'CSAFPID-0002', name: 'A Denki NC-300 Network Camera firmware 2.0.1', productId: camera.nc300, matchedBy: 'model_number' },
        { csafProductId: 'CSAFPID-0004', name: 'A Denki Smart Door Bell 3.2', productId: camera.doorbell, matchedBy: 'product_name' },
      ]);
      assert.deepEqual(report.unmatched, [{ csafProductId: 'CSAFPID-0003', name: 'A Denki NC-100 Network Camera firmware 1.9.9' }]);
      assert.deepEqual(report.findings, { known_affected: 2, fixed: 1, known_not_affected: 1, under_investigation: 1 });

      const detail = await getAdvisory(t.ctx, vendorA(), report.advisory.id);
      const rows = detail.productFindings.map((f) => [f.cve, f.productId, f.status, f.justification, f.cvss?.baseScore ?? null, f.remediations.map((r) => r.category).join()]);
      assert.deepEqual(rows, [
        ['CVE-2026-10001', camera.nc200, 'fixed', null, 9.8, 'vendor_fix'],
        ['CVE-2026-10001', camera.nc300, 'known_not_affected', 'vulnerable_code_not_present', null, ''],
        ['CVE-2026-10002', camera.nc200, 'known_affected', null, 7.5, 'workaround'],
        ['CVE-2026-10002', camera.nc300, 'known_affected', null, 7.5, 'vendor_fix'],
        ['CVE-2026-10002', camera.doorbell, 'under_investigation', null, null, ''],
      ]);
      const fixed = detail.productFindings[0]!;
      assert.deepEqual(fixed.remediations, [{ category: 'vendor_fix', details: 'Update the firmware to version 1.4.3 or later.', url: 'https://a.example.jp/support/nc-200/firmware' }]);
      assert.equal(fixed.cvss!.vector, 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H');
      assert.equal(fixed.cvss!.severity, 'CRITICAL');
      assert.equal(detail.productFindings[1]!.impactStatement, 'The NC-300 uses a different web server without the maintenance endpoint.');
      assert.equal(detail.productFindings[0]!.firstSeenAt, t.clock.now().toISOString());

      const stored = await getAdvisoryDocument(t.ctx, vendorA(), report.advisory.id);
      assert.equal(stored.json, canonicalJson(document));
      assert.deepEqual(JSON.parse(stored.json), document);
      assert.equal(stored.sha256, createHash('sha256').update(stored.json).digest('hex'));

      const after = await importState(t);
      assert.equal(Number(after.advisories) - Number(before.advisories), 1);
      assert.equal(Number(after.advisory_findings) - Number(before.advisory_findings), 5);
      assert.equal(Number(after.notification_events) - Number(before.notification_events), 3, 'one advisory.published event per matched product');
      assert.equal(Number(after.audit_events) - Number(before.audit_events), 1);
      const audit = await t.ctx.db.selectFrom('audit_events').selectAll().where('action', '=', 'advisory.imported').where('entity_id', '=', report.advisory.id).executeTakeFirstOrThrow();
      assert.equal(audit.actor_id, p.vendorA.userId);
      assert.equal(JSON.parse(audit.after_json!).documentSha256, stored.sha256);
    });

    it('replaces an advisory with a newer revision (keeping when each finding was first seen) and refuses an older one', async () => {
      const base = fixture();
      base.document.tracking.id = 'A-DENKI-PSIRT-2026-0008';
      const first = await importAdvisory(t.ctx, vendorA(), { document: base });
      const firstSeen = t.clock.now().toISOString();
      t.clock.advanceDays(3);

      const v2 = revise(base, '2', '2026-11-27T09:00:00.000+09:00');
      v2.vulnerabilities[1].product_status = { fixed: ['CSAFPID-0001', 'CSAFPID-0002'], under_investigation: ['CSAFPID-0004'] };
      v2.vulnerabilities.push({
        cve: 'CVE-2026-10003',
        title: 'Hard-coded key',
        notes: [{ category: 'description', text: 'The firmware signs sessions with a key shared by every unit.' }],
        product_status: { known_affected: ['CSAFPID-0001'] },
      });
      const second = await importAdvisory(t.ctx, vendorA(), { document: v2 });
      assert.equal(second.advisory.id, first.advisory.id, 'same advisory, new revision');
      assert.equal(second.advisory.revision, '2');
      assert.equal(second.previousRevision, '1');
      assert.deepEqual(second.findings, { known_affected: 1, fixed: 3, known_not_affected: 1, under_investigation: 1 });
      const detail = await getAdvisory(t.ctx, vendorA(), first.advisory.id);
      const seen = Object.fromEntries(detail.productFindings.map((f) => [`${f.cve} ${f.productName.en}`, f.firstSeenAt]));
      assert.equal(seen['CVE-2026-10002 NC-200 camera'], firstSeen);
      assert.equal(seen['CVE-2026-10003 NC-200 camera'], t.clock.now().toISOString());
      assert.equal((await t.ctx.db.selectFrom('advisories').select('id').where('tracking_id', '=', 'A-DENKI-PSIRT-2026-0008').execute()).length, 1);

      const before = await importState(t);
      const stale = await domainError(() => importAdvisory(t.ctx, vendorA(), { document: base }));
      assert.equal(stale.code, 'ADVISORY_REVISION_STALE');
      assert.equal(stale.extra.currentRevision, '2');
      assert.equal(stale.extra.currentReleaseDate, '2026-11-27T00:00:00.000Z');
      assert.deepEqual(await importState(t), before);

      // The same release date again is a re-import of the current revision: accepted.
      const again = await importAdvisory(t.ctx, vendorA(), { document: v2 });
      assert.equal(again.previousRevision, '2');
      assert.equal((await getAdvisory(t.ctx, vendorA(), first.advisory.id)).productFindings.find((f) => f.cve === 'CVE-2026-10002' && f.productId === camera.nc200)!.firstSeenAt, firstSeen);
    });

    it('ends with the later revision when two revisions of a new advisory are imported at once', async () => {
      for (let round = 0; round < 5; round++) {
        const base = fixture();
        base.document.tracking.id = `A-DENKI-RACE-${round}`;
        const later = revise(base, '2', '2026-11-21T00:00:00.000Z');
        const uploads = round % 2 ? [base, later] : [later, base];
        const results = await Promise.allSettled(uploads.map((document) => importAdvisory(t.ctx, vendorA(), { document })));
        for (const r of results) {
          if (r.status === 'rejected') assert.equal((r.reason as { code?: string }).code, 'ADVISORY_REVISION_STALE', String(r.reason));
        }
        const rows = await t.ctx.db.selectFrom('advisories').select(['id', 'revision']).where('tracking_id', '=', base.document.tracking.id).execute();
        assert.deepEqual(rows.map((r) => r.revision), ['2']);
        assert.equal((await t.ctx.db.selectFrom('advisory_findings').select('id').where('advisory_id', '=', rows[0]!.id).execute()).length, 5);
      }
    });

    it('logs a security-information leaf for a labelled product and bumps what the public sees', async () => {
      const labelled = await issueLabelThroughApi(t, p, { nameEn: 'NC-500 camera', modelNumbers: ['NC-500'] });
      const document = fixture();
      document.document.tracking.id = 'A-DENKI-PSIRT-2026-0009';
      document.product_tree.branches[0].branches[0].branches[0].branches[0].product.product_identification_helper.model_numbers = ['NC-500'];
      const leaves = async () => (await t.ctx.db.selectFrom('log_entries').selectAll().execute()).filter((e) => JSON.parse(e.leaf).type === 'label.security_info_changed').length;
      const beforeLeaves = await leaves();
      const beforeVersion = await readPublicVersion(t.ctx.db);
      const report = await importAdvisory(t.ctx, vendorA(), { document });
      assert.ok(report.matched.some((m) => m.productId === labelled.productId));
      assert.equal(await leaves(), beforeLeaves + 1);
      assert.ok((await readPublicVersion(t.ctx.db)) > beforeVersion, 'cached public pages are invalidated');
      const events = await t.ctx.db.selectFrom('notification_events').selectAll().where('type', '=', 'advisory.published').where('product_id', '=', labelled.productId).execute();
      assert.equal(events.length, 1);
      assert.deepEqual(JSON.parse(events[0]!.payload).vulnerabilities.map((v: { cve: string; status: string }) => [v.cve, v.status]), [['CVE-2026-10001', 'fixed'], ['CVE-2026-10002', 'known_affected']]);
    });

    it('refuses an advisory that names none of the vendor\'s products, reporting what it names', async () => {
      const before = await importState(t);
      const error = await domainError(() => importAdvisory(t.ctx, actor(p.vendorB, 'vendor_admin'), { document: fixture() }));
      assert.equal(error.code, 'ADVISORY_NOT_MATCHED');
      assert.deepEqual(error.extra.unmatched.map((u: { csafProductId: string }) => u.csafProductId), ['CSAFPID-0001', 'CSAFPID-0002', 'CSAFPID-0003', 'CSAFPID-0004']);
      assert.deepEqual(await importState(t), before);
    });

    it('keeps vendors apart: no import for another vendor, no reading another vendor\'s advisory', async () => {
      const [mine] = await listAdvisories(t.ctx, vendorA());
      const b = actor(p.vendorB, 'vendor_admin');
      const before = await importState(t);
      assert.equal((await domainError(() => importAdvisory(t.ctx, b, { document: fixture(), vendorId: p.vendorA.vendorId! }))).code, 'NOT_FOUND');
      assert.deepEqual(await importState(t), before);
      assert.equal((await domainError(() => getAdvisory(t.ctx, b, mine!.id))).code, 'NOT_FOUND');
      assert.equal((await domainError(() => getAdvisoryDocument(t.ctx, b, mine!.id))).code, 'NOT_FOUND');
      assert.ok((await listAdvisories(t.ctx, b)).every((a) => a.vendorId === p.vendorB.vendorId));
      assert.ok((await listAdvisories(t.ctx, b, { vendorId: p.vendorA.vendorId! })).every((a) => a.vendorId === p.vendorB.vendorId), 'a vendor cannot filter its way into another vendor');

      assert.equal((await domainError(() => importAdvisory(t.ctx, actor(p.reviewer, 'reviewer'), { document: fixture(), vendorId: p.vendorA.vendorId! }))).code, 'FORBIDDEN');
      assert.equal((await domainError(() => importAdvisory(t.ctx, SYSTEM_ACTOR, { document: fixture() }))).code, 'VENDOR_REQUIRED');
      assert.equal((await domainError(() => importAdvisory(t.ctx, SYSTEM_ACTOR, { document: fixture(), vendorId: '0190a000-0000-7000-8000-00000000dead' }))).code, 'NOT_FOUND');

      const operator = actor(p.admin, 'operator_admin');
      const all = await listAdvisories(t.ctx, operator);
      assert.ok(all.some((a) => a.vendorId === p.vendorA.vendorId) && all.some((a) => a.vendorId === p.vendorB.vendorId));
      assert.ok((await listAdvisories(t.ctx, operator, { vendorId: p.vendorB.vendorId! })).every((a) => a.vendorId === p.vendorB.vendorId));
      assert.equal((await getAdvisory(t.ctx, operator, mine!.id)).advisory.id, mine!.id);

      const viaSystem = fixture();
      viaSystem.document.tracking.id = 'A-DENKI-PSIRT-2026-0010';
      assert.equal((await importAdvisory(t.ctx, SYSTEM_ACTOR, { document: viaSystem, vendorId: p.vendorA.vendorId! })).matched.length, 3);
    });

    it('gives public product pages the findings of several products at once, newest advisory first', async () => {
      const found = await loadProductFindings(t.ctx.db, [camera.nc200, camera.router, camera.nc200]);
      assert.deepEqual([...found.keys()], [camera.nc200, camera.router]);
      assert.deepEqual(found.get(camera.router), []);
      const dates = found.get(camera.nc200)!.map((f) => f.advisory.currentReleaseDate);
      assert.deepEqual(dates, [...dates].sort().reverse());
      assert.equal(dates[0], '2026-11-27T00:00:00.000Z');
      assert.ok(found.get(camera.nc200)!.every((f) => !('importedBy' in f) && !('csafProducts' in f)));
    });
  });
}
