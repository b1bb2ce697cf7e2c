/**
 * A webhook subscriber's journey through the API on SQLite and PostgreSQL, with the job worker
 * posting to a real loopback receiver that verifies every request with standardwebhooks: double
 * opt-in by the owner's e-mail, vendor scope, the management view (deliveries and attempts) behind
 * the token shown once, refusal of private targets under the production policy, and the failure
 * path: retries, disabling with the owner's notice, re-enabling and redelivery with the same id.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AppContext } from '../../src/app/context.ts';
import { fanOutEvents } from '../../src/app/subscriptions/fan-out.ts';
import { startJobWorker, type JobWorker } from '../../src/jobs/worker.ts';
import { createMailer } from '../../src/notify/mailer.ts';
import { DEFAULT_NOTIFY_SETTINGS, type NotifySettings } from '../../src/notify/settings.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { createParties, issueLabelThroughApi, type Parties } from '../helpers/fixtures.ts';
import { confirmTokenFromOutbox, WebhookReceiver } from './receivers.ts';

/** Loopback and http allowed; small retry and disable limits so the test can reach them. */
const LOCAL: NotifySettings = {
  ...DEFAULT_NOTIFY_SETTINGS,
  mailFrom: 'hoshi <noreply@registry.test>',
  webhookAllowPrivate: true,
  webhookAllowHttp: true,
  webhookTimeoutMs: 2_000,
  webhookMaxAttempts: 10,
  webhookBackoffBaseMs: 1_000,
  webhookDisableAfterFailures: 3,
  webhookDisableAfterMs: 5_000,
};

interface Delivery {
  id: string;
  eventType: string;
  status: string;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  attempts: Array<{ at: string; durationMs: number; statusCode: number | null; error: string | null; responseSnippet: string | null }>;
}

