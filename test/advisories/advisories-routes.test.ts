/**
 * The advisory API on SQLite and PostgreSQL: upload (the CSAF document is the body), the problems
 * each refusal answers with, reading back the report, findings and stored document, vendor scope,
 * and the OpenAPI description.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { canonicalJson } from '../../src/app/transparency/log-leaf.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { createParties, type Parties } from '../helpers/fixtures.ts';
import { cameraCatalogue, fixture, importState, sample, type Camera } from './setup.ts';

function problem(res: LightMyRequestResponse, status: number, code: string) {
  assert.equal(res.statusCode, status, res.body);
  assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
  const body = res.json();
  assert.equal(body.code, code);
  return body;
}

for (const dialect of DIALECTS) {
  describe(`${dialect.name}: advisory API`, { skip: dialect.skip }, () => {
    let t: TestApp;
    let p: Parties;
    let camera: Camera;
    let advisoryId: string;
    before(async () => {
      t = await startTestApp(dialect);
      p = await createParties(t);
      camera = await cameraCatalogue(t, p);
    });
    after(async () => t?.close());

    const api = (method: 'GET' | 'POST', url: string, headers: Record<string, string> = {}, payload?: unknown) =>
      t.app.inject({ method, url, headers, ...(payload !== undefined && { payload: payload as object }) });

    it('imports the posted CSAF document and answers 201 with the import report', async () => {
      const res = await api('POST', '/api/v1/advisories', p.memberA.auth, fixture());
      assert.equal(res.statusCode, 201, res.body);
      const report = res.json();
      advisoryId = report.advisory.id;
      assert.equal(report.advisory.trackingId, 'A-DENKI-PSIRT-2026-0007');
      assert.equal(report.advisory.currentReleaseDate, '2026-11-20T00:00:00.000Z');
      assert.equal(report.previousRevision, null);
      assert.deepEqual(report.matched.map((m: { productId: string; matchedBy: string }) => [m.productId, m.matchedBy]), [
        [camera.nc200, 'model_number'],
        [camera.nc300, 'model_number'],
        [camera.doorbell, 'product_name'],
      ]);
      assert.deepEqual(report.unmatched, [{ csafProductId: 'CSAFPID-0003', name: 'A Denki NC-100 Network Camera firmware 1.9.9' }]);
      assert.deepEqual(report.recommended, []);
      assert.deepEqual(report.findings, { known_affected: 2, fixed: 1, known_not_affected: 1, under_investigation: 1 });
    });

    it('lists, shows and serves back the stored advisory', async () => {
      const list = await api('GET', '/api/v1/advisories', p.vendorA.auth);
      assert.equal(list.statusCode, 200, list.body);
      assert.deepEqual(list.json().items.map((a: { id: string }) => a.id), [advisoryId]);
      assert.deepEqual(list.json().items[0].findings, { known_affected: 2, fixed: 1, known_not_affected: 1, under_investigation: 1 });

      const detail = await api('GET', `/api/v1/advisories/${advisoryId}`, p.vendorA.auth);
      assert.equal(detail.statusCode, 200, detail.body);
      const body = detail.json();
      assert.equal(body.advisory.publisherName, 'A Denki PSIRT');
      assert.equal(body.productFindings.length, 5);
      const notAffected = body.productFindings.find((f: { status: string }) => f.status === 'known_not_affected');
      assert.equal(notAffected.productId, camera.nc300);
      assert.equal(notAffected.justification, 'vulnerable_code_not_present');
      assert.deepEqual(notAffected.csafProducts, [{ id: 'CSAFPID-0002', name: 'A Denki NC-300 Network Camera firmware 2.0.1', status: 'known_not_affected', matchedBy: 'model_number' }]);
      const fixed = body.productFindings.find((f: { status: string }) => f.status === 'fixed');
      assert.deepEqual(fixed.cvss, { version: '3.1', baseScore: 9.8, severity: 'CRITICAL', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' });
      assert.deepEqual(fixed.remediations, [{ category: 'vendor_fix', details: 'Update the firmware to version 1.4.3 or later.', url: 'https://a.example.jp/support/nc-200/firmware' }]);

      const csaf = await api('GET', `/api/v1/advisories/${advisoryId}/csaf`, p.vendorA.auth);
      assert.equal(csaf.statusCode, 200, csaf.body);
      assert.match(String(csaf.headers['content-type']), /^application\/json/);
      assert.equal(csaf.body, canonicalJson(fixture()));
      const sha = createHash('sha256').update(csaf.rawPayload).digest('hex');
      assert.equal(sha, body.advisory.documentSha256);
      assert.equal(csaf.headers.etag, `"${sha}"`);
      assert.match(String(csaf.headers['content-disposition']), /filename="a-denki-psirt-2026-0007\.json"/);
    });

    it('answers each refusal with its problem and changes nothing', async () => {
      const before = await importState(t);
      const invalid = problem(await api('POST', '/api/v1/advisories', p.vendorA.auth, sample('invalid', '6-1-02-01.json')), 422, 'CSAF_INVALID');
      assert.deepEqual(invalid.failedTests, ['mandatoryTest_6_1_2']);
      assert.deepEqual(invalid.errors.map((e: { pointer: string }) => e.pointer), ['/document/product_tree/full_product_names/0/product_id', '/document/product_tree/full_product_names/1/product_id']);
      assert.match(invalid.errors[0].detail, /^mandatoryTest_6_1_2: /);

      const older = fixture();
      older.document.tracking.current_release_date = '2026-11-01T00:00:00.000Z';
      older.document.tracking.initial_release_date = '2026-11-01T00:00:00.000Z';
      older.document.tracking.revision_history[0].date = '2026-11-01T00:00:00.000Z';
      const stale = problem(await api('POST', '/api/v1/advisories', p.vendorA.auth, older), 409, 'ADVISORY_REVISION_STALE');
      assert.equal(stale.currentRevision, '1');

      const unmatched = problem(await api('POST', '/api/v1/advisories', p.vendorB.auth, fixture()), 422, 'ADVISORY_NOT_MATCHED');
      assert.equal(unmatched.unmatched.length, 4);

      problem(await api('POST', `/api/v1/advisories?vendorId=${p.vendorA.vendorId}`, p.vendorB.auth, fixture()), 404, 'NOT_FOUND');
      problem(await api('POST', '/api/v1/advisories', p.reviewer.auth, fixture()), 403, 'FORBIDDEN');
      problem(await api('POST', '/api/v1/advisories', {}, fixture()), 401, 'UNAUTHENTICATED');
      problem(await api('POST', '/api/v1/advisories', p.vendorA.auth, [fixture()]), 400, 'VALIDATION_FAILED');
      problem(await api('POST', '/api/v1/advisories?vendorId=nope', p.vendorA.auth, fixture()), 400, 'VALIDATION_FAILED');
      problem(await api('POST', '/api/v1/advisories', { ...p.vendorA.auth, 'content-type': 'application/json' }, '{"document":'), 400, 'MALFORMED_JSON');
      problem(await api('POST', '/api/v1/advisories', { ...p.vendorA.auth, 'content-type': 'application/xml' }, '<cvrfdoc/>'), 415, 'UNSUPPORTED_MEDIA_TYPE');
      const huge = { ...fixture(), padding: 'x'.repeat(2 * 1024 * 1024) };
      problem(await api('POST', '/api/v1/advisories', p.vendorA.auth, huge), 413, 'PAYLOAD_TOO_LARGE');
      const empty = problem(await api('POST', '/api/v1/advisories', p.vendorA.auth), 422, 'CSAF_INVALID');
      assert.ok(empty.failedTests.includes('csaf_2_0'));
      assert.deepEqual(await importState(t), before);
    });

    it("answers 404 for another vendor's advisory and lets operators read every vendor's", async () => {
      problem(await api('GET', `/api/v1/advisories/${advisoryId}`, p.vendorB.auth), 404, 'NOT_FOUND');
      problem(await api('GET', `/api/v1/advisories/${advisoryId}/csaf`, p.vendorB.auth), 404, 'NOT_FOUND');
      assert.deepEqual((await api('GET', '/api/v1/advisories', p.vendorB.auth)).json().items, []);
      assert.deepEqual((await api('GET', `/api/v1/advisories?vendorId=${p.vendorA.vendorId}`, p.vendorB.auth)).json().items, []);
      problem(await api('GET', `/api/v1/advisories/${t.ctx.newId()}`, p.vendorA.auth), 404, 'NOT_FOUND');
      problem(await api('GET', '/api/v1/advisories', {}), 401, 'UNAUTHENTICATED');

      assert.equal((await api('GET', `/api/v1/advisories/${advisoryId}`, p.reviewer.auth)).statusCode, 200);
      assert.equal((await api('GET', `/api/v1/advisories?vendorId=${p.vendorA.vendorId}`, p.admin.auth)).json().items.length, 1);
      assert.equal((await api('GET', `/api/v1/advisories?vendorId=${p.vendorB.vendorId}`, p.admin.auth)).json().items.length, 0);
      assert.equal((await api('GET', '/api/v1/advisories?limit=0', p.admin.auth)).statusCode, 400);
    });

    it('accepts a newer revision over HTTP and reports the one it replaced', async () => {
      const v2 = fixture();
      v2.document.tracking.version = '2';
      v2.document.tracking.current_release_date = '2026-11-24T00:00:00.000Z';
      v2.document.tracking.revision_history.push({ date: '2026-11-24T00:00:00.000Z', number: '2', summary: 'NC-300 fixed.' });
      v2.vulnerabilities[1].product_status = { known_affected: ['CSAFPID-0001'], fixed: ['CSAFPID-0002'], under_investigation: ['CSAFPID-0004'] };
      const res = await api('POST', '/api/v1/advisories', p.vendorA.auth, v2);
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.json().advisory.id, advisoryId);
      assert.equal(res.json().previousRevision, '1');
      assert.deepEqual(res.json().findings, { known_affected: 1, fixed: 2, known_not_affected: 1, under_investigation: 1 });
      const csaf = await api('GET', `/api/v1/advisories/${advisoryId}/csaf`, p.vendorA.auth);
      assert.equal(JSON.parse(csaf.body).document.tracking.version, '2');
    });

    it('documents the routes in the OpenAPI description', async () => {
      const spec = (await api('GET', '/api/openapi.json')).json();
      const post = spec.paths['/api/v1/advisories'].post;
      assert.deepEqual(Object.keys(post.responses).sort(), ['201', '400', '401', '403', '404', '409', '413', '415', '422']);
      assert.ok(post.security.length);
      assert.ok(spec.paths['/api/v1/advisories'].get.responses['200']);
      assert.ok(spec.paths['/api/v1/advisories/{id}'].get.responses['200']);
      assert.ok(spec.paths['/api/v1/advisories/{id}/csaf'].get.responses['200']);
    });
  });
}
