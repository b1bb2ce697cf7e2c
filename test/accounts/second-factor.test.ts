/**
 * The TOTP second factor on SQLite and PostgreSQL, through the pages: a reviewer sets it up from
 * the secret on /account/security (codes computed here with otplib, as an authenticator app
 * would), then logging in asks for a code after the password. A wrong code is refused, a used
 * code is refused the second time, and the API's password-only log-in is refused for the
 * account. Turning it off needs a code. Vendor accounts are not offered one.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { generate } from 'otplib';
import { PENDING_LOGIN_MAX_FAILURES } from '../../src/app/accounts/two-step-log-in.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { createParties, PASSWORD, type Parties } from '../helpers/fixtures.ts';
import { html, text } from '../pages/helpers.ts';
import { WebClient } from './web-client.ts';

for (const dialect of DIALECTS) {
  describe(`${dialect.name}: TOTP second factor`, { skip: dialect.skip }, () => {
    let t: TestApp;
    let p: Parties;
    let secret: string;

    before(async () => {
      t = await startTestApp(dialect);
      p = await createParties(t);
    });
    after(async () => t?.close());

    /** The code an authenticator app shows at the server's current time. */
    const codeNow = (offsetSeconds = 0) => generate({ secret, epoch: Math.floor(t.clock.now().getTime() / 1000) + offsetSeconds });
    const nextStep = () => t.clock.set(new Date(t.clock.now().getTime() + 30_000));
    const wrong = async () => String((Number(await codeNow()) + 1) % 1_000_000).padStart(6, '0');
    const alert = (body: string) => text(html(body).querySelector('[role=alert]'));

    it('sets up the second factor from the secret shown as text and as an otpauth URI', async () => {
      const reviewer = new WebClient(t);
      assert.equal((await reviewer.logIn(p.reviewer.email, PASSWORD)).statusCode, 303);
      const page = await reviewer.get('/account/security');
      assert.equal(page.statusCode, 200);
      assert.match(text(html(page.body).querySelector('main')), /設定されていません/);
      const started = await reviewer.submitFrom(page, {}, '/account/security/totp/start');
      assert.equal(started.statusCode, 303);

      const setup = await reviewer.get('/account/security');
      const codes = html(setup.body).querySelectorAll('code.secret').map((c) => c.textContent);
      secret = codes[0]!.replace(/\s+/g, '');
      assert.match(secret, /^[A-Z2-7]{32}$/);
      const uri = new URL(codes[1]!);
      assert.equal(uri.protocol, 'otpauth:');
      assert.equal(uri.searchParams.get('secret'), secret);
      assert.equal(uri.searchParams.get('issuer'), 'hoshi');
      assert.match(decodeURIComponent(uri.pathname), /reviewer@op\.test/);

      // Not on yet: a password log-in still works until a code confirms the set-up.
      assert.equal((await new WebClient(t).logIn(p.reviewer.email, PASSWORD)).headers.location, '/console');
      const bad = await reviewer.submitFrom(setup, { code: await wrong() }, '/account/security/totp/confirm');
      assert.equal(bad.statusCode, 400);
      assert.match(text(html(bad.body).querySelector('#code-error')), /正しくない/);
      const on = await reviewer.submitFrom(setup, { code: await codeNow() }, '/account/security/totp/confirm');
      assert.equal(on.statusCode, 303);
      assert.equal(on.headers.location, '/account/security?done=enabled');
      const row = await t.ctx.db.selectFrom('totp_factors').selectAll().where('user_id', '=', p.reviewer.userId).executeTakeFirstOrThrow();
      assert.ok(row.confirmed_at);
      const shown = await reviewer.get('/account/security?done=enabled');
      assert.doesNotMatch(shown.body, new RegExp(secret), 'the secret is no longer shown');
      const audit = await t.ctx.db.selectFrom('audit_events').select('action').where('entity_id', '=', p.reviewer.userId).where('action', 'like', 'user.second_factor%').execute();
      assert.deepEqual(audit.map((a) => a.action).sort(), ['user.second_factor_enabled', 'user.second_factor_enrolment_started']);
    });

    it('asks for the code after the password, refuses a wrong one and a replayed one, and starts the session only with a fresh one', async () => {
      nextStep();
      const web = new WebClient(t);
      const step1 = await web.submit('/login?next=/console/labels', { email: p.reviewer.email, password: PASSWORD }, '/login');
      assert.equal(step1.statusCode, 303);
      assert.equal(step1.headers.location, '/login/code?next=%2Fconsole%2Flabels');
      assert.equal(web.jar.has('hoshi_session'), false, 'no session after the password alone');
      assert.ok(web.jar.has('hoshi_pending_login'));
      const pending = await t.ctx.db.selectFrom('pending_logins').select('id_hash').execute();
      assert.ok(!pending.some((r) => r.id_hash === web.jar.get('hoshi_pending_login')), 'only the hash is stored');

      const form = await web.get(step1.headers.location as string);
      assert.equal(form.statusCode, 200);
      const refused = await web.submitFrom(form, { code: await wrong() });
      assert.equal(refused.statusCode, 401);
      assert.match(alert(refused.body), /正しくない/);
      assert.equal(web.jar.has('hoshi_session'), false);

      const code = await codeNow();
      const done = await web.submitFrom(form, { code });
      assert.equal(done.statusCode, 303);
      assert.equal(done.headers.location, '/console/labels');
      assert.ok(web.jar.has('hoshi_session'));
      assert.equal(web.jar.has('hoshi_pending_login'), false, 'the pending log-in cookie is cleared');
      assert.equal((await t.app.inject({ url: '/api/v1/me', headers: { cookie: web.cookieHeader } })).json().email, p.reviewer.email);

      // Someone who saw that code cannot use it again, even with the password.
      const thief = new WebClient(t);
      await thief.submit('/login', { email: p.reviewer.email, password: PASSWORD }, '/login');
      const replay = await thief.submit('/login/code', { code });
      assert.equal(replay.statusCode, 401);
      assert.equal(thief.jar.has('hoshi_session'), false);
      // Nor an older code still inside the tolerance window.
      assert.equal((await thief.submit('/login/code', { code: await codeNow(-30) })).statusCode, 401);
      nextStep();
      assert.equal((await thief.submit('/login/code', { code: await codeNow() })).statusCode, 303, 'the next step’s code works');
    });

    it('ends a pending log-in after five wrong codes, limits wrong codes per account, and needs the pending cookie', async () => {
      nextStep();
      const web = new WebClient(t);
      await web.submit('/login', { email: p.reviewer.email, password: PASSWORD }, '/login');
      for (let i = 0; i < PENDING_LOGIN_MAX_FAILURES; i++) assert.equal((await web.submit('/login/code', { code: await wrong() })).statusCode, 401);
      const gone = await web.get('/login/code');
      assert.equal(gone.statusCode, 303, 'the code page sends back to the password');
      assert.equal(gone.headers.location, '/login');

      // Nine wrong codes for this account so far in this quarter-hour; the tenth uses up its limit,
      // after which even the right code is refused until the window has passed.
      const again = new WebClient(t);
      await again.submit('/login', { email: p.reviewer.email, password: PASSWORD }, '/login');
      assert.equal((await again.submit('/login/code', { code: await wrong() })).statusCode, 401);
      const limited = await again.submit('/login/code', { code: await codeNow() });
      assert.equal(limited.statusCode, 429);
      assert.ok(Number(limited.headers['retry-after']) > 0);
      assert.match(alert(limited.body), /分間は入力できません/);
      assert.equal(again.jar.has('hoshi_session'), false);

      const stranger = new WebClient(t);
      const page = await stranger.get('/login');
      const csrf = html(page.body).querySelector('input[name=_csrf]')!.getAttribute('value')!;
      const res = await stranger.post('/login/code', { _csrf: csrf, code: await codeNow() });
      assert.equal(res.statusCode, 401);
      assert.match(alert(res.body), /有効期限が切れました/);
    });

    it('refuses the API’s password-only log-in for the account', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: p.reviewer.email, password: PASSWORD } });
      assert.equal(res.statusCode, 401);
      assert.equal(res.json().code, 'SECOND_FACTOR_REQUIRED');
      assert.equal([res.headers['set-cookie']].flat().some((c) => String(c).startsWith('hoshi_session=')), false);
    });

    it('turns the second factor off only with a code, and offers none to vendor accounts', async () => {
      t.clock.set(new Date(t.clock.now().getTime() + 15 * 60_000)); // past the wrong-code window
      const web = new WebClient(t);
      await web.submit('/login', { email: p.reviewer.email, password: PASSWORD }, '/login');
      assert.equal((await web.submit('/login/code', { code: await codeNow() })).statusCode, 303);
      nextStep();
      const page = await web.get('/account/security');
      const bad = await web.submitFrom(page, { code: await wrong() }, '/account/security/totp/disable');
      assert.equal(bad.statusCode, 400);
      assert.ok(await t.ctx.db.selectFrom('totp_factors').select('user_id').where('user_id', '=', p.reviewer.userId).executeTakeFirst());
      const off = await web.submitFrom(page, { code: await codeNow() }, '/account/security/totp/disable');
      assert.equal(off.statusCode, 303);
      assert.equal(await t.ctx.db.selectFrom('totp_factors').select('user_id').where('user_id', '=', p.reviewer.userId).executeTakeFirst(), undefined);
      assert.equal((await new WebClient(t).logIn(p.reviewer.email, PASSWORD)).headers.location, '/console', 'password alone again');

      const vendor = new WebClient(t, { lang: 'en' });
      await vendor.logIn(p.vendorA.email, PASSWORD);
      const vendorPage = await vendor.get('/account/security');
      assert.equal(vendorPage.statusCode, 200);
      assert.match(text(html(vendorPage.body).querySelector('main')), /offered for operator accounts/);
      const csrf = html(vendorPage.body).querySelector('input[name=_csrf]')!.getAttribute('value')!;
      const start = await vendor.post('/account/security/totp/start', { _csrf: csrf });
      assert.equal(start.statusCode, 400);
      assert.equal(await t.ctx.db.selectFrom('totp_factors').select('user_id').where('user_id', '=', p.vendorA.userId).executeTakeFirst(), undefined);
    });
  });
}
