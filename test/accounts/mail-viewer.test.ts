/**
 * The outbox viewer at /console/mail: an operator admin reads the newest e-mails and one message's
 * text, which is how a demo without SMTP follows a sign-up link; other roles are refused. Once
 * SMTP is configured, the links in account e-mails are blanked there.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_NOTIFY_SETTINGS } from '../../src/notify/settings.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { sqlite } from '../helpers/databases.ts';
import { createParties, PASSWORD, type Parties } from '../helpers/fixtures.ts';
import { html, text } from '../pages/helpers.ts';
import { corporateNumber, WebClient } from './web-client.ts';

describe('outbox viewer', () => {
  let t: TestApp;
  let p: Parties;
  let operator: WebClient;

  before(async () => {
    t = await startTestApp(sqlite);
    p = await createParties(t);
    const visitor = new WebClient(t, { lang: 'en' });
    const res = await visitor.submit('/signup', {
      nameJa: '見本株式会社', nameEn: 'Sample K.K.', address: '大阪府大阪市1-1', country: 'JP', corporateNumber: corporateNumber(77),
      displayName: 'Sam', email: 'sam@sample.test', password: 'sample passphrase 1',
    }, '/signup');
    assert.equal(res.statusCode, 202);
    operator = new WebClient(t, { lang: 'en' });
    assert.equal((await operator.logIn(p.admin.email, PASSWORD)).statusCode, 303);
  });
  after(async () => t?.close());

  it('lists the newest e-mails and shows one message, with the link a demo visitor follows', async () => {
    const list = await operator.get('/console/mail');
    assert.equal(list.statusCode, 200);
    const item = html(list.body).querySelectorAll('.mail-list__item')[0]!;
    assert.match(text(item), /Verify your e-mail address/);
    assert.match(text(item), /sam@sample\.test · account_verify · pending/);

    const message = await operator.get(item.querySelector('a')!.getAttribute('href')!);
    assert.equal(message.statusCode, 200);
    const body = text(html(message.body).querySelector('pre.mail-text'));
    const link = /https:\/\/registry\.test\/verify-email\?token=(\S+)/.exec(body);
    assert.ok(link, body);
    assert.equal((await new WebClient(t).get(`/verify-email?token=${link[1]}`)).statusCode, 200, 'the link works');
    assert.equal((await operator.get('/console/mail/no-such-id')).statusCode, 404);
  });

  it('is for operator admins only', async () => {
    for (const party of [p.reviewer, p.vendorA]) {
      const web = new WebClient(t);
      await web.logIn(party.email, PASSWORD);
      assert.equal((await web.get('/console/mail')).statusCode, 403, party.email);
    }
    const anonymous = await new WebClient(t).get('/console/mail');
    assert.equal(anonymous.statusCode, 303);
    assert.equal(anonymous.headers.location, '/login?next=%2Fconsole%2Fmail');
  });

  it('blanks the links of account e-mails when mail is really sent', async () => {
    t.ctx.notify = { ...DEFAULT_NOTIFY_SETTINGS, smtpUrl: 'smtp://127.0.0.1:1' };
    try {
      const list = await operator.get('/console/mail');
      const href = html(list.body).querySelectorAll('.mail-list__item a')[0]!.getAttribute('href')!;
      const body = text(html((await operator.get(href)).body).querySelector('pre.mail-text'));
      assert.match(body, /verify-email\?token=…/);
      assert.doesNotMatch(body, /token=hve_/);
    } finally {
      delete t.ctx.notify;
    }
  });
});
