/**
 * Events that happen by time alone, on SQLite and PostgreSQL, with the test clock walked across
 * the thresholds: a label's 90/30/7-day expiry notices are recorded once each (sweeping again
 * records nothing), its expiry, a support period's end (the day after, in JST); the vendor's
 * administrators get one reminder e-mail per threshold through SMTP, and an e-mail subscriber one
 * notice per event. Sweeps running at once, as from several server processes, record each once.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AppContext } from '../../src/app/context.ts';
import { fanOutEvents } from '../../src/app/subscriptions/fan-out.ts';
import { sweepTimeEvents } from '../../src/app/subscriptions/sweeps.ts';
import { processDueEmails } from '../../src/jobs/send-emails.ts';
import { createMailer, type Mailer } from '../../src/notify/mailer.ts';
import { DEFAULT_NOTIFY_SETTINGS, type NotifySettings } from '../../src/notify/settings.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { createParties, issueLabelThroughApi, type Parties } from '../helpers/fixtures.ts';
import { SmtpSink } from './receivers.ts';

const DAY = 86_400_000;

for (const dialect of DIALECTS) {
  describe(`${dialect.name}: time-driven events`, { skip: dialect.skip }, () => {
    let t: TestApp;
    let ctx: AppContext;
    let p: Parties;
    let mailer: Mailer;
    let settings: NotifySettings;
    const sink = new SmtpSink();

    before(async () => {
      await sink.start();
      t = await startTestApp(dialect);
      ctx = t.ctx;
      settings = { ...DEFAULT_NOTIFY_SETTINGS, smtpUrl: sink.url, mailFrom: 'hoshi <noreply@registry.test>' };
      ctx.notify = settings;
      mailer = createMailer(settings);
      p = await createParties(t);
    });
    after(async () => {
      mailer?.close();
      await sink.stop();
      await t?.close();
    });

    const api = (method: string, url: string, auth?: object, payload?: unknown) =>
      t.app.inject({ method: method as 'GET', url, headers: { ...(auth ?? {}) }, ...(payload !== undefined && { payload: payload as object }) });
    /** Notification events recorded for a label (or, for support.ended, its product), oldest first. */
    const eventsOf = (column: 'label_id' | 'product_id', id: string) =>
      ctx.db.selectFrom('notification_events').select(['type', 'payload', 'occurred_at', 'dedupe_key']).where(column, '=', id).where('type', 'in', ['label.expiring', 'label.expired', 'support.ended']).orderBy('occurred_at').orderBy('id').execute();
    const labelId = async (rn: string) => (await ctx.db.selectFrom('labels').select('id').where('registration_number', '=', rn).executeTakeFirstOrThrow()).id;
    const at = (iso: string | number) => t.clock.set(new Date(iso));
    /** Fans out, then sends every due e-mail through SMTP. */
    async function deliver() {
      while ((await fanOutEvents(ctx)) > 0);
      while ((await processDueEmails(ctx, mailer, settings)) > 0);
    }

    it('records 90/30/7-day notices once each, then the expiry and the support end; reminders go to the vendor admin', async () => {
      const start = t.clock.now().getTime();
      const expiry = start + 100 * DAY;
      const label = await issueLabelThroughApi(t, p, { modelNumbers: ['SWEEP-1'], supportEndsOn: '2027-02-10' }, { validUntil: new Date(expiry).toISOString() });
      const id = await labelId(label.registrationNumber);
      // Revoked labels are not announced as expiring.
      const revoked = await issueLabelThroughApi(t, p, { modelNumbers: ['SWEEP-R'] }, { validUntil: new Date(expiry).toISOString() });
      assert.equal((await api('POST', `/api/v1/labels/${revoked.registrationNumber}/revoke`, p.reviewer.auth, { reason: 'r' })).statusCode, 200);

      // An e-mail subscriber to the vendor's time-driven events.
      const sub = await api('POST', '/api/v1/subscriptions', undefined, { channel: 'email', email: 'watcher@subscriber.test', scope: { type: 'vendor', vendorId: p.vendorA.vendorId }, events: ['label.expiring', 'label.expired', 'support.ended'], locale: 'en' });
      assert.equal(sub.statusCode, 201, sub.body);
      const confirmText = (await ctx.db.selectFrom('outbox_emails').select('text_body').where('to_address', '=', 'watcher@subscriber.test').executeTakeFirstOrThrow()).text_body;
      const token = /confirm\?token=([\w-]+)/.exec(confirmText)![1]!;
      assert.equal((await api('POST', '/api/v1/subscriptions/confirm', undefined, { token })).json().status, 'active');

      const step = async (when: number, expected: number, what: string) => {
        at(when);
        assert.equal(await sweepTimeEvents(ctx), expected, what);
        assert.equal(await sweepTimeEvents(ctx), 0, `${what}: sweeping again records nothing`);
      };
      await step(start, 0, '100 days out');
      await step(expiry - 90 * DAY - 1_000, 0, 'a second before 90 days');
      await step(expiry - 90 * DAY + 3_600_000, 1, 'inside 90 days');
      await step(expiry - 31 * DAY, 0, '31 days out: the 90-day notice was given');
      await step(expiry - 30 * DAY + 3_600_000, 1, 'inside 30 days');
      await step(Date.parse('2027-02-10T14:59:59Z'), 0, 'the last day of support (JST)');
      await step(Date.parse('2027-02-10T15:00:00Z'), 1, 'the day after support ended (JST)');
      await step(expiry - 7 * DAY + 3_600_000, 1, 'inside 7 days');
      await step(expiry - 1_000, 0, 'a second before expiry');
      await step(expiry + 3_600_000, 1, 'expired');
      await step(expiry + 20 * DAY, 0, 'later');

      const events = await eventsOf('label_id', id);
      assert.deepEqual(events.map((e) => `${e.type} ${JSON.parse(e.payload).threshold ?? ''}`.trim()), [
        'label.expiring 90', 'label.expiring 30', 'support.ended', 'label.expiring 7', 'label.expired',
      ]);
      const expired = events.at(-1)!;
      assert.equal(expired.occurred_at, new Date(expiry).toISOString(), 'the expiry is dated when it happened, not when it was swept');
      assert.equal(JSON.parse(expired.payload).registrationNumber, label.registrationNumber);
      const ended = JSON.parse(events[2]!.payload);
      assert.equal(ended.supportEndsOn, '2027-02-10');
      assert.deepEqual(ended.labels.map((l: { registrationNumber: string }) => l.registrationNumber), [label.registrationNumber]);
      assert.deepEqual(await eventsOf('label_id', await labelId(revoked.registrationNumber)), [], 'nothing for the revoked label');

      await deliver();
      const reminders = await sink.to('admin@a.test');
      // The outbox sends a batch at once, so mail arrives in any order; the events' order is checked above.
      assert.deepEqual(reminders.map((m) => m.parsed.subject).sort(), [90, 30, 7].map((d) =>
        `ラベルの有効期限が近づいています (${d}日) / Label expiring soon (${d} days): ${label.registrationNumber}`).sort());
      assert.ok(reminders[0]!.parsed.text?.includes(`https://registry.test/labels/${label.registrationNumber}`));
      assert.equal((await sink.to('member@a.test')).length, 0, 'administrators only');
      assert.equal((await sink.to('admin@b.test')).length, 0, 'of that vendor only');
      const watched = (await sink.to('watcher@subscriber.test')).map((m) => m.parsed.subject);
      assert.deepEqual(watched.sort(), [
        'Confirm your subscription / 購読の確認 (hoshi)',
        'Label expiring soon: Wi-Fi 6 Home Router (hoshi)', 'Label expiring soon: Wi-Fi 6 Home Router (hoshi)', 'Support period ended: Wi-Fi 6 Home Router (hoshi)',
        'Label expiring soon: Wi-Fi 6 Home Router (hoshi)', 'Label expired: Wi-Fi 6 Home Router (hoshi)',
      ].sort());
    });

    it('a label first seen inside 30 days gets the 30-day notice only', async () => {
      const now = t.clock.now().getTime();
      const label = await issueLabelThroughApi(t, p, { modelNumbers: ['SWEEP-2'] }, { validUntil: new Date(now + 20 * DAY).toISOString() });
      assert.equal(await sweepTimeEvents(ctx), 1);
      assert.equal(await sweepTimeEvents(ctx), 0);
      const events = await eventsOf('label_id', await labelId(label.registrationNumber));
      assert.deepEqual(events.map((e) => [e.type, JSON.parse(e.payload).threshold, JSON.parse(e.payload).daysLeft]), [['label.expiring', 30, 20]]);
    });

    it('sweeps running at once record each event and queue each reminder once', async () => {
      const now = t.clock.now().getTime();
      const labels = [];
      for (let i = 0; i < 4; i++) {
        labels.push(await issueLabelThroughApi(t, p, { modelNumbers: [`SWEEP-C${i}`] }, { validUntil: new Date(now + (60 + i) * DAY).toISOString() }));
      }
      const counts = await Promise.all([sweepTimeEvents(ctx), sweepTimeEvents(ctx), sweepTimeEvents(ctx)]);
      assert.equal(counts.reduce((a, b) => a + b, 0), labels.length, `each recorded by exactly one sweep (${counts.join(', ')})`);
      for (const l of labels) {
        const events = await eventsOf('label_id', await labelId(l.registrationNumber));
        assert.deepEqual(events.map((e) => e.type), ['label.expiring'], l.registrationNumber);
      }
      const reminders = await ctx.db.selectFrom('outbox_emails').select('subject').where('kind', '=', 'expiry_reminder').execute();
      for (const l of labels) {
        assert.equal(reminders.filter((r) => r.subject.endsWith(`(90 days): ${l.registrationNumber}`)).length, 1, `one reminder for ${l.registrationNumber}`);
      }
      const keys = await ctx.db.selectFrom('notification_events').select('dedupe_key').where('dedupe_key', 'is not', null).execute();
      assert.equal(new Set(keys.map((k) => k.dedupe_key)).size, keys.length);
    });
  });
}
