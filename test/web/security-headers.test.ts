/** Baseline response headers, and the log-in lockout after repeated failures. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LOCKOUT_FAILURES, LOCKOUT_WINDOW_MINUTES } from '../../src/app/users/log-in.ts';
import { sqlite } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { createParties, PASSWORD } from '../helpers/fixtures.ts';

describe('security headers and log-in lockout', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp(sqlite);
    await createParties(t);
  });
  after(async () => t?.close());

  const login = (email: string, password: string) => t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password } });

  it('sends nosniff, no-referrer, frame denial, HSTS behind TLS and a deny-all CSP on API responses', async () => {
    for (const url of ['/api/v1/labels', '/healthz', '/api/v1/log/checkpoint']) {
      const res = await t.app.inject({ method: 'GET', url });
      assert.equal(res.headers['x-content-type-options'], 'nosniff', url);
      assert.equal(res.headers['referrer-policy'], 'no-referrer', url);
      assert.equal(res.headers['x-frame-options'], 'DENY', url);
      assert.equal(res.headers['strict-transport-security'], 'max-age=31536000; includeSubDomains', url);
      assert.equal(res.headers['content-security-policy'], "default-src 'none'; frame-ancestors 'none'", url);
    }
  });

  it("keeps the pages' own CSP (styles from self, no inline script)", async () => {
    const res = await t.app.inject({ method: 'GET', url: '/' });
    assert.match(String(res.headers['content-security-policy']), /style-src 'self'/);
    assert.doesNotMatch(String(res.headers['content-security-policy']), /unsafe-inline/);
  });

  it(`locks an account after ${LOCKOUT_FAILURES} failures, even for the right password, until the window passes`, async () => {
    for (let i = 0; i < LOCKOUT_FAILURES; i++) assert.equal((await login('member@a.test', 'wrong password!')).statusCode, 401);
    const locked = await login('member@a.test', PASSWORD);
    assert.equal(locked.statusCode, 429);
    assert.equal(locked.json().code, 'RATE_LIMITED');
    assert.ok(Number(locked.headers['retry-after']) > 0);
    assert.equal((await login('admin@a.test', PASSWORD)).statusCode, 200, 'other accounts are not affected');
    t.clock.advanceDays(LOCKOUT_WINDOW_MINUTES / 1440 + 1 / 1440);
    assert.equal((await login('member@a.test', PASSWORD)).statusCode, 200);
    const rows = await t.ctx.db.selectFrom('login_failures').selectAll().execute();
    assert.ok(rows.every((r) => /^[0-9a-f]{64}$/.test(r.email_hash)), 'no e-mail addresses stored');
  });

  it('locks unknown addresses the same way, revealing nothing', async () => {
    for (let i = 0; i < LOCKOUT_FAILURES; i++) assert.equal((await login('nobody@nowhere.test', 'x')).statusCode, 401);
    assert.equal((await login('nobody@nowhere.test', 'x')).statusCode, 429);
  });
});
