/**
 * Log-in in the browser and the workspace's CSRF rule, on the real server: a form without the
 * token (or with another browser's token) is refused and changes nothing; with it, the session
 * cookie is set with its attributes and the visitor lands where they were going.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sqlite } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { createParties, PASSWORD, type Parties } from '../helpers/fixtures.ts';
import { html } from '../pages/helpers.ts';

/** The cookies a response sets, as `name=value` for the next request. */
function cookiesOf(res: { headers: Record<string, unknown> }): string[] {
  const raw = res.headers['set-cookie'];
  return (Array.isArray(raw) ? raw : raw ? [raw] : []).map((c: string) => c.split(';')[0]!);
}

describe('workspace log-in and CSRF', () => {
  let t: TestApp;
  let p: Parties;
  before(async () => {
    t = await startTestApp(sqlite);
    p = await createParties(t);
  });
  after(async () => t?.close());

  async function loginForm() {
    const res = await t.app.inject({ url: '/login?next=/portal/applications' });
    assert.equal(res.statusCode, 200);
    const doc = html(res.body);
    return { cookie: cookiesOf(res).join('; '), token: doc.querySelector('input[name=_csrf]')!.getAttribute('value')!, next: doc.querySelector('input[name=next]')?.getAttribute('value') };
  }

  it('refuses a form without the CSRF token, or with a token from another browser', async () => {
    const mine = await loginForm();
    const other = await loginForm();
    const sessionsBefore = await t.ctx.db.selectFrom('sessions').select('id_hash').execute();
    for (const body of [
      `email=${encodeURIComponent(p.vendorA.email)}&password=${encodeURIComponent(PASSWORD)}`,
      `_csrf=${other.token}&email=${encodeURIComponent(p.vendorA.email)}&password=${encodeURIComponent(PASSWORD)}`,
    ]) {
      const res = await t.app.inject({ method: 'POST', url: '/login', headers: { cookie: mine.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: body });
      assert.equal(res.statusCode, 403);
      assert.match(res.body, /expired|有効期限/);
      assert.equal(cookiesOf(res).some((c) => c.startsWith('hoshi_session=')), false);
    }
    assert.deepEqual(await t.ctx.db.selectFrom('sessions').select('id_hash').execute(), sessionsBefore);
  });

  it('logs in with the token, sets a strict HttpOnly session cookie and goes where the visitor was going', async () => {
    const form = await loginForm();
    assert.equal(form.next, '/portal/applications');
    const res = await t.app.inject({
      method: 'POST', url: '/login',
      headers: { cookie: form.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${form.token}&next=${encodeURIComponent('/portal/applications')}&email=${encodeURIComponent(p.vendorA.email)}&password=${encodeURIComponent(PASSWORD)}`,
    });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/portal/applications');
    const session = ([res.headers['set-cookie']].flat() as string[]).find((c) => c.startsWith('hoshi_session='))!;
    assert.match(session, /HttpOnly/i);
    assert.match(session, /SameSite=Strict/i);
  });

  it('never redirects off the site after log-in', async () => {
    const form = await loginForm();
    for (const next of ['//evil.example/', 'https://evil.example/', '/\\evil.example']) {
      const res = await t.app.inject({
        method: 'POST', url: '/login',
        headers: { cookie: form.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: `_csrf=${form.token}&next=${encodeURIComponent(next)}&email=${encodeURIComponent(p.vendorA.email)}&password=${encodeURIComponent(PASSWORD)}`,
      });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/portal');
    }
  });

  it('answers a wrong password on the form, with the same message for an unknown address', async () => {
    const form = await loginForm();
    const texts = [];
    for (const email of [p.vendorA.email, 'nobody@example.jp']) {
      const res = await t.app.inject({ method: 'POST', url: '/login', headers: { cookie: form.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: `_csrf=${form.token}&email=${encodeURIComponent(email)}&password=wrong-password` });
      assert.equal(res.statusCode, 401);
      texts.push(html(res.body).querySelector('[role=alert]')!.textContent.trim());
    }
    assert.equal(texts[0], texts[1]);
  });
});
