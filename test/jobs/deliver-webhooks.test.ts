/**
 * Webhook delivery end to end on SQLite and PostgreSQL: rows in the queue tables, a real
 * loopback receiver that verifies every request with standardwebhooks, and a test clock that
 * is moved to each next_attempt_at to drive retries, the disable policy and redelivery.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import type { AppContext } from '../../src/app/context.ts';
import { processDueDeliveries, redeliver } from '../../src/jobs/deliver-webhooks.ts';
import { DEFAULT_NOTIFY_SETTINGS, type NotifySettings } from '../../src/notify/settings.ts';
import { newWebhookSecret } from '../../src/notify/webhook-sender.ts';
import { startTestApp, type TestApp, type TestClock } from '../helpers/app.ts';
import { DIALECTS } from '../helpers/databases.ts';

interface Received {
  path: string;
  id: string;
  verified: boolean;
  body: string;
}

/** Answers per path: 'ok' (200 after a short pause), 'fail' (500). Verifies with the path's secret. */
class Receiver {
  server = http.createServer((req, res) => this.handle(req, res));
  base = '';
  received: Received[] = [];
  secrets = new Map<string, string>();
  modes = new Map<string, 'ok' | 'fail'>();

  async start() {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  stop() {
    this.server.closeAllConnections();
    return new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
  endpoint(mode: 'ok' | 'fail'): { url: string; secret: string; path: string } {
    const path = `/hook/${randomBytes(6).toString('hex')}`;
    const secret = newWebhookSecret();
    this.secrets.set(path, secret);
    this.modes.set(path, mode);
    return { url: this.base + path, secret, path };
  }
  at(path: string) {
    return this.received.filter((r) => r.path === path);
  }
  private handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '';
      const body = Buffer.concat(chunks).toString('utf8');
      let verified = false;
      try {
        new Webhook(this.secrets.get(path) ?? newWebhookSecret()).verify(body, req.headers as Record<string, string>);
        verified = true;
      } catch {
        verified = false;
      }
      this.received.push({ path, id: String(req.headers['webhook-id']), verified, body });
      if (!verified) return res.writeHead(401).end('signature rejected');
      if (this.modes.get(path) === 'fail') return res.writeHead(500, { 'content-type': 'text/plain' }).end('receiver is down');
      setTimeout(() => res.writeHead(200, { 'content-type': 'text/plain' }).end('ok'), 25);
    });
  }
}

async function addSubscription(ctx: AppContext, fields: { url: string; secret: string; status?: string; owner?: string }): Promise<string> {
  const id = ctx.newId();
  await ctx.db
    .insertInto('subscriptions')
    .values({
      id, channel: 'webhook', email: null, url: fields.url, secret: fields.secret, owner_email: fields.owner ?? 'owner@subscriber.test',
      scope_type: 'all', scope_id: null, event_types: '["label.revoked"]', locale: 'ja', status: fields.status ?? 'active',
      confirm_token_hash: null, manage_token_hash: null, unsubscribe_token: randomBytes(16).toString('hex'),
      consecutive_failures: 0, failing_since: null, created_at: ctx.clock.now().toISOString(), confirmed_at: null,
      disabled_at: null, disabled_reason: null, unsubscribed_at: null,
    })
    .execute();
  return id;
}

async function addEvent(ctx: AppContext, data: Record<string, unknown> = { registrationNumber: 'JS1-2026-000001-5', reason: '虚偽の申請' }): Promise<{ id: string; occurredAt: string }> {
  const id = ctx.newId();
  const occurredAt = ctx.clock.now().toISOString();
  await ctx.db
    .insertInto('notification_events')
    .values({ id, type: 'label.revoked', occurred_at: occurredAt, vendor_id: null, product_id: null, label_id: null, payload: JSON.stringify(data), fanned_out_at: occurredAt, locked_until: null, dedupe_key: null })
    .execute();
  return { id, occurredAt };
}

async function addDelivery(ctx: AppContext, subscriptionId: string, eventId: string, dueAt = ctx.clock.now()): Promise<string> {
  const id = ctx.newId();
  await ctx.db
    .insertInto('deliveries')
    .values({ id, subscription_id: subscriptionId, event_id: eventId, status: 'pending', attempts: 0, next_attempt_at: dueAt.toISOString(), locked_until: null, last_status_code: null, last_error: null, created_at: ctx.clock.now().toISOString(), delivered_at: null })
    .execute();
  return id;
}

