/**
 * No secret in the logs or the audit trail: the server logs at `trace` into a captured stream
 * while passwords, session cookies, API tokens and subscription tokens go through it (log-ins
 * that succeed and fail, on the JSON API and the form, token creation and use, a subscription);
 * then every captured line and every audit event is searched for each secret.
 */
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { sqlite } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { createParties, issueLabelThroughApi, PASSWORD, type Parties } from '../helpers/fixtures.ts';

describe('secrets stay out of logs and audit events', () => {
  let t: TestApp;
  let p: Parties;
  const lines: string[] = [];
  before(async () => {
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
    t = await startTestApp(sqlite, { logStream: stream });
    p = await createParties(t);
  });
  after(async () => t?.close());

  it('never logs or audits a password, session secret, API token or subscription token', async () => {
    const secrets: string[] = [PASSWORD, p.vendorA.auth.authorization.slice('Bearer '.length)];
    const wrong = 'a wrong password that must not be logged';
    secrets.push(wrong);
    assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: p.vendorA.email, password: wrong } })).statusCode, 401);
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: p.vendorA.email, password: PASSWORD } });
    assert.equal(login.statusCode, 200);
    const session = String([login.headers['set-cookie']].flat().find((c) => String(c).startsWith('hoshi_session='))).split(';')[0]!;
    secrets.push(session.split('=')[1]!);
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: { cookie: session }, payload: { name: 'log scan' } });
    assert.equal(created.statusCode, 201);
    const token = created.json().token as string;
    secrets.push(token);
    assert.equal((await t.app.inject({ url: '/api/v1/products', headers: { authorization: `Bearer ${token}` } })).statusCode, 200);

    // The browser form: CSRF cookie and token, then the password in a url-encoded body.
    const form = await t.app.inject({ url: '/login' });
    const csrfCookie = String([form.headers['set-cookie']].flat()[0]).split(';')[0]!;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
    const formLogin = await t.app.inject({
      method: 'POST', url: '/login', headers: { cookie: csrfCookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${csrf}&email=${encodeURIComponent(p.memberA.email)}&password=${encodeURIComponent(PASSWORD)}`,
    });
    assert.equal(formLogin.statusCode, 303);

    // A subscription: its confirmation and unsubscribe tokens.
    const { registrationNumber } = await issueLabelThroughApi(t, p);
    const sub = await t.app.inject({ method: 'POST', url: '/api/v1/subscriptions', payload: { channel: 'email', email: 'watcher@example.jp', scope: { type: 'product', registrationNumber }, events: ['label.revoked'] } });
    assert.equal(sub.statusCode, 201);
    const mail = await t.ctx.db.selectFrom('outbox_emails').select('text_body').where('to_address', '=', 'watcher@example.jp').executeTakeFirstOrThrow();
    const confirm = /token=([A-Za-z0-9_%-]+)/.exec(mail.text_body)![1]!;
    secrets.push(decodeURIComponent(confirm));
    assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/subscriptions/confirm', payload: { token: decodeURIComponent(confirm) } })).statusCode, 200);

    // The scan is only worth something if requests were logged at all.
    const log = lines.join('\n');
    assert.ok(lines.length > 20 && log.includes('/api/v1/session') && log.includes('/api/v1/tokens'), 'requests are logged');
    const audits = JSON.stringify(await t.ctx.db.selectFrom('audit_events').selectAll().execute());
    assert.ok(audits.length > 1000, 'audit events exist');
    for (const secret of secrets) {
      assert.ok(secret.length >= 8);
      assert.equal(log.includes(secret), false, `a secret (${secret.slice(0, 4)}…) is in the log`);
      assert.equal(audits.includes(secret), false, `a secret (${secret.slice(0, 4)}…) is in the audit trail`);
    }
  });
});
