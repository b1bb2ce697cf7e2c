/**
 * Bad input gets a clear problem+json error naming the offending field, and changes nothing.
 * Runs on SQLite and PostgreSQL.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { DIALECTS } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { createParties, PRODUCT, type Parties } from '../helpers/fixtures.ts';
import { databaseState } from '../helpers/snapshot.ts';

function assertProblem(res: LightMyRequestResponse, status: number, code: string, pointers: string[] = []) {
  assert.equal(res.statusCode, status, res.body);
  assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
  const body = res.json();
  assert.equal(body.code, code);
  assert.equal(body.status, status);
  assert.ok(body.title && body.detail && body.type.endsWith(`#${code}`));
  const got = (body.errors ?? []).map((e: { pointer: string }) => e.pointer);
  for (const pointer of pointers) assert.ok(got.includes(pointer), `expected ${pointer} in ${JSON.stringify(got)}`);
}

for (const dialect of DIALECTS) {
  describe(`${dialect.name}: bad input is refused and changes nothing`, { skip: dialect.skip }, () => {
    let t: TestApp;
    let p: Parties;
    let productId: string;
    let appId: string;
    before(async () => {
      t = await startTestApp(dialect, { maxBodyBytes: 64 * 1024 });
      p = await createParties(t);
      productId = (await t.app.inject({ method: 'POST', url: '/api/v1/products', headers: p.vendorA.auth, payload: PRODUCT })).json().id;
      appId = (await t.app.inject({ method: 'POST', url: '/api/v1/applications', headers: p.vendorA.auth, payload: { productId, level: 1 } })).json().id;
    });
    after(async () => t?.close());

    /** Sends the request and checks the problem, and that no table changed. */
    async function refused(
      req: { method: string; url: string; headers?: Record<string, string>; payload?: unknown },
      status: number,
      code: string,
      pointers: string[] = [],
    ) {
      const before = await databaseState(t.ctx);
      const res = await t.app.inject(req as never);
      assertProblem(res, status, code, pointers);
      assert.deepEqual(await databaseState(t.ctx), before, 'database unchanged');
      return res;
    }

    it('names every missing checklist item on submit', async () => {
      const res = await refused({ method: 'POST', url: `/api/v1/applications/${appId}/submit`, headers: p.vendorA.auth }, 422, 'CHECKLIST_INCOMPLETE', [
        '/checklist/S1.1-01-01',
        '/checklist/S1.1-05-03',
      ]);
      assert.equal(res.json().errors.length, 24, '28 items, four alternative pairs named once each');
    });

    it('refuses "not applicable" without a reason and "conforms" without evidence', async () => {
      await refused(
        {
          method: 'PATCH',
          url: `/api/v1/applications/${appId}`,
          headers: p.vendorA.auth,
          payload: { checklist: [{ itemId: 'S1.1-01-01', answer: 'conforms', evidence: 'Design doc §3' }, { itemId: 'S1.1-03-01', answer: 'not_applicable' }, { itemId: 'S1.1-04-01', answer: 'conforms', evidence: '   ' }] },
        },
        400,
        'VALIDATION_FAILED',
        ['/checklist/1/reason', '/checklist/2/evidence'],
      );
    });

    it('refuses unknown assessment items and unknown fields', async () => {
      await refused({ method: 'PATCH', url: `/api/v1/applications/${appId}`, headers: p.vendorA.auth, payload: { checklist: [{ itemId: 'S9.9-99-99', answer: 'conforms', evidence: 'x' }] } }, 400, 'VALIDATION_FAILED', ['/checklist/0/itemId']);
      await refused({ method: 'PATCH', url: `/api/v1/applications/${appId}`, headers: p.vendorA.auth, payload: { modelNumbers: ['X-1'], status: 'issued' } }, 400, 'VALIDATION_FAILED', ['/status']);
    });

    it('refuses a malformed corporate number', async () => {
      const vendor = { nameJa: 'テスト', nameEn: 'Test', address: '東京都', country: 'JP' };
      await refused({ method: 'POST', url: '/api/v1/vendors', headers: p.admin.auth, payload: { ...vendor, corporateNumber: '1000012050002' } }, 400, 'VALIDATION_FAILED', ['/corporateNumber']);
      await refused({ method: 'POST', url: '/api/v1/vendors', headers: p.admin.auth, payload: { ...vendor, corporateNumber: '70000120500' } }, 400, 'VALIDATION_FAILED', ['/corporateNumber']);
      await refused({ method: 'POST', url: '/api/v1/vendors', headers: p.admin.auth, payload: vendor }, 400, 'VALIDATION_FAILED', ['/corporateNumber']);
    });

    it('refuses model numbers that are empty, duplicated, too long or carry control characters', async () => {
      const post = (modelNumbers: string[]) => ({ method: 'POST', url: '/api/v1/products', headers: p.vendorA.auth, payload: { ...PRODUCT, modelNumbers } });
      await refused(post(['']), 400, 'VALIDATION_FAILED', ['/modelNumbers/0']);
      await refused(post([]), 400, 'VALIDATION_FAILED', ['/modelNumbers']);
      await refused(post(['ZX-1', 'zx-1']), 400, 'VALIDATION_FAILED', ['/modelNumbers/1']);
      await refused(post(['ZX-1', 'ＺＸ－１']), 400, 'VALIDATION_FAILED', ['/modelNumbers/1']);
      await refused(post(['Z'.repeat(65)]), 400, 'VALIDATION_FAILED', ['/modelNumbers/0']);
      await refused(post(['OK-1', 'BAD\u0007BELL', 'NUL\u0000', 'ZW\u200BSP']), 400, 'VALIDATION_FAILED', ['/modelNumbers/1', '/modelNumbers/2', '/modelNumbers/3']);
      await refused({ method: 'PATCH', url: `/api/v1/applications/${appId}`, headers: p.vendorA.auth, payload: { modelNumbers: ['A', 'a'] } }, 400, 'VALIDATION_FAILED', ['/modelNumbers/1']);
      // A model number another product of the same vendor already lists.
      await refused(post(['ax-3000']), 409, 'MODEL_NUMBER_TAKEN');
    });

    it('refuses oversized payloads and non-JSON bodies', async () => {
      const huge = Array.from({ length: 5000 }, (_, i) => `MODEL-NUMBER-${i}`);
      await refused({ method: 'POST', url: '/api/v1/products', headers: p.vendorA.auth, payload: { ...PRODUCT, modelNumbers: huge } }, 413, 'PAYLOAD_TOO_LARGE');
      await refused({ method: 'POST', url: '/api/v1/products', headers: { ...p.vendorA.auth, 'content-type': 'application/json' }, payload: '{"nameJa":' }, 400, 'MALFORMED_JSON');
      await refused({ method: 'POST', url: '/api/v1/products', headers: { ...p.vendorA.auth, 'content-type': 'text/plain' }, payload: 'hello' }, 415, 'UNSUPPORTED_MEDIA_TYPE');
    });

    it('refuses the wrong role', async () => {
      await refused({ method: 'POST', url: `/api/v1/applications/${appId}/accept`, headers: p.vendorA.auth, payload: {} }, 403, 'FORBIDDEN');
      await refused({ method: 'POST', url: '/api/v1/products', headers: p.reviewer.auth, payload: PRODUCT }, 403, 'FORBIDDEN');
      await refused({ method: 'POST', url: '/api/v1/vendors', headers: p.reviewer.auth, payload: { nameJa: 'x', nameEn: 'x', address: 'x', country: 'JP', corporateNumber: '7000012050002' } }, 403, 'FORBIDDEN');
      await refused({ method: 'POST', url: `/api/v1/applications/${appId}/submit` }, 401, 'UNAUTHENTICATED');
      await refused({ method: 'POST', url: `/api/v1/applications/${appId}/submit`, headers: { authorization: 'Bearer hoshi_not-a-token' } }, 401, 'UNAUTHENTICATED');
    });

    it("answers 404 for another vendor's records, on every route that takes an id", async () => {
      const b = p.vendorB.auth;
      await refused({ method: 'GET', url: `/api/v1/products/${productId}`, headers: b }, 404, 'NOT_FOUND');
      await refused({ method: 'PATCH', url: `/api/v1/products/${productId}`, headers: b, payload: { nameEn: 'Hijacked' } }, 404, 'NOT_FOUND');
      await refused({ method: 'GET', url: `/api/v1/applications/${appId}`, headers: b }, 404, 'NOT_FOUND');
      await refused({ method: 'PATCH', url: `/api/v1/applications/${appId}`, headers: b, payload: { modelNumbers: ['B-1'] } }, 404, 'NOT_FOUND');
      await refused({ method: 'POST', url: `/api/v1/applications/${appId}/submit`, headers: b }, 404, 'NOT_FOUND');
      await refused({ method: 'POST', url: `/api/v1/applications/${appId}/withdraw`, headers: b, payload: {} }, 404, 'NOT_FOUND');
      await refused({ method: 'POST', url: '/api/v1/applications', headers: b, payload: { productId, level: 1 } }, 404, 'NOT_FOUND');
      await refused({ method: 'GET', url: `/api/v1/vendors/${p.vendorA.vendorId}`, headers: b }, 404, 'NOT_FOUND');
      const list = await t.app.inject({ method: 'GET', url: '/api/v1/applications', headers: b });
      assert.deepEqual(list.json(), []);
      const products = await t.app.inject({ method: 'GET', url: `/api/v1/products?vendor=${p.vendorA.vendorId}`, headers: b });
      assert.deepEqual(products.json(), []);
      const vendors = await t.app.inject({ method: 'GET', url: '/api/v1/vendors', headers: b });
      assert.deepEqual(vendors.json().map((v: { id: string }) => v.id), [p.vendorB.vendorId]);
    });

    it('refuses state changes out of order', async () => {
      await refused({ method: 'POST', url: `/api/v1/applications/${appId}/issue`, headers: p.reviewer.auth, payload: {} }, 409, 'APPLICATION_STATE_CONFLICT');
      await refused({ method: 'POST', url: `/api/v1/applications/${appId}/return`, headers: p.reviewer.auth, payload: { comment: 'x' } }, 409, 'APPLICATION_STATE_CONFLICT');
      await refused({ method: 'POST', url: `/api/v1/applications/${appId}/return`, headers: p.reviewer.auth, payload: { comment: '' } }, 400, 'VALIDATION_FAILED', ['/comment']);
      await refused({ method: 'POST', url: '/api/v1/labels/JS1-2026-000001-0/revoke', headers: p.reviewer.auth, payload: { reason: 'x' } }, 404, 'NOT_FOUND');
    });

    it('validates query parameters and cursors of the public list', async () => {
      await refused({ method: 'GET', url: '/api/v1/labels?limit=1000' }, 400, 'VALIDATION_FAILED', ['/limit']);
      await refused({ method: 'GET', url: '/api/v1/labels?status=sleeping' }, 400, 'VALIDATION_FAILED', ['/status']);
      await refused({ method: 'GET', url: '/api/v1/labels?cursor=not-a-cursor' }, 400, 'INVALID_CURSOR');
      await refused({ method: 'GET', url: '/api/v1/nothing-here' }, 404, 'ROUTE_NOT_FOUND');
    });
  });
}
