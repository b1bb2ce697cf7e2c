/**
 * An e-mail subscriber's whole journey through the API, with the job worker sending through a real
 * SMTP server, on SQLite and PostgreSQL: double opt-in (nothing arrives before the link in the
 * confirmation e-mail is followed), notifications carrying RFC 8058 one-click unsubscribe
 * headers, and silence after unsubscribing. Plus the refusals a stranger can run into: unknown
 * event types and labels, and the per-address daily limit that keeps confirmations from being spam.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AppContext } from '../../src/app/context.ts';
import { fanOutEvents } from '../../src/app/subscriptions/fan-out.ts';
import { SUBSCRIPTIONS_PER_ADDRESS_PER_DAY } from '../../src/app/subscriptions/subscriptions.ts';
import { startJobWorker, type JobWorker } from '../../src/jobs/worker.ts';
import { createMailer, type Mailer } from '../../src/notify/mailer.ts';
import { DEFAULT_NOTIFY_SETTINGS, type NotifySettings } from '../../src/notify/settings.ts';
import { formatRegistrationNumber } from '../../src/domain/registration-number.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { createParties, issueLabelThroughApi, type Parties } from '../helpers/fixtures.ts';
import { linkToken, SmtpSink, type ReceivedMail } from './receivers.ts';

const MAIL_FROM = 'hoshi registry <noreply@registry.test>';

for (const dialect of DIALECTS) {
  describe(`${dialect.name}: e-mail subscription journey`, { skip: dialect.skip }, () => {
    let t: TestApp;
    let ctx: AppContext;
    let p: Parties;
    let mailer: Mailer;
    let worker: JobWorker;
    let label: { registrationNumber: string; productId: string };
    const sink = new SmtpSink();

    before(async () => {
      await sink.start();
      t = await startTestApp(dialect);
      ctx = t.ctx;
      const settings: NotifySettings = { ...DEFAULT_NOTIFY_SETTINGS, smtpUrl: sink.url, mailFrom: MAIL_FROM };
      ctx.notify = settings;
      mailer = createMailer(settings);
      worker = startJobWorker(ctx, settings, { fanOut: fanOutEvents }, mailer, { loop: false });
      p = await createParties(t);
      label = await issueLabelThroughApi(t, p, { modelNumbers: ['MAIL-1'] });
      await worker.runOnce(); // the issuance, before anyone subscribed
    });
    after(async () => {
      await worker?.stop();
      mailer?.close();
      await sink.stop();
      await t?.close();
    });

    const api = (method: string, url: string, payload?: unknown, headers: Record<string, string> = {}) =>
      t.app.inject({ method: method as 'GET', url, headers, ...(payload !== undefined && { payload: payload as object }) });
    const labelAction = async (action: string) => {
      const res = await api('POST', `/api/v1/labels/${label.registrationNumber}/${action}`, { reason: `test ${action}` }, p.reviewer.auth);
      assert.equal(res.statusCode, 200, res.body);
    };
    const subscribe = (email: string, extra: object = {}) =>
      api('POST', '/api/v1/subscriptions', {
        channel: 'email', email, scope: { type: 'product', registrationNumber: label.registrationNumber }, events: ['label.suspended', 'label.revoked'], ...extra,
      });
    const postForm = (url: string, payload: string) =>
      t.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload });
    const subscriptionStatus = async (id: string) =>
      (await ctx.db.selectFrom('subscriptions').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
    /** Runs worker rounds until nothing is left to do (fan-out queues the e-mails the next step sends). */
    const drain = async () => {
      for (let i = 0; i < 5; i++) {
        const c = await worker.runOnce();
        assert.equal(c.errors, 0, 'no worker step failed');
        if (c.fannedOut === 0 && c.emails === 0 && c.deliveries === 0) return;
      }
    };

    it('double opt-in, notifications with one-click unsubscribe headers, and silence after unsubscribing', async () => {
      const alice = 'Alice@Subscriber.test';
      const bob = 'bob@subscriber.test';
      const created = await subscribe(alice, { locale: 'en' });
      assert.equal(created.statusCode, 201, created.body);
      const sub = created.json();
      assert.equal(sub.subscription.status, 'pending');
      assert.equal(sub.subscription.channel, 'email');
      assert.deepEqual(sub.subscription.scope, { type: 'product', id: label.productId });
      assert.deepEqual(sub.subscription.events, ['label.suspended', 'label.revoked']);
      assert.equal(sub.secret, undefined, 'e-mail subscriptions have no signing secret');
      assert.equal(sub.manageToken, undefined);
      assert.equal((await subscribe(bob)).statusCode, 201);

      // Suspended while both are unconfirmed: only the confirmation e-mails go out.
      await labelAction('suspend');
      await drain();
      const aliceMail = await sink.to('alice@subscriber.test');
      assert.deepEqual(aliceMail.map((m) => m.parsed.subject), ['Confirm your subscription / 購読の確認 (hoshi)'], 'the address is kept in lower case');
      const confirmation = aliceMail[0]!;
      assert.equal(confirmation.parsed.from?.text, '"hoshi registry" <noreply@registry.test>');
      const text = confirmation.parsed.text ?? '';
      assert.ok(text.indexOf('Scope: product of label') < text.indexOf('対象:'), 'the chosen language first');
      assert.ok(text.includes('Events: label.suspended, label.revoked'), text);
      assert.ok(text.includes(`https://registry.test/subscriptions/confirm?token=`), text);
      assert.equal(confirmation.header('List-Unsubscribe'), undefined, 'nothing to unsubscribe from yet');
      assert.equal((await sink.to(bob)).length, 1);

      // Following the link opens a page with one button: opening it alone confirms nothing (mail
      // scanners open links), pressing the button POSTs the token.
      const link = new URL(/https:\/\/registry\.test\/subscriptions\/confirm\?token=\S+/.exec(text)![0]);
      const aliceToken = link.searchParams.get('token')!;
      assert.match(aliceToken, /^hsc_/);
      const page = await api('GET', link.pathname + link.search);
      assert.equal(page.statusCode, 200, page.body);
      assert.match(String(page.headers['content-type']), /^text\/html/);
      const form = /<form[^>]*method="post"[^>]*action="([^"]+)"[^>]*>[\s\S]*?name="token" value="([^"]+)"/.exec(page.body);
      assert.ok(form, 'the page has a POST form carrying the token');
      assert.equal(form[2], aliceToken);
      assert.equal((await subscriptionStatus(sub.subscription.id)), 'pending', 'opening the page confirms nothing');
      const badPress = await postForm(form[1]!, `token=${encodeURIComponent(aliceToken)}x`);
      assert.equal(badPress.statusCode, 404, 'a mangled token is an invalid link');
      assert.equal(await subscriptionStatus(sub.subscription.id), 'pending');
      const pressed = await postForm(form[1]!, `token=${encodeURIComponent(aliceToken)}`);
      assert.equal(pressed.statusCode, 200, pressed.body);
      assert.match(String(pressed.headers['content-type']), /^text\/html/);
      assert.equal(await subscriptionStatus(sub.subscription.id), 'active');
      // The API the page calls says the same, and a second confirmation is harmless.
      const again = await api('POST', '/api/v1/subscriptions/confirm', { token: aliceToken });
      assert.equal(again.statusCode, 200, again.body);
      assert.equal(again.json().status, 'active');
      assert.equal(again.json().confirmedAt, t.clock.now().toISOString());
      const bad = await api('POST', '/api/v1/subscriptions/confirm', { token: `${aliceToken}x` });
      assert.equal(bad.statusCode, 404);
      assert.equal(bad.json().code, 'NOT_FOUND');
      const bobToken = linkToken((await sink.to(bob))[0]!.parsed.text ?? '', 'confirm');
      const bobConfirmed = await api('POST', '/api/v1/subscriptions/confirm', { token: bobToken });
      assert.equal(bobConfirmed.statusCode, 200, bobConfirmed.body);
      assert.equal(bobConfirmed.json().status, 'active');

      // Confirming does not replay the suspension that happened before.
      await drain();
      assert.equal((await sink.to('alice@subscriber.test')).length, 1);

      await labelAction('reinstate'); // not chosen
      t.clock.advanceDays(1);
      await labelAction('suspend');
      await drain();
      const [suspended] = (await sink.to('alice@subscriber.test')).slice(1);
      assert.ok(suspended, 'the suspension notice arrived');
      assert.equal((await sink.to('alice@subscriber.test')).length, 2, 'one notice, not one per round');
      assert.equal(suspended.parsed.subject, 'Label suspended: Wi-Fi 6 Home Router (hoshi)');
      assert.ok(suspended.parsed.text?.includes(`registrationNumber: ${label.registrationNumber}`), suspended.parsed.text);
      assert.ok(suspended.parsed.text?.includes('reason: test suspend'), suspended.parsed.text);
      assertOneClickHeaders(suspended);

      // Bob's mail client unsubscribes by itself: RFC 8058 one-click POST to the List-Unsubscribe URL.
      const [bobNotice] = (await sink.to(bob)).slice(1);
      assert.ok(bobNotice);
      assert.equal(bobNotice.parsed.subject, 'ラベルが一時停止されました: Wi-Fi 6 ホームルーター (hoshi)', 'Japanese by default');
      const bobUnsubscribe = assertOneClickHeaders(bobNotice);
      assert.ok(bobNotice.parsed.text?.includes(bobUnsubscribe.href), 'the text carries the same link');
      const bobId = (await ctx.db.selectFrom('subscriptions').select('id').where('owner_email', '=', bob).executeTakeFirstOrThrow()).id;
      const oneClick = await postForm(bobUnsubscribe.pathname + bobUnsubscribe.search, 'List-Unsubscribe=One-Click');
      assert.equal(oneClick.statusCode, 200, oneClick.body);
      assert.equal(await subscriptionStatus(bobId), 'unsubscribed');
      const repeated = await api('POST', '/api/v1/subscriptions/unsubscribe', { token: bobUnsubscribe.searchParams.get('token') });
      assert.equal(repeated.statusCode, 200, repeated.body);
      assert.equal(repeated.json().status, 'unsubscribed', 'unsubscribing twice is harmless');
      assert.equal((await api('POST', '/api/v1/subscriptions/unsubscribe', { token: 'hsu_not-a-real-token' })).statusCode, 404);
      assert.equal((await postForm('/subscriptions/unsubscribe?token=hsu_not-a-real-token', 'List-Unsubscribe=One-Click')).statusCode, 404);

      await labelAction('reinstate');
      await labelAction('revoke');
      await drain();
      const aliceAll = await sink.to('alice@subscriber.test');
      assert.equal(aliceAll.length, 3);
      const revoked = aliceAll[2]!;
      assert.equal(revoked.parsed.subject, 'Label revoked: Wi-Fi 6 Home Router (hoshi)');
      assert.ok(revoked.parsed.text?.includes('status: revoked'), revoked.parsed.text);
      assert.ok(revoked.parsed.text?.includes('reason: test revoke'), revoked.parsed.text);
      assert.equal(assertOneClickHeaders(revoked).href, assertOneClickHeaders(suspended).href, 'one unsubscribe link per subscription');
      assert.equal((await sink.to(bob)).length, 2, 'nothing after unsubscribing');

      const outbox = await ctx.db.selectFrom('outbox_emails').select(['to_address', 'kind', 'status']).execute();
      assert.ok(outbox.every((m) => m.status === 'sent'), JSON.stringify(outbox));
      assert.deepEqual(outbox.map((m) => `${m.to_address} ${m.kind}`).sort(), [
        'alice@subscriber.test notification',
        'alice@subscriber.test notification',
        'alice@subscriber.test subscription_confirm',
        'bob@subscriber.test notification',
        'bob@subscriber.test subscription_confirm',
      ]);
    });

    it('a notice queued but not yet sent is not sent after one-click unsubscribe', async () => {
      const other = await issueLabelThroughApi(t, p, { modelNumbers: ['MAIL-2'] });
      const email = 'late@subscriber.test';
      const created = await api('POST', '/api/v1/subscriptions', { channel: 'email', email, scope: { type: 'product', registrationNumber: other.registrationNumber }, events: ['label.suspended', 'label.revoked'] });
      assert.equal(created.statusCode, 201, created.body);
      await drain();
      const token = linkToken((await sink.to(email))[0]!.parsed.text ?? '', 'confirm');
      assert.equal((await api('POST', '/api/v1/subscriptions/confirm', { token })).statusCode, 200);

      const suspended = await api('POST', `/api/v1/labels/${other.registrationNumber}/suspend`, { reason: 'inquiry' }, p.reviewer.auth);
      assert.equal(suspended.statusCode, 200, suspended.body);
      // The notice is in the outbox (fanned out) but not yet sent, e.g. the mail server is slow.
      assert.equal(await fanOutEvents(ctx), 1);
      const queued = await ctx.db.selectFrom('outbox_emails').select(['id', 'headers']).where('to_address', '=', email).where('kind', '=', 'notification').execute();
      assert.equal(queued.length, 1);
      const oneClick = new URL(JSON.parse(queued[0]!.headers)['List-Unsubscribe'].slice(1, -1));
      const left = await postForm(oneClick.pathname + oneClick.search, 'List-Unsubscribe=One-Click');
      assert.equal(left.statusCode, 200, left.body);

      await drain();
      assert.deepEqual((await sink.to(email)).map((m) => m.parsed.subject), ['購読の確認 / Confirm your subscription (hoshi)'], 'no notice after unsubscribing');
      const row = await ctx.db.selectFrom('outbox_emails').select('status').where('id', '=', queued[0]!.id).executeTakeFirstOrThrow();
      assert.equal(row.status, 'cancelled');
    });

    it('refuses unknown event types, unknown labels and malformed input, naming the field', async () => {
      const before = await ctx.db.selectFrom('subscriptions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const unknownEvent = await subscribe('x@subscriber.test', { events: ['label.suspended', 'label.exploded'] });
      assert.ok([400, 422].includes(unknownEvent.statusCode), unknownEvent.body);
      assert.equal(unknownEvent.json().code, 'VALIDATION_FAILED');
      assert.ok(unknownEvent.json().errors.some((e: { pointer: string }) => e.pointer === '/events/1'), unknownEvent.body);

      const unknownLabel = formatRegistrationNumber(1, 2026, 999_999);
      const noLabel = await subscribe('x@subscriber.test', { scope: { type: 'product', registrationNumber: unknownLabel } });
      assert.equal(noLabel.statusCode, 400, noLabel.body);
      assert.deepEqual(noLabel.json().errors.map((e: { pointer: string }) => e.pointer), ['/scope/registrationNumber']);

      const noVendor = await subscribe('x@subscriber.test', { scope: { type: 'vendor', vendorId: ctx.newId() } });
      assert.equal(noVendor.statusCode, 400, noVendor.body);
      assert.deepEqual(noVendor.json().errors.map((e: { pointer: string }) => e.pointer), ['/scope/vendorId']);

      const badEmail = await subscribe('not an address');
      assert.equal(badEmail.statusCode, 400, badEmail.body);
      assert.ok(badEmail.json().errors.some((e: { pointer: string }) => e.pointer === '/email'), badEmail.body);

      const withUrl = await subscribe('x@subscriber.test', { url: 'https://hooks.example.com/x' });
      assert.equal(withUrl.statusCode, 400, withUrl.body);
      assert.ok(withUrl.json().errors.some((e: { pointer: string }) => e.pointer === '/url'), withUrl.body);

      const after = await ctx.db.selectFrom('subscriptions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      assert.equal(Number(after.n), Number(before.n), 'nothing stored');
    });

    it(`the ${SUBSCRIPTIONS_PER_ADDRESS_PER_DAY + 1}th subscription for one address in a day is refused with 429`, async () => {
      const email = 'busy@subscriber.test';
      for (let i = 0; i < SUBSCRIPTIONS_PER_ADDRESS_PER_DAY; i++) {
        const res = i % 2 ? await subscribe(email.toUpperCase()) : await api('POST', '/api/v1/subscriptions', { channel: 'email', email, scope: { type: 'all' }, events: ['label.revoked'] });
        assert.equal(res.statusCode, 201, `subscription ${i + 1}: ${res.body}`);
      }
      const refused = await subscribe(email);
      assert.equal(refused.statusCode, 429, refused.body);
      assert.equal(refused.json().code, 'RATE_LIMITED');
      assert.equal(refused.headers['retry-after'], '86400');
      const confirmations = await ctx.db.selectFrom('outbox_emails').select('id').where('to_address', '=', email).execute();
      assert.equal(confirmations.length, SUBSCRIPTIONS_PER_ADDRESS_PER_DAY, 'no confirmation e-mail for the refused one');

      assert.equal((await subscribe('other@subscriber.test')).statusCode, 201, 'other addresses are not affected');
      t.clock.advanceDays(1);
      assert.equal((await subscribe(email)).statusCode, 201, 'a day later the address may subscribe again');
    });
  });
}

/** Both RFC 8058 headers are present; returns the unsubscribe URL. */
function assertOneClickHeaders(mail: ReceivedMail): URL {
  const list = mail.header('List-Unsubscribe');
  assert.match(list ?? '', /^<https:\/\/registry\.test\/subscriptions\/unsubscribe\?token=hsu_[A-Za-z0-9_-]+>$/, `List-Unsubscribe: ${list}`);
  assert.equal(mail.header('List-Unsubscribe-Post'), 'List-Unsubscribe=One-Click');
  return new URL(list!.slice(1, -1));
}
