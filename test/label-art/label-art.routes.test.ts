/**
 * GET /labels/:rn/label.svg and label.png over HTTP: the artwork of an issued label, whose QR code
 * opens its product page; caching headers; the status band of a revoked label; errors.
 * Writes two PNGs to test-output/ for a person to look at.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { XMLValidator } from 'fast-xml-parser';
import { createApplication } from '../../src/app/applications/create-application.ts';
import { acceptApplication, recordPayment } from '../../src/app/applications/review-application.ts';
import { submitApplication } from '../../src/app/applications/submit-application.ts';
import { updateApplication } from '../../src/app/applications/update-application.ts';
import { changeLabelStatus } from '../../src/app/labels/change-label-status.ts';
import { issueLabel } from '../../src/app/labels/issue-label.ts';
import { createProduct } from '../../src/app/products/create-product.ts';
import { demoChecklist } from '../../src/demo/demo-checklist.ts';
import { BASE_URL, startTestApp, type TestApp } from '../helpers/app.ts';
import { sqlite } from '../helpers/databases.ts';
import { createParties, PRODUCT, type Parties } from '../helpers/fixtures.ts';
import { decodePng, PNG_SIGNATURE, readQr } from './decode.ts';

const OUTPUT_DIR = path.resolve(import.meta.dirname, '../../test-output');

/** Issues a ★1 label through the use cases, as a vendor and a reviewer would. */
async function issueTestLabel(t: TestApp, p: Parties, model: string): Promise<string> {
  const vendor = { userId: p.vendorA.userId, role: 'vendor_admin' as const, vendorId: p.vendorA.vendorId };
  const reviewer = { userId: p.reviewer.userId, role: 'reviewer' as const, vendorId: null };
  const product = await createProduct(t.ctx, vendor, { ...PRODUCT, modelNumbers: [model] });
  const app = await createApplication(t.ctx, vendor, { productId: product.id, level: 1, route: 'standard' });
  await updateApplication(t.ctx, vendor, app.id, { checklist: demoChecklist(t.ctx, app.criteria) });
  await submitApplication(t.ctx, vendor, app.id);
  await acceptApplication(t.ctx, reviewer, app.id);
  await recordPayment(t.ctx, reviewer, app.id, { reference: `P-${model}` });
  const issued = await issueLabel(t.ctx, reviewer, app.id);
  return issued.registrationNumber!;
}

