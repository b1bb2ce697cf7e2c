/**
 * The per-address request budget: past it, every route (a public search, the label artwork, the
 * log-in) answers 429 RATE_LIMITED with Retry-After, and another address is not affected.
 * Authenticated answers are never cacheable.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sqlite } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { createParties, type Parties } from '../helpers/fixtures.ts';

describe('rate limit and private caching', () => {
  let t: TestApp;
  let p: Parties;
  before(async () => {
    t = await startTestApp(sqlite, { rateLimitPerMinute: 5 });
    p = await createParties(t);
  });
  after(async () => t?.close());

  it('answers 429 with Retry-After once an address has used its budget, on any route', async () => {
    const from = (remoteAddress: string, url: string) => t.app.inject({ url, remoteAddress });
    for (let i = 0; i < 5; i++) assert.equal((await from('192.0.2.10', '/api/v1/labels?q=router')).statusCode, 200);
    for (const url of ['/api/v1/labels?q=router', '/?q=camera', '/login']) {
      const res = await from('192.0.2.10', url);
      assert.equal(res.statusCode, 429, url);
      assert.ok(Number(res.headers['retry-after']) > 0, url);
    }
    const api = await from('192.0.2.10', '/api/v1/labels');
    assert.equal(api.json().code, 'RATE_LIMITED');
    assert.equal((await from('192.0.2.11', '/api/v1/labels?q=router')).statusCode, 200, 'another address has its own budget');
  });

  it('marks authenticated answers no-store, and leaves public ones cacheable', async () => {
    const mine = await t.app.inject({ url: '/api/v1/products', headers: p.vendorA.auth, remoteAddress: '192.0.2.20' });
    assert.equal(mine.statusCode, 200);
    assert.equal(mine.headers['cache-control'], 'no-store');
    const open = await t.app.inject({ url: '/api/v1/labels', remoteAddress: '192.0.2.21' });
    assert.notEqual(open.headers['cache-control'], 'no-store');
  });
});