for (const dialect of DIALECTS) {
  describe(`${dialect.name}: webhook subscription journey`, { skip: dialect.skip }, () => {
    let t: TestApp;
    let ctx: AppContext;
    let p: Parties;
    let worker: JobWorker;
    let first: { registrationNumber: string };
    const receiver = new WebhookReceiver();

    before(async () => {
      await receiver.start();
      t = await startTestApp(dialect);
      ctx = t.ctx;
      ctx.notify = LOCAL;
      worker = startJobWorker(ctx, LOCAL, { fanOut: fanOutEvents }, createMailer({ smtpUrl: null, mailFrom: LOCAL.mailFrom }), { loop: false });
      p = await createParties(t);
      first = await issueLabelThroughApi(t, p, { modelNumbers: ['HOOK-1'] });
      await drain();
    });
    after(async () => {
      await worker?.stop();
      await receiver.stop();
      await t?.close();
    });

    const api = (method: string, url: string, payload?: unknown, headers: Record<string, string> = {}) =>
      t.app.inject({ method: method as 'GET', url, headers, ...(payload !== undefined && { payload: payload as object }) });
    async function drain() {
      for (let i = 0; i < 5; i++) {
        const c = await worker.runOnce();
        assert.equal(c.errors, 0, 'no worker step failed');
        if (c.fannedOut === 0 && c.emails === 0 && c.deliveries === 0) return;
      }
    }
    const labelAction = async (rn: string, action: string) => {
      const res = await api('POST', `/api/v1/labels/${rn}/${action}`, { reason: `test ${action}` }, p.reviewer.auth);
      assert.equal(res.statusCode, 200, res.body);
    };
    /** Subscribes the receiver path and confirms with the token from the owner's e-mail in the outbox. */
    async function subscribeHook(path: string, owner: string, body: object): Promise<{ id: string; secret: string; manage: Record<string, string> }> {
      const res = await api('POST', '/api/v1/subscriptions', { channel: 'webhook', email: owner, url: receiver.base + path, ...body });
      assert.equal(res.statusCode, 201, res.body);
      const created = res.json();
      assert.equal(created.subscription.status, 'pending');
      assert.match(created.secret, /^whsec_[A-Za-z0-9+/=]{40,}$/);
      assert.match(created.manageToken, /^hsm_/);
      receiver.secrets.set(path, created.secret);
      return { id: created.subscription.id, secret: created.secret, manage: { 'subscription-token': created.manageToken } };
    }
    async function confirm(owner: string) {
      const res = await api('POST', '/api/v1/subscriptions/confirm', { token: await confirmTokenFromOutbox(ctx, owner) });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().status, 'active');
    }
    const view = async (id: string, manage: Record<string, string>) => {
      const res = await api('GET', `/api/v1/subscriptions/${id}`, undefined, manage);
      assert.equal(res.statusCode, 200, res.body);
      return res.json() as { status: string; consecutiveFailures: number; disabledReason: string | null; deliveries: Delivery[] };
    };

    it('delivers signed events of the vendor after confirmation; the owner sees deliveries and attempts with the token', async () => {
      const owner = 'ops@hooks.test';
      const hook = await subscribeHook('/hook/a', owner, { scope: { type: 'vendor', vendorId: p.vendorA.vendorId }, events: ['label.issued', 'label.suspended'] });
      const otherVendor = await subscribeHook('/hook/b', 'ops-b@hooks.test', { scope: { type: 'vendor', vendorId: p.vendorB.vendorId }, events: ['label.issued', 'label.suspended'] });
      await confirm('ops-b@hooks.test');

      await labelAction(first.registrationNumber, 'suspend');
      await drain();
      assert.equal(receiver.at('/hook/a').length, 0, 'nothing before the owner confirms');
      await labelAction(first.registrationNumber, 'reinstate');
      await confirm(owner);

      t.clock.advanceDays(1);
      const second = await issueLabelThroughApi(t, p, { modelNumbers: ['HOOK-2'] });
      await drain();
      await labelAction(second.registrationNumber, 'suspend');
      await drain();

      const got = receiver.at('/hook/a');
      assert.equal(got.length, 2, JSON.stringify(got));
      assert.ok(got.every((g) => g.verified && g.answered === 200), 'every request verifies with the secret shown at creation');
      const [issued, suspended] = got.map((g) => JSON.parse(g.body));
      assert.equal(issued.type, 'label.issued');
      assert.equal(issued.data.registrationNumber, second.registrationNumber);
      assert.equal(suspended.type, 'label.suspended');
      assert.equal(suspended.data.registrationNumber, second.registrationNumber);
      assert.equal(suspended.data.status, 'suspended');
      assert.equal(suspended.data.reason, 'test suspend');
      assert.equal(suspended.data.vendor.id, p.vendorA.vendorId);
      assert.equal(suspended.timestamp, t.clock.now().toISOString());
      assert.equal(receiver.at('/hook/b').length, 0, 'another vendor\'s subscription gets nothing');
      assert.equal((await view(otherVendor.id, otherVendor.manage)).deliveries.length, 0);

      const v = await view(hook.id, hook.manage);
      assert.equal(v.status, 'active');
      assert.equal(v.consecutiveFailures, 0);
      assert.equal('secret' in v, false, 'the secret is shown once only');
      assert.deepEqual(v.deliveries.map((d) => d.eventType), ['label.suspended', 'label.issued'], 'newest first');
      assert.deepEqual(v.deliveries.map((d) => d.id), [got[1]!.id, got[0]!.id], 'the delivery id is the webhook-id');
      for (const d of v.deliveries) {
        assert.equal(d.status, 'delivered');
        assert.equal(d.nextAttemptAt, null);
        assert.equal(d.attempts.length, 1);
        const [a] = d.attempts;
        assert.equal(a!.statusCode, 200);
        assert.equal(a!.error, null);
        assert.equal(a!.responseSnippet, 'ok');
        assert.ok(a!.durationMs >= 15, `latency ${a!.durationMs} ms includes the receiver's 20 ms pause`);
      }

      const wrong = await api('GET', `/api/v1/subscriptions/${hook.id}`, undefined, otherVendor.manage);
      assert.equal(wrong.statusCode, 404, 'another subscription\'s token');
      assert.equal(wrong.json().code, 'NOT_FOUND');
      assert.equal((await api('GET', `/api/v1/subscriptions/${ctx.newId()}`, undefined, hook.manage)).statusCode, 404, 'unknown id');
      assert.equal((await api('GET', `/api/v1/subscriptions/${hook.id}`)).statusCode, 400, 'no token');
    });

    it('under the production policy, loopback, http and link-local targets are refused before anything is stored', async () => {
      const saved = ctx.notify;
      delete ctx.notify;
      try {
        const count = async (table: 'subscriptions' | 'outbox_emails') => Number((await ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
        const before = [await count('subscriptions'), await count('outbox_emails')];
        for (const url of [`${receiver.base}/hook/a`, 'http://127.0.0.1/hook', 'https://127.0.0.1/hook', 'https://169.254.169.254/latest/meta-data/']) {
          const res = await api('POST', '/api/v1/subscriptions', { channel: 'webhook', email: 'ssrf@hooks.test', url, scope: { type: 'all' }, events: ['label.revoked'] });
          assert.equal(res.statusCode, 422, `${url}: ${res.body}`);
          assert.equal(res.json().code, 'WEBHOOK_URL_REFUSED', url);
        }
        assert.deepEqual([await count('subscriptions'), await count('outbox_emails')], before, 'no subscription, no confirmation e-mail');
      } finally {
        ctx.notify = saved;
      }
    });

    it('retries a failing receiver, disables the subscription and tells the owner; re-enabling and redelivery send the same webhook-id', async () => {
      receiver.modes.set('/hook/down', 'fail');
      const owner = 'down@hooks.test';
      const hook = await subscribeHook('/hook/down', owner, { scope: { type: 'all' }, events: ['label.suspended', 'label.reinstated'] });
      await confirm(owner);
      await labelAction(first.registrationNumber, 'suspend');
      const start = t.clock.now().getTime();
      await drain();

      const statuses: string[] = [];
      for (let attempt = 1; attempt <= 8; attempt++) {
        const v = await view(hook.id, hook.manage);
        statuses.push(v.status);
        assert.equal(v.consecutiveFailures, attempt);
        const [d] = v.deliveries;
        assert.equal(d!.attempts.length, attempt);
        assert.ok(d!.attempts.every((a) => a.statusCode === 500 && a.responseSnippet === 'receiver is down'));
        if (v.status === 'disabled') break;
        assert.equal(d!.status, 'pending');
        // Not tried again before its time; tried at it.
        t.clock.set(new Date(Date.parse(d!.nextAttemptAt!) - 1));
        await drain();
        assert.equal(receiver.at('/hook/down').length, attempt);
        t.clock.set(d!.nextAttemptAt!);
        await drain();
      }
      // 3 failures within 3 s are not yet 5 s of failing; the 4th, 7 s after the first, is.
      assert.deepEqual(statuses, ['active', 'active', 'active', 'disabled']);
      assert.ok(t.clock.now().getTime() - start >= LOCAL.webhookDisableAfterMs);

      const disabled = await view(hook.id, hook.manage);
      assert.match(disabled.disabledReason ?? '', /4 consecutive failed attempts.*HTTP 500/);
      const [cancelled] = disabled.deliveries;
      assert.equal(cancelled!.status, 'cancelled');
      const seen = receiver.at('/hook/down');
      assert.equal(seen.length, 4);
      assert.ok(seen.every((s) => s.verified && s.id === cancelled!.id), 'every retry is signed and keeps the webhook-id');

      const notices = await ctx.db.selectFrom('outbox_emails').select(['subject', 'text_body', 'status']).where('to_address', '=', owner).where('kind', '=', 'webhook_disabled').execute();
      assert.equal(notices.length, 1);
      assert.match(notices[0]!.subject, /Webhook disabled/);
      assert.ok(notices[0]!.text_body.includes(`${receiver.base}/hook/down`));
      assert.ok(notices[0]!.text_body.includes(hook.id));
      assert.equal(notices[0]!.status, 'caught', 'the worker sent it (caught: no SMTP here)');

      // Events while disabled are not queued for it.
      await labelAction(first.registrationNumber, 'reinstate');
      await drain();
      assert.equal((await view(hook.id, hook.manage)).deliveries.length, 1);
      const refusedRedelivery = await api('POST', `/api/v1/subscriptions/${hook.id}/deliveries/${cancelled!.id}/redeliver`, undefined, hook.manage);
      assert.equal(refusedRedelivery.statusCode, 409, refusedRedelivery.body);
      assert.equal(refusedRedelivery.json().currentStatus, 'disabled');

      assert.equal((await api('POST', `/api/v1/subscriptions/${hook.id}/enable`, undefined, { 'subscription-token': 'hsm_wrong-token-123' })).statusCode, 404);
      const enabled = await api('POST', `/api/v1/subscriptions/${hook.id}/enable`, undefined, hook.manage);
      assert.equal(enabled.statusCode, 200, enabled.body);
      assert.equal(enabled.json().status, 'active');
      assert.equal(enabled.json().disabledReason, null);
      const twice = await api('POST', `/api/v1/subscriptions/${hook.id}/enable`, undefined, hook.manage);
      assert.equal(twice.statusCode, 409);
      assert.equal(twice.json().code, 'SUBSCRIPTION_STATE_CONFLICT');
      assert.equal((await view(hook.id, hook.manage)).consecutiveFailures, 0);

      receiver.modes.set('/hook/down', 'ok');
      assert.equal((await api('POST', `/api/v1/subscriptions/${hook.id}/deliveries/${ctx.newId()}/redeliver`, undefined, hook.manage)).statusCode, 404);
      const queued = await api('POST', `/api/v1/subscriptions/${hook.id}/deliveries/${cancelled!.id}/redeliver`, undefined, hook.manage);
      assert.equal(queued.statusCode, 202, queued.body);
      assert.deepEqual(queued.json(), { id: cancelled!.id, status: 'pending', nextAttemptAt: t.clock.now().toISOString() });
      await drain();
      const again = receiver.at('/hook/down').at(-1)!;
      assert.equal(receiver.at('/hook/down').length, 5);
      assert.equal(again.id, cancelled!.id, 'the same webhook-id, so the receiver can drop a repeat');
      assert.equal(again.verified, true);
      assert.equal(again.answered, 200);
      assert.equal(JSON.parse(again.body).type, 'label.suspended');
      const healed = await view(hook.id, hook.manage);
      assert.equal(healed.deliveries[0]!.status, 'delivered');
      assert.deepEqual(healed.deliveries[0]!.attempts.map((a) => a.statusCode), [500, 500, 500, 500, 200], 'earlier attempts stay in the log');

      const ended = await api('DELETE', `/api/v1/subscriptions/${hook.id}`, undefined, hook.manage);
      assert.equal(ended.statusCode, 200, ended.body);
      assert.equal(ended.json().status, 'unsubscribed');
      assert.equal((await api('POST', `/api/v1/subscriptions/${hook.id}/deliveries/${cancelled!.id}/redeliver`, undefined, hook.manage)).statusCode, 409);
    });
  });
}
