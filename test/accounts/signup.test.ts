/**
 * Vendor sign-up in the browser on SQLite and PostgreSQL: the form creates the organisation and
 * its first administrator, the verification e-mail arrives through a real SMTP server, its link
 * opens a page whose button verifies, and only then can the user log in (web and API). Refusals
 * change nothing: a bad corporate number (the form says why), a missing CSRF token, a used or
 * expired link. An address that already has an account gets the same answer and an e-mail saying
 * so, and sign-ups are rate limited per IP address and per e-mail address.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LIMITS } from '../../src/app/accounts/rate-limit.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { createParties, PASSWORD, type Parties } from '../helpers/fixtures.ts';
import { html, text } from '../pages/helpers.ts';
import { corporateNumber, counts, local, Mailbox, WebClient } from './web-client.ts';

const NEW_PASSWORD = 'a long enough passphrase';

type SignupFields = Record<'nameJa' | 'nameEn' | 'address' | 'country' | 'corporateNumber' | 'legalEntityProof' | 'website' | 'displayName' | 'email' | 'password', string>;

function signupFields(n: number, overrides: Partial<SignupFields> = {}): SignupFields {
  return {
    nameJa: `株式会社テスト${n}`,
    nameEn: `Test ${n} K.K.`,
    address: '東京都千代田区丸の内1-1',
    country: 'JP',
    corporateNumber: corporateNumber(5000 + n),
    legalEntityProof: '',
    website: 'https://example.jp',
    displayName: `担当 ${n}`,
    email: `owner${n}@vendor${n}.test`,
    password: NEW_PASSWORD,
    ...overrides,
  };
}

for (const dialect of DIALECTS) {
  describe(`${dialect.name}: vendor sign-up and e-mail verification`, { skip: dialect.skip }, () => {
    let t: TestApp;
    let p: Parties;
    const mailbox = new Mailbox();
    let ipSeq = 0;
    /** Each test its own address, so the per-IP limit only bites where a test wants it to. */
    const browser = (lang: 'ja' | 'en' = 'ja') => new WebClient(t, { ip: `198.51.100.${++ipSeq}`, lang });

    before(async () => {
      t = await startTestApp(dialect);
      await mailbox.start(t);
      p = await createParties(t);
    });
    after(async () => {
      await mailbox.stop();
      await t?.close();
    });

    it('signs up, refuses log-in until the e-mail link is followed, then logs in', async () => {
      const web = browser();
      const fields = signupFields(1);
      const res = await web.submit('/signup', fields, '/signup');
      assert.equal(res.statusCode, 202, res.body);
      assert.match(text(html(res.body).querySelector('main')), /owner1@vendor1\.test 宛てにメールをお送りしました/);

      const user = await t.ctx.db.selectFrom('users').selectAll().where('email', '=', fields.email).executeTakeFirstOrThrow();
      assert.equal(user.role, 'vendor_admin');
      const vendor = await t.ctx.db.selectFrom('vendors').selectAll().where('id', '=', user.vendor_id!).executeTakeFirstOrThrow();
      assert.deepEqual([vendor.name_ja, vendor.name_en, vendor.corporate_number, vendor.country], [fields.nameJa, fields.nameEn, fields.corporateNumber, 'JP']);
      assert.notEqual(user.password_hash, NEW_PASSWORD);
      const audit = await t.ctx.db.selectFrom('audit_events').select(['action', 'actor_id']).where('entity_id', 'in', [user.id, vendor.id]).execute();
      assert.deepEqual(audit.map((a) => a.action).sort(), ['user.created', 'vendor.created']);
      assert.ok(audit.every((a) => a.actor_id === user.id));
      const stored = await t.ctx.db.selectFrom('account_tokens').select('token_hash').where('user_id', '=', user.id).executeTakeFirstOrThrow();

      // Not yet: the web form and the API both say why.
      const early = await web.logIn(fields.email, NEW_PASSWORD);
      assert.equal(early.statusCode, 403);
      assert.match(text(html(early.body).querySelector('[role=alert]')), /まだ有効になっていません/);
      const api = await t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: fields.email, password: NEW_PASSWORD } });
      assert.equal(api.statusCode, 403);
      assert.equal(api.json().code, 'EMAIL_NOT_VERIFIED');

      const mails = await mailbox.to(t, fields.email);
      assert.equal(mails.length, 1);
      assert.match(mails[0]!.parsed.subject ?? '', /^電子メールアドレスの確認/);
      const link = await mailbox.link(t, fields.email, '/verify-email');
      const token = link.searchParams.get('token')!;
      assert.match(token, /^hve_/);
      assert.notEqual(stored.token_hash, token, 'only the hash is stored');

      // Opening the link verifies nothing; the button does.
      const page = await web.get(local(link));
      assert.equal(page.statusCode, 200);
      assert.equal((await web.logIn(fields.email, NEW_PASSWORD)).statusCode, 403);
      const verified = await web.submitFrom(page, {});
      assert.equal(verified.statusCode, 200, verified.body);
      assert.match(text(html(verified.body).querySelector('h1')), /確認しました/);

      const login = await web.logIn(fields.email, NEW_PASSWORD);
      assert.equal(login.statusCode, 303);
      assert.equal(login.headers.location, '/portal');
      const me = await t.app.inject({ url: '/api/v1/me', headers: { cookie: web.cookieHeader } });
      assert.equal(me.json().role, 'vendor_admin');
      assert.equal(me.json().vendorId, vendor.id);

      // The link worked once.
      const replay = browser();
      const form = await replay.get('/signup');
      const csrf = html(form.body).querySelector('input[name=_csrf]')!.getAttribute('value')!;
      const pressedTwice = await replay.post('/verify-email', { _csrf: csrf, token });
      assert.equal(pressedTwice.statusCode, 404);
      assert.match(text(html(pressedTwice.body).querySelector('h1')), /このリンクは使えません/);
      const reopened = await browser().get(local(link));
      assert.equal(reopened.statusCode, 404);
    });

    it('shows why a corporate number is wrong, keeps the entries, and creates nothing', async () => {
      const web = browser();
      const before = await counts(t);
      const good = corporateNumber(42);
      const wrong = `${(Number(good[0]) + 1) % 10}${good.slice(1)}`;
      const res = await web.submit('/signup', signupFields(2, { corporateNumber: wrong }), '/signup');
      assert.equal(res.statusCode, 400);
      const doc = html(res.body);
      assert.match(text(doc.querySelector('#error-summary')), /法人番号: チェックディジット/);
      assert.match(text(doc.querySelector('#corporateNumber-error')), /チェックディジット/);
      assert.equal(doc.querySelector('#corporateNumber')!.getAttribute('aria-invalid'), 'true');
      assert.equal(doc.querySelector('#nameJa')!.getAttribute('value'), '株式会社テスト2', 'entries are kept');
      assert.equal(doc.querySelector('#password')!.getAttribute('value'), undefined, 'but never the password');

      const en = await browser('en').submit('/signup?lang=en', signupFields(3, { corporateNumber: '12345', password: 'short' }), '/signup');
      assert.equal(en.statusCode, 400);
      const summary = text(html(en.body).querySelector('#error-summary'));
      assert.match(summary, /Corporate number: must be 13 digits/);
      assert.match(summary, /Password: must be 12 to 256 characters/);
      assert.deepEqual(await counts(t), before);
    });

    it('refuses a sign-up without the CSRF token and creates nothing', async () => {
      const web = browser();
      await web.get('/signup');
      const before = await counts(t);
      const res = await web.post('/signup', signupFields(4));
      assert.equal(res.statusCode, 403);
      assert.equal(res.headers['x-problem-code'], 'CSRF_FAILED');
      assert.deepEqual(await counts(t), before);
    });

    it('answers an address that has an account exactly like a new one, and tells only its mailbox', async () => {
      const before = await counts(t);
      const existing = await browser().submit('/signup', signupFields(5, { email: p.memberA.email }), '/signup');
      const fresh = await browser().submit('/signup', signupFields(6), '/signup');
      assert.equal(existing.statusCode, 202);
      assert.equal(fresh.statusCode, 202);
      const main = (body: string) => text(html(body).querySelector('main')).replace(/\S+@\S+/, '<address>');
      assert.equal(main(existing.body), main(fresh.body));
      const after = await counts(t);
      assert.equal(after.vendors, before.vendors + 1, 'only the new address made an organisation');
      const mails = await mailbox.to(t, p.memberA.email);
      assert.equal(mails.length, 1);
      assert.match(mails[0]!.parsed.text ?? '', /すでにあります/);
      assert.doesNotMatch(mails[0]!.parsed.text ?? '', /token=/);
    });

    it('makes a link unusable after 24 hours, and a new sign-up then replaces the stale one', async () => {
      const fields = signupFields(7);
      assert.equal((await browser().submit('/signup', fields, '/signup')).statusCode, 202);
      const link = await mailbox.link(t, fields.email, '/verify-email');
      const stale = await t.ctx.db.selectFrom('users').select(['id', 'vendor_id']).where('email', '=', fields.email).executeTakeFirstOrThrow();
      t.clock.advanceDays(1.01);
      try {
        assert.equal((await browser().get(local(link))).statusCode, 404);
        // Same address and corporate number, new details: the stale sign-up gives way.
        const again = await browser().submit('/signup', { ...fields, nameEn: 'Test 7 Renamed K.K.' }, '/signup');
        assert.equal(again.statusCode, 202, again.body);
        const user = await t.ctx.db.selectFrom('users').select(['id', 'vendor_id']).where('email', '=', fields.email).executeTakeFirstOrThrow();
        assert.notEqual(user.id, stale.id);
        assert.equal((await t.ctx.db.selectFrom('vendors').select('id').where('id', '=', stale.vendor_id!).executeTakeFirst()), undefined);
        const vendor = await t.ctx.db.selectFrom('vendors').select('name_en').where('id', '=', user.vendor_id!).executeTakeFirstOrThrow();
        assert.equal(vendor.name_en, 'Test 7 Renamed K.K.');
        const discarded = await t.ctx.db.selectFrom('audit_events').select('action').where('entity_id', '=', stale.vendor_id!).execute();
        assert.ok(discarded.some((a) => a.action === 'signup.discarded'));
        const fresh = await mailbox.link(t, fields.email, '/verify-email');
        const page = await browser().get(local(fresh));
        assert.equal(page.statusCode, 200);
      } finally {
        t.clock.advanceDays(-1.01);
      }
    });

    it('answers 429 after five sign-ups from one address within an hour, and per e-mail address', async () => {
      const web = browser();
      const before = await counts(t);
      for (let i = 0; i < LIMITS.signupPerIp.max; i++) {
        assert.equal((await web.submit('/signup', signupFields(100 + i), '/signup')).statusCode, 202);
      }
      const limited = await web.submit('/signup', signupFields(110), '/signup');
      assert.equal(limited.statusCode, 429);
      assert.ok(Number(limited.headers['retry-after']) > 0);
      assert.match(text(html(limited.body).querySelector('#error-summary')), /分後にもう一度/);
      assert.equal((await counts(t)).vendors, before.vendors + LIMITS.signupPerIp.max);

      const email = 'repeat@vendor-repeat.test';
      for (let i = 0; i < LIMITS.signupPerEmail.max; i++) {
        assert.equal((await browser().submit('/signup', signupFields(120 + i, { email }), '/signup')).statusCode, 202);
      }
      assert.equal((await browser().submit('/signup', signupFields(130, { email }), '/signup')).statusCode, 429);
      t.clock.advanceDays(1 / 24 + 0.001);
      try {
        assert.equal((await web.submit('/signup', signupFields(111), '/signup')).statusCode, 202, 'the window has passed');
      } finally {
        t.clock.advanceDays(-(1 / 24 + 0.001));
      }
    });

    it('lets accounts made by an administrator log in: they count as verified', async () => {
      const res = await browser().logIn(p.vendorA.email, PASSWORD);
      assert.equal(res.statusCode, 303, 'accounts made by an administrator count as verified');
    });
  });
}
