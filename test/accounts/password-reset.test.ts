/**
 * Password reset end to end on SQLite and PostgreSQL: the request page answers the same for an
 * address with and without an account, the link arrives through a real SMTP server, the new
 * password works and the old one no longer does, every other session of the account is ended,
 * and the link works once and for an hour. Requests are rate limited per address and per IP.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ANSWER_FLOOR_MS } from '../../src/app/accounts/answer-floor.ts';
import { LIMITS } from '../../src/app/accounts/rate-limit.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { createParties, PASSWORD, type Parties } from '../helpers/fixtures.ts';
import { html, text } from '../pages/helpers.ts';
import { counts, local, Mailbox, WebClient } from './web-client.ts';

const NEW_PASSWORD = 'an entirely new passphrase';

for (const dialect of DIALECTS) {
  describe(`${dialect.name}: password reset`, { skip: dialect.skip }, () => {
    let t: TestApp;
    let p: Parties;
    const mailbox = new Mailbox();
    let ipSeq = 0;
    const browser = (lang: 'ja' | 'en' = 'ja') => new WebClient(t, { ip: `203.0.113.${++ipSeq}`, lang });

    before(async () => {
      t = await startTestApp(dialect);
      await mailbox.start(t);
      p = await createParties(t);
    });
    after(async () => {
      await mailbox.stop();
      await t?.close();
    });

    const me = (cookie: string) => t.app.inject({ url: '/api/v1/me', headers: { cookie } });

    it('answers the same for any address, resets through the e-mailed link, and ends every other session', async () => {
      // Two sessions elsewhere: one from the web form, one from the API.
      const laptop = browser();
      assert.equal((await laptop.logIn(p.memberA.email, PASSWORD)).statusCode, 303);
      const api = await t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: p.memberA.email, password: PASSWORD } });
      const apiCookie = String([api.headers['set-cookie']].flat().find((c) => String(c).startsWith('hoshi_session='))).split(';')[0]!;
      assert.equal((await me(laptop.cookieHeader)).statusCode, 200);
      assert.equal((await me(apiCookie)).statusCode, 200);

      const before = await counts(t);
      const timed = async (email: string) => {
        const web = browser();
        const page = await web.get('/password-reset');
        const started = performance.now();
        const res = await web.submitFrom(page, { email });
        return { res, ms: performance.now() - started };
      };
      const { res: known, ms: knownMs } = await timed(p.memberA.email.toUpperCase());
      const { res: unknown, ms: unknownMs } = await timed('nobody@nowhere.test');
      // Not faster for an unknown address: both answers wait for the same floor.
      assert.ok(knownMs >= ANSWER_FLOOR_MS && unknownMs >= ANSWER_FLOOR_MS, `${knownMs} / ${unknownMs} ms`);
      assert.equal(known.statusCode, 202);
      assert.equal(unknown.statusCode, 202);
      const main = (body: string) => text(html(body).querySelector('main')).replace(/\S+@\S+/, '<address>');
      assert.equal(main(known.body), main(unknown.body), 'no account enumeration');
      assert.equal((await counts(t)).outbox_emails, before.outbox_emails + 1, 'one e-mail, to the account that exists');
      assert.equal((await mailbox.to(t, 'nobody@nowhere.test')).length, 0);

      const link = await mailbox.link(t, p.memberA.email, '/password-reset/confirm');
      assert.match(link.searchParams.get('token')!, /^hpr_/);
      const phone = browser();
      const form = await phone.get(local(link));
      assert.equal(form.statusCode, 200);
      assert.match(text(html(form.body).querySelector('main')), new RegExp(p.memberA.email));

      // Too short: the form says so, and nothing changes (the link still works).
      const short = await phone.submitFrom(form, { password: 'short' });
      assert.equal(short.statusCode, 400);
      assert.match(text(html(short.body).querySelector('#error-summary')), /パスワード: 12〜256文字/);
      assert.equal((await me(laptop.cookieHeader)).statusCode, 200);

      const done = await phone.submitFrom(form, { password: NEW_PASSWORD });
      assert.equal(done.statusCode, 200, done.body);
      assert.match(text(html(done.body).querySelector('h1')), /パスワードを変更しました/);
      assert.equal((await me(laptop.cookieHeader)).statusCode, 401, 'the web session is ended');
      assert.equal((await me(apiCookie)).statusCode, 401, 'the API session is ended');
      const audit = await t.ctx.db.selectFrom('audit_events').select('after_json').where('action', '=', 'user.password_reset').where('entity_id', '=', p.memberA.userId).executeTakeFirstOrThrow();
      assert.equal(JSON.parse(audit.after_json!).sessionsEnded, 2);

      const old = await browser().logIn(p.memberA.email, PASSWORD);
      assert.equal(old.statusCode, 401, 'the old password no longer works');
      const fresh = await browser().logIn(p.memberA.email, NEW_PASSWORD);
      assert.equal(fresh.statusCode, 303);
      assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: p.memberA.email, password: PASSWORD } })).statusCode, 401);

      // The link worked once.
      assert.equal((await browser().get(local(link))).statusCode, 404);
      const replay = browser();
      const page = await replay.get('/password-reset');
      const csrf = html(page.body).querySelector('input[name=_csrf]')!.getAttribute('value')!;
      const again = await replay.post('/password-reset/confirm', { _csrf: csrf, token: link.searchParams.get('token')!, password: 'yet another passphrase' });
      assert.equal(again.statusCode, 404);
      assert.equal((await browser().logIn(p.memberA.email, NEW_PASSWORD)).statusCode, 303);
    });

    it('lets a link work for an hour only, and only the newest link', async () => {
      await browser().submit('/password-reset', { email: p.vendorB.email }, '/password-reset');
      const first = await mailbox.link(t, p.vendorB.email, '/password-reset/confirm');
      t.clock.set(new Date(t.clock.now().getTime() + 60_000));
      await browser().submit('/password-reset', { email: p.vendorB.email }, '/password-reset');
      const second = await mailbox.link(t, p.vendorB.email, '/password-reset/confirm');
      assert.notEqual(first.searchParams.get('token'), second.searchParams.get('token'));
      assert.equal((await browser().get(local(first))).statusCode, 404, 'a newer link replaces the older one');
      assert.equal((await browser().get(local(second))).statusCode, 200);
      t.clock.set(new Date(t.clock.now().getTime() + 61 * 60_000));
      assert.equal((await browser().get(local(second))).statusCode, 404, 'expired after an hour');
      assert.equal((await browser().logIn(p.vendorB.email, PASSWORD)).statusCode, 303, 'the password is unchanged');
    });

    it('answers 429 to too many requests for one address, and from one IP address', async () => {
      const target = p.reviewer.email;
      const before = await counts(t);
      for (let i = 0; i < LIMITS.resetPerEmail.max; i++) {
        assert.equal((await browser().submit('/password-reset', { email: target }, '/password-reset')).statusCode, 202);
      }
      const limited = await browser('en').submit('/password-reset?lang=en', { email: target }, '/password-reset');
      assert.equal(limited.statusCode, 429);
      assert.match(text(html(limited.body).querySelector('#error-summary')), /Try again in about \d+ minutes/);
      assert.equal((await counts(t)).outbox_emails, before.outbox_emails + LIMITS.resetPerEmail.max);

      const one = browser();
      for (let i = 0; i < LIMITS.resetPerIp.max; i++) {
        assert.equal((await one.submit('/password-reset', { email: `someone${i}@nowhere.test` }, '/password-reset')).statusCode, 202);
      }
      assert.equal((await one.submit('/password-reset', { email: 'someone-else@nowhere.test' }, '/password-reset')).statusCode, 429, 'unknown addresses count too');
    });
  });
}
