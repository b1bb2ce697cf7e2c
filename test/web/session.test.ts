/** Log-in by password: a secure session cookie with timeouts, tokens for machines, log-out. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sqlite } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { createParties, PASSWORD, type Parties } from '../helpers/fixtures.ts';

describe('sessions and API tokens', () => {
  let t: TestApp;
  let p: Parties;
  before(async () => {
    t = await startTestApp(sqlite);
    p = await createParties(t);
  });
  after(async () => t?.close());

  const login = (email: string, password: string) => t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password } });
  const cookieOf = (res: Awaited<ReturnType<typeof login>>) => String(res.headers['set-cookie']).split(';')[0]!;

  it('sets an HttpOnly, SameSite=Strict, Secure cookie and never returns the password hash', async () => {
    const res = await login('Admin@A.test', PASSWORD);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().email, 'admin@a.test');
    assert.equal(res.json().password_hash, undefined);
    const cookie = String(res.headers['set-cookie']);
    assert.match(cookie, /^hoshi_session=[A-Za-z0-9_-]{43};/);
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    assert.match(cookie, /Secure/, 'PUBLIC_BASE_URL is https');
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: cookieOf(res) } });
    assert.equal(me.json().role, 'vendor_admin');
  });

  it('answers the same error for a wrong password and an unknown e-mail', async () => {
    const wrong = await login('admin@a.test', 'not the password');
    const unknown = await login('nobody@a.test', PASSWORD);
    assert.equal(wrong.statusCode, 401);
    assert.equal(unknown.statusCode, 401);
    assert.equal(wrong.json().code, 'INVALID_CREDENTIALS');
    assert.equal(wrong.json().detail, unknown.json().detail);
  });

  it('ends a session after the idle timeout and on log-out', async () => {
    const cookie = cookieOf(await login('admin@a.test', PASSWORD));
    t.clock.advanceDays(1 / 48); // 30 minutes idle
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } })).statusCode, 401);
    const second = cookieOf(await login('admin@a.test', PASSWORD));
    assert.equal((await t.app.inject({ method: 'DELETE', url: '/api/v1/session', headers: { cookie: second } })).statusCode, 204);
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: second } })).statusCode, 401);
  });

  it('refuses cookie-authenticated state changes that the browser marks cross-site', async () => {
    const cookie = cookieOf(await login('admin@a.test', PASSWORD));
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: { cookie, 'sec-fetch-site': 'cross-site' }, payload: { name: 'x' } });
    assert.equal(res.statusCode, 403);
    const ok = await t.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: { cookie, 'sec-fetch-site': 'same-origin' }, payload: { name: 'ci', expiresInDays: 1 } });
    assert.equal(ok.statusCode, 201, ok.body);
    const token = ok.json().token;
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } })).statusCode, 200);
    t.clock.advanceDays(2);
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } })).statusCode, 401, 'expired token');
  });

  it('stores only hashes of tokens and sessions', async () => {
    const tokens = await t.ctx.db.selectFrom('api_tokens').select('token_hash').execute();
    assert.ok(tokens.every((r) => /^[0-9a-f]{64}$/.test(r.token_hash)));
    assert.ok(!tokens.some((r) => r.token_hash.includes(p.vendorA.token)));
    const users = await t.ctx.db.selectFrom('users').select('password_hash').execute();
    assert.ok(users.every((u) => u.password_hash.startsWith('$argon2id$')));
  });
});