describe('label artwork routes', () => {
  let t: TestApp;
  let valid: string;
  let revoked: string;
  before(async () => {
    t = await startTestApp(sqlite);
    const p = await createParties(t);
    valid = await issueTestLabel(t, p, 'ART-1');
    revoked = await issueTestLabel(t, p, 'ART-2');
    await changeLabelStatus(t.ctx, { userId: p.reviewer.userId, role: 'reviewer', vendorId: null }, revoked, 'revoke', 'Test revocation');
  });
  after(async () => t?.close());

  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

  it('serves the SVG with its registration number, as well-formed XML, with caching headers', async () => {
    const res = await get(`/labels/${valid}/label.svg`);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'image/svg+xml; charset=utf-8');
    assert.equal(res.headers['cache-control'], 'public, max-age=300');
    assert.equal(res.headers['content-disposition'], `inline; filename="${valid}.svg"`);
    assert.match(String(res.headers.etag), /^"[A-Za-z0-9_-]{32}"$/);
    assert.match(String(res.headers['content-security-policy']), /default-src 'none'/);
    assert.equal(XMLValidator.validate(res.body), true);
    assert.match(res.body, new RegExp(`>${valid}</text>`));
    assert.doesNotMatch(res.body, /status-band/);
  });

  it('accepts a lower-case registration number and answers with the canonical artwork', async () => {
    const canonical = await get(`/labels/${valid}/label.svg`);
    const lower = await get(`/labels/${valid.toLowerCase()}/label.svg`);
    assert.equal(lower.statusCode, 200);
    assert.equal(lower.headers['content-disposition'], `inline; filename="${valid}.svg"`);
    assert.equal(lower.body, canonical.body);
  });

  it('serves an 800 px PNG by default whose QR code opens exactly the product page', async () => {
    const res = await get(`/labels/${valid}/label.png`);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'image/png');
    assert.equal(res.headers['cache-control'], 'public, max-age=300');
    assert.equal(res.headers['content-disposition'], `inline; filename="${valid}.png"`);
    assert.deepEqual(res.rawPayload.subarray(0, 8), PNG_SIGNATURE);
    assert.equal(decodePng(res.rawPayload).width, 800);
    assert.equal(readQr(res.rawPayload), `${BASE_URL}/labels/${valid}`);
    assert.equal(readQr(res.rawPayload), `https://registry.test/labels/${valid}`);
    fs.mkdirSync(OUTPUT_DIR, { recursive: true });
    fs.writeFileSync(path.join(OUTPUT_DIR, 'label-valid.png'), res.rawPayload);
  });

  it('renders the requested width, and the same label byte-identically every time', async () => {
    const a = await get(`/labels/${valid}/label.png?width=1234`);
    assert.equal(a.statusCode, 200);
    assert.equal(decodePng(a.rawPayload).width, 1234);
    assert.equal(readQr(a.rawPayload), `${BASE_URL}/labels/${valid}`);
    const b = await get(`/labels/${valid}/label.png?width=1234`);
    assert.ok(a.rawPayload.equals(b.rawPayload));
    assert.equal(a.headers.etag, b.headers.etag);
    const other = await get(`/labels/${valid}/label.png?width=1235`);
    assert.notEqual(other.headers.etag, a.headers.etag);
  });

  it('puts a status band on a revoked label and keeps its QR code pointing to the product page', async () => {
    const svg = await get(`/labels/${revoked}/label.svg`);
    assert.equal(svg.statusCode, 200);
    assert.equal(XMLValidator.validate(svg.body), true);
    assert.match(svg.body, /<g class="status-band" data-status="revoked">/);
    assert.match(svg.body, />REVOKED<\/text>/);
    assert.match(svg.body, />取消<\/text>/);
    const png = await get(`/labels/${revoked}/label.png`);
    assert.equal(png.statusCode, 200);
    assert.equal(readQr(png.rawPayload), `${BASE_URL}/labels/${revoked}`);
    const validPng = await get(`/labels/${valid}/label.png`);
    assert.ok(!png.rawPayload.equals(validPng.rawPayload));
    fs.mkdirSync(OUTPUT_DIR, { recursive: true });
    fs.writeFileSync(path.join(OUTPUT_DIR, 'label-revoked.png'), png.rawPayload);
  });

  it('answers 304 Not Modified when If-None-Match carries the current ETag', async () => {
    for (const url of [`/labels/${valid}/label.svg`, `/labels/${valid}/label.png?width=300`]) {
      const first = await get(url);
      const etag = String(first.headers.etag);
      const again = await get(url, { 'if-none-match': etag });
      assert.equal(again.statusCode, 304, url);
      assert.equal(again.body, '');
      assert.equal(again.headers.etag, etag);
      assert.equal(again.headers['cache-control'], 'public, max-age=300');
      assert.equal((await get(url, { 'if-none-match': `"stale", W/${etag}` })).statusCode, 304, 'weak comparison in a list');
      const stale = await get(url, { 'if-none-match': '"stale"' });
      assert.equal(stale.statusCode, 200);
      assert.equal(stale.headers.etag, etag);
    }
  });

  it('changes the ETag when the status changes', async () => {
    const before = await get(`/labels/${valid}/label.svg`);
    t.clock.advanceDays(3 * 365);
    try {
      const expired = await get(`/labels/${valid}/label.svg`, { 'if-none-match': String(before.headers.etag) });
      assert.equal(expired.statusCode, 200);
      assert.match(expired.body, /data-status="expired"/);
    } finally {
      t.clock.advanceDays(-3 * 365);
    }
  });

  it('answers an unknown registration number with a 404 problem', async () => {
    for (const url of ['/labels/JS1-2026-999999-0/label.svg', '/labels/JS1-2026-999999-0/label.png']) {
      const res = await get(url);
      assert.equal(res.statusCode, 404, url);
      assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
      const problem = res.json();
      assert.equal(problem.code, 'NOT_FOUND');
      assert.equal(problem.status, 404);
      assert.equal(problem.type, `${BASE_URL}/api/problems#NOT_FOUND`);
    }
  });

  it('refuses a bad width with a 400 problem naming the field', async () => {
    for (const width of ['199', '4001', 'abc', '800.5', '']) {
      const res = await get(`/labels/${valid}/label.png?width=${width}`);
      assert.equal(res.statusCode, 400, `width=${width}`);
      assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
      const problem = res.json();
      assert.equal(problem.code, 'VALIDATION_FAILED');
      assert.deepEqual(problem.errors.map((e: { pointer: string; location: string }) => [e.location, e.pointer]), [['query', '/width']]);
    }
    const unknown = await get(`/labels/${valid}/label.png?size=800`);
    assert.equal(unknown.statusCode, 400);
    assert.equal(unknown.json().errors[0].pointer, '/size');
  });
});