const delivery = (ctx: AppContext, id: string) => ctx.db.selectFrom('deliveries').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const subscriptionRow = (ctx: AppContext, id: string) => ctx.db.selectFrom('subscriptions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const attemptsOf = (ctx: AppContext, id: string) => ctx.db.selectFrom('delivery_attempts').selectAll().where('delivery_id', '=', id).orderBy('attempted_at').orderBy('id').execute();

const LOCAL: NotifySettings = { ...DEFAULT_NOTIFY_SETTINGS, webhookAllowPrivate: true, webhookAllowHttp: true, webhookTimeoutMs: 2_000 };

for (const dialect of DIALECTS) {
  describe(`${dialect.name}: webhook deliveries`, { skip: dialect.skip }, () => {
    let t: TestApp;
    let ctx: AppContext;
    let clock: TestClock;
    const receiver = new Receiver();
    before(async () => {
      t = await startTestApp(dialect);
      ctx = t.ctx;
      clock = t.clock;
      await receiver.start();
    });
    after(async () => {
      await receiver.stop();
      await t?.close();
    });

    it('delivers a Standard Webhooks message the receiver verifies, and logs the attempt with status and latency', async () => {
      const endpoint = receiver.endpoint('ok');
      const sub = await addSubscription(ctx, endpoint);
      const event = await addEvent(ctx);
      const id = await addDelivery(ctx, sub, event.id);
      const later = await addDelivery(ctx, sub, (await addEvent(ctx, { n: 2 })).id, new Date(clock.now().getTime() + 60_000));

      assert.equal(await processDueDeliveries(ctx, LOCAL), 1, 'only the due delivery is claimed');
      const [got] = receiver.at(endpoint.path);
      assert.ok(got);
      assert.equal(got.verified, true);
      assert.equal(got.id, id, 'the webhook-id is the delivery id');
      assert.deepEqual(JSON.parse(got.body), { type: 'label.revoked', timestamp: event.occurredAt, data: { registrationNumber: 'JS1-2026-000001-5', reason: '虚偽の申請' } });

      const row = await delivery(ctx, id);
      assert.equal(row.status, 'delivered');
      assert.equal(row.attempts, 1);
      assert.equal(row.delivered_at, clock.now().toISOString());
      assert.equal(row.last_status_code, 200);
      assert.equal(row.locked_until, null);
      const attempts = await attemptsOf(ctx, id);
      assert.equal(attempts.length, 1);
      assert.equal(attempts[0]!.status_code, 200);
      assert.equal(attempts[0]!.error, null);
      assert.equal(attempts[0]!.response_snippet, 'ok');
      assert.ok(attempts[0]!.duration_ms >= 20, `latency ${attempts[0]!.duration_ms} ms includes the receiver's 25 ms pause`);

      assert.equal(await processDueDeliveries(ctx, LOCAL), 0, 'nothing else is due');
      assert.equal((await delivery(ctx, later)).status, 'pending');
      clock.set(new Date(clock.now().getTime() + 60_000));
      assert.equal(await processDueDeliveries(ctx, LOCAL), 1);
      assert.equal((await delivery(ctx, later)).status, 'delivered');
    });

    it('retries a failing receiver at growing intervals, then disables the subscription, cancels its deliveries and tells the owner', async () => {
      const settings: NotifySettings = { ...LOCAL, webhookBackoffBaseMs: 60_000, webhookMaxAttempts: 10, webhookDisableAfterFailures: 3, webhookDisableAfterMs: 30 * 60_000 };
      const endpoint = receiver.endpoint('fail');
      const sub = await addSubscription(ctx, { ...endpoint, owner: 'ops@subscriber.test' });
      const id = await addDelivery(ctx, sub, (await addEvent(ctx)).id);
      const queued = await addDelivery(ctx, sub, (await addEvent(ctx)).id, new Date(clock.now().getTime() + 86_400_000));
      const start = clock.now().getTime();

      const delays: number[] = [];
      let statusAfter: string[] = [];
      for (let attempt = 1; attempt <= 6; attempt++) {
        assert.equal(await processDueDeliveries(ctx, settings), 1, `attempt ${attempt} is due`);
        const row = await delivery(ctx, id);
        const s = await subscriptionRow(ctx, sub);
        statusAfter.push(s.status);
        assert.equal(s.consecutive_failures, attempt);
        assert.equal(s.failing_since, new Date(start).toISOString());
        if (s.status === 'disabled') break;
        assert.equal(row.status, 'pending');
        assert.equal(row.attempts, attempt);
        const delay = Date.parse(row.next_attempt_at) - clock.now().getTime();
        const plain = 60_000 * 2 ** (attempt - 1);
        assert.ok(delay >= plain && delay <= plain * 1.25, `delay ${delay} after attempt ${attempt}`);
        delays.push(delay);
        // Not due a moment before next_attempt_at; due at it.
        clock.set(new Date(Date.parse(row.next_attempt_at) - 1));
        assert.equal(await processDueDeliveries(ctx, settings), 0);
        clock.set(row.next_attempt_at);
      }
      for (let i = 1; i < delays.length; i++) assert.ok(delays[i]! > delays[i - 1]!, 'delays grow');
      // Three failures came within 3 minutes: not yet 30 minutes of failing, so still active.
      assert.deepEqual(statusAfter, ['active', 'active', 'active', 'active', 'active', 'disabled']);

      const s = await subscriptionRow(ctx, sub);
      assert.equal(s.disabled_at, clock.now().toISOString());
      assert.match(s.disabled_reason ?? '', /6 consecutive failed attempts.*HTTP 500/);
      assert.equal((await delivery(ctx, id)).status, 'cancelled');
      assert.equal((await delivery(ctx, queued)).status, 'cancelled');

      const attempts = await attemptsOf(ctx, id);
      assert.equal(attempts.length, 6);
      assert.ok(attempts.every((a) => a.status_code === 500 && a.response_snippet === 'receiver is down' && a.duration_ms >= 0));
      const seen = receiver.at(endpoint.path);
      assert.equal(seen.length, 6);
      assert.ok(seen.every((r) => r.verified && r.id === id), 'every retry is signed and keeps the webhook-id');

      const notices = await ctx.db.selectFrom('outbox_emails').selectAll().where('kind', '=', 'webhook_disabled').where('to_address', '=', 'ops@subscriber.test').execute();
      assert.equal(notices.length, 1);
      const notice = notices[0]!;
      assert.equal(notice.status, 'pending');
      assert.match(notice.subject, /Webhook を停止しました/);
      assert.match(notice.subject, /Webhook disabled/);
      for (const text of [endpoint.url, 'HTTP 500', '最後のエラー', 'Last error', sub]) assert.ok(notice.text_body.includes(text), text);

      clock.advanceDays(2);
      assert.equal(await processDueDeliveries(ctx, settings), 0, 'nothing is tried for a disabled subscription');
      await assert.rejects(redeliver(ctx, id), (e: { code: string; extra: { currentStatus: string } }) => e.code === 'SUBSCRIPTION_STATE_CONFLICT' && e.extra.currentStatus === 'disabled');
    });

    it('gives up after webhookMaxAttempts; manual redelivery sends again with the same webhook-id', async () => {
      const settings: NotifySettings = { ...LOCAL, webhookBackoffBaseMs: 1_000, webhookMaxAttempts: 3 };
      const endpoint = receiver.endpoint('fail');
      const sub = await addSubscription(ctx, endpoint);
      const id = await addDelivery(ctx, sub, (await addEvent(ctx)).id);
      for (let i = 0; i < 3; i++) {
        assert.equal(await processDueDeliveries(ctx, settings), 1);
        clock.set((await delivery(ctx, id)).next_attempt_at);
      }
      const failed = await delivery(ctx, id);
      assert.equal(failed.status, 'failed');
      assert.equal(failed.attempts, 3);
      assert.equal(failed.last_status_code, 500);
      assert.equal(failed.last_error, 'HTTP 500');
      clock.advanceDays(1);
      assert.equal(await processDueDeliveries(ctx, settings), 0);

      receiver.modes.set(endpoint.path, 'ok');
      const queued = await redeliver(ctx, id);
      assert.deepEqual(queued, { id, status: 'pending', nextAttemptAt: clock.now().toISOString() });
      assert.equal(await processDueDeliveries(ctx, settings), 1);
      const delivered = await delivery(ctx, id);
      assert.equal(delivered.status, 'delivered');
      assert.equal(delivered.attempts, 1, 'a redelivery starts a fresh retry schedule');
      const s = await subscriptionRow(ctx, sub);
      assert.equal(s.consecutive_failures, 0);
      assert.equal(s.failing_since, null);

      // A delivered message can be sent again too.
      await redeliver(ctx, id);
      assert.equal(await processDueDeliveries(ctx, settings), 1);
      const seen = receiver.at(endpoint.path);
      assert.equal(seen.length, 5);
      assert.ok(seen.every((r) => r.verified && r.id === id));
      assert.deepEqual((await attemptsOf(ctx, id)).map((a) => a.status_code), [500, 500, 500, 200, 200]);

      await assert.rejects(redeliver(ctx, ctx.newId()), (e: { code: string }) => e.code === 'NOT_FOUND');
    });

    it('cancels, without a request, deliveries whose subscription is no longer active', async () => {
      const endpoint = receiver.endpoint('ok');
      const sub = await addSubscription(ctx, { ...endpoint, status: 'unsubscribed' });
      const id = await addDelivery(ctx, sub, (await addEvent(ctx)).id);
      assert.equal(await processDueDeliveries(ctx, LOCAL), 1);
      assert.equal((await delivery(ctx, id)).status, 'cancelled');
      assert.equal(receiver.at(endpoint.path).length, 0);
      assert.equal((await attemptsOf(ctx, id)).length, 0);
    });

    it('checks the address again at send time: a loopback URL is a failed attempt when private targets are not allowed', async () => {
      const endpoint = receiver.endpoint('ok');
      const sub = await addSubscription(ctx, endpoint);
      const id = await addDelivery(ctx, sub, (await addEvent(ctx)).id);
      assert.equal(await processDueDeliveries(ctx, { ...LOCAL, webhookAllowPrivate: false }), 1);
      const row = await delivery(ctx, id);
      assert.equal(row.status, 'pending');
      assert.equal(row.attempts, 1);
      assert.equal(row.last_status_code, null);
      assert.match(row.last_error ?? '', /refused: .*127\.0\.0\.1 is loopback/);
      const [attempt] = await attemptsOf(ctx, id);
      assert.equal(attempt!.status_code, null);
      assert.match(attempt!.error ?? '', /refused/);
      assert.equal(receiver.at(endpoint.path).length, 0);
    });
  });
}
