/**
 * The job queue as several server processes see it: two independent contexts (own pools, like
 * two processes) on one database. On PostgreSQL they claim concurrently and the receiver must
 * see every webhook-id exactly once. On both databases a job claimed by a process that then
 * dies is taken up again once its lease runs out, and a worker that lost its lease cannot
 * overwrite what the next one recorded.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { bootstrap, type Runtime } from '../../src/bootstrap.ts';
import type { AppContext } from '../../src/app/context.ts';
import { processDueDeliveries } from '../../src/jobs/deliver-webhooks.ts';
import { claimDue, releaseLease } from '../../src/jobs/queue.ts';
import { processDueEmails } from '../../src/jobs/send-emails.ts';
import { createMailer } from '../../src/notify/mailer.ts';
import { DEFAULT_NOTIFY_SETTINGS, type NotifySettings } from '../../src/notify/settings.ts';
import { newWebhookSecret } from '../../src/notify/webhook-sender.ts';
import { BASE_URL, CATALOG_DIR, LOG_ORIGIN, TestClock } from '../helpers/app.ts';
import { DIALECTS, postgres, type TestDatabase } from '../helpers/databases.ts';

const SECRET = newWebhookSecret();
const settings: NotifySettings = { ...DEFAULT_NOTIFY_SETTINGS, webhookAllowPrivate: true, webhookAllowHttp: true, webhookTimeoutMs: 5_000, leaseMs: 60_000 };

/** A receiver that verifies each request and then lets the test's handler answer. */
class Receiver {
  ids: string[] = [];
  unverified = 0;
  handler: (res: http.ServerResponse, n: number) => void = (res) => res.writeHead(204).end();
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        new Webhook(SECRET).verify(Buffer.concat(chunks).toString('utf8'), req.headers as Record<string, string>);
      } catch {
        this.unverified++;
        return res.writeHead(401).end();
      }
      this.ids.push(String(req.headers['webhook-id']));
      this.handler(res, this.ids.length);
    });
  });
  url = '';
  async start() {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }
  stop() {
    this.server.closeAllConnections();
    return new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** One database, and as many "processes" (bootstrapped contexts with their own pools) as asked. */
class Cluster {
  clock = new TestClock();
  database!: TestDatabase;
  keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoshi-keys-'));
  runtimes: Runtime[] = [];
  async open(dialect: typeof postgres, processes: number): Promise<AppContext[]> {
    this.database = await dialect.create();
    for (let i = 0; i < processes; i++) {
      this.runtimes.push(await bootstrap(
        { databaseUrl: this.database.url, catalogDir: CATALOG_DIR, publicBaseUrl: BASE_URL, signingKeyDir: this.keyDir, logOrigin: LOG_ORIGIN },
        { clock: this.clock },
      ));
    }
    return this.runtimes.map((r) => r.ctx);
  }
  async close() {
    for (const r of this.runtimes) await r.close().catch(() => {});
    await this.database?.drop();
    fs.rmSync(this.keyDir, { recursive: true, force: true });
  }
}

async function seedDeliveries(ctx: AppContext, url: string, count: number): Promise<string[]> {
  const now = ctx.clock.now().toISOString();
  const subscriptions = [0, 1, 2].map(() => ctx.newId());
  for (const id of subscriptions) {
    await ctx.db.insertInto('subscriptions').values({
      id, channel: 'webhook', email: null, url, secret: SECRET, owner_email: 'owner@subscriber.test', scope_type: 'all', scope_id: null,
      event_types: '["label.issued"]', locale: 'en', status: 'active', confirm_token_hash: null, manage_token_hash: null,
      unsubscribe_token: randomBytes(16).toString('hex'), consecutive_failures: 0, failing_since: null, created_at: now,
      confirmed_at: now, disabled_at: null, disabled_reason: null, unsubscribed_at: null,
    }).execute();
  }
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const eventId = ctx.newId();
    await ctx.db.insertInto('notification_events').values({
      id: eventId, type: 'label.issued', occurred_at: now, vendor_id: null, product_id: null, label_id: null,
      payload: JSON.stringify({ n: i }), fanned_out_at: now, locked_until: null, dedupe_key: null,
    }).execute();
    const id = ctx.newId();
    await ctx.db.insertInto('deliveries').values({
      id, subscription_id: subscriptions[i % 3]!, event_id: eventId, status: 'pending', attempts: 0, next_attempt_at: now,
      locked_until: null, last_status_code: null, last_error: null, created_at: now, delivered_at: null,
    }).execute();
    ids.push(id);
  }
  return ids;
}

describe('postgres: two processes share the queue', { skip: postgres.skip }, () => {
  const cluster = new Cluster();
  const receiver = new Receiver();
  let a: AppContext;
  let b: AppContext;
  before(async () => {
    [a, b] = (await cluster.open(postgres, 2)) as [AppContext, AppContext];
    await receiver.start();
  });
  after(async () => {
    await receiver.stop();
    await cluster.close();
  });

  it('60 deliveries processed by two processes at once reach the receiver exactly once each', async () => {
    const ids = await seedDeliveries(a, receiver.url, 60);
    receiver.handler = (res) => setTimeout(() => res.writeHead(200).end('ok'), 10);
    const drain = async (ctx: AppContext) => {
      let total = 0;
      for (let n; (n = await processDueDeliveries(ctx, settings, { limit: 4 })) > 0; ) total += n;
      return total;
    };
    const [byA, byB] = await Promise.all([drain(a), drain(b)]);
    assert.equal(byA + byB, 60);
    assert.ok(byA > 0 && byB > 0, `both processes worked (${byA} + ${byB})`);
    assert.equal(receiver.unverified, 0);
    assert.equal(receiver.ids.length, 60, 'no webhook-id arrived twice');
    assert.deepEqual([...receiver.ids].sort(), [...ids].sort());
    const rows = await a.db.selectFrom('deliveries').select(['status', 'attempts']).execute();
    assert.ok(rows.every((r) => r.status === 'delivered' && r.attempts === 1));
    const attempts = await a.db.selectFrom('delivery_attempts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(attempts.n), 60);
  });

  it('concurrent claims from both pools never hand out a row twice (notification events)', async () => {
    const now = a.clock.now().toISOString();
    for (let i = 0; i < 60; i++) {
      await a.db.insertInto('notification_events').values({
        id: a.newId(), type: 'label.expiring', occurred_at: now, vendor_id: null, product_id: null, label_id: null,
        payload: '{}', fanned_out_at: null, locked_until: null, dedupe_key: `expiring:${i}`,
      }).execute();
    }
    const claims = await Promise.all(Array.from({ length: 30 }, (_, i) => claimDue(i % 2 ? a.db : b.db, 'notification_events', { now: a.clock.now(), leaseMs: 60_000, limit: 3 })));
    const claimed = claims.flat().map((r) => r.id);
    assert.equal(new Set(claimed).size, claimed.length, 'disjoint claims');
    assert.equal(claimed.length, 60, 'and together they took every event');
    // A claimed row given back is claimable again; one whose lease is not ours is not released.
    const [first] = claims.flat();
    assert.equal(await releaseLease(a.db, 'notification_events', first!.id, 'not-our-lease'), false);
    assert.equal(await releaseLease(a.db, 'notification_events', first!.id, first!.locked_until!), true);
    const again = await claimDue(b.db, 'notification_events', { now: a.clock.now(), leaseMs: 60_000, limit: 10 });
    assert.deepEqual(again.map((r) => r.id), [first!.id]);
  });
});

for (const dialect of DIALECTS) {
  describe(`${dialect.name}: a process dies holding a lease`, { skip: dialect.skip }, () => {
    const cluster = new Cluster();
    const receiver = new Receiver();
    let survivor: AppContext;
    let doomed: AppContext;
    before(async () => {
      [doomed, survivor] = (await cluster.open(dialect, 2)) as [AppContext, AppContext];
      await receiver.start();
    });
    after(async () => {
      await receiver.stop();
      await cluster.close();
    });

    it('a claimed, never finished delivery and e-mail are done by another process once the lease runs out', async () => {
      receiver.ids = [];
      receiver.handler = (res) => res.writeHead(204).end();
      const [id] = await seedDeliveries(doomed, receiver.url, 1);
      const now = cluster.clock.now().toISOString();
      const emailId = doomed.newId();
      await doomed.db.insertInto('outbox_emails').values({
        id: emailId, to_address: 'a@subscriber.test', subject: 's', text_body: 't', headers: '{}', kind: 'notification', status: 'pending',
        attempts: 0, next_attempt_at: now, locked_until: null, last_error: null, message_id: null, created_at: now, sent_at: null, dedupe_key: null,
      }).execute();

      const [claimed] = await claimDue(doomed.db, 'deliveries', { now: cluster.clock.now(), leaseMs: settings.leaseMs, limit: 10 });
      assert.equal(claimed!.id, id);
      assert.equal((await claimDue(doomed.db, 'outbox_emails', { now: cluster.clock.now(), leaseMs: settings.leaseMs, limit: 10 })).length, 1);
      await cluster.runtimes[0]!.close(); // the process dies before sending anything

      const mailer = createMailer({ smtpUrl: null, mailFrom: 'hoshi <noreply@registry.test>' });
      assert.equal(await processDueDeliveries(survivor, settings), 0, 'leased: not taken while the lease holds');
      assert.equal(await processDueEmails(survivor, mailer, settings), 0);
      cluster.clock.set(claimed!.locked_until!);
      assert.equal(await processDueDeliveries(survivor, settings), 0, 'still leased at the last instant of the lease');
      cluster.clock.set(new Date(Date.parse(claimed!.locked_until!) + 1));
      assert.equal(await processDueDeliveries(survivor, settings), 1);
      assert.equal(await processDueEmails(survivor, mailer, settings), 1);

      assert.deepEqual(receiver.ids, [id]);
      const row = await survivor.db.selectFrom('deliveries').selectAll().where('id', '=', id!).executeTakeFirstOrThrow();
      assert.equal(row.status, 'delivered');
      const email = await survivor.db.selectFrom('outbox_emails').selectAll().where('id', '=', emailId).executeTakeFirstOrThrow();
      assert.equal(email.status, 'caught');
      assert.equal(email.message_id, `<${emailId}@registry.test>`);
    });

    it('a worker whose lease ran out mid-request only logs its attempt; the state is the next worker\'s', async () => {
      receiver.ids = [];
      let releaseFirst: () => void = () => {};
      // The first request hangs until released and then fails; the second succeeds at once.
      receiver.handler = (res, n) => {
        if (n === 1) releaseFirst = () => res.writeHead(500).end('late failure');
        else res.writeHead(200).end('ok');
      };
      const [id] = await seedDeliveries(survivor, receiver.url, 1);
      const slow = processDueDeliveries(survivor, settings);
      while (receiver.ids.length < 1) await new Promise((r) => setTimeout(r, 5));
      cluster.clock.set(new Date(cluster.clock.now().getTime() + settings.leaseMs + 1));
      assert.equal(await processDueDeliveries(survivor, settings), 1, 'the expired lease is taken over');
      releaseFirst();
      assert.equal(await slow, 1);

      assert.deepEqual(receiver.ids, [id, id]);
      const row = await survivor.db.selectFrom('deliveries').selectAll().where('id', '=', id!).executeTakeFirstOrThrow();
      assert.equal(row.status, 'delivered');
      assert.equal(row.attempts, 1);
      assert.equal(row.last_status_code, 200);
      const attempts = await survivor.db.selectFrom('delivery_attempts').select(['status_code']).where('delivery_id', '=', id!).orderBy('status_code').execute();
      assert.deepEqual(attempts.map((a) => a.status_code), [200, 500], 'both requests happened and both are logged');
      const sub = await survivor.db.selectFrom('subscriptions').select(['consecutive_failures']).innerJoin('deliveries', 'deliveries.subscription_id', 'subscriptions.id').where('deliveries.id', '=', id!).executeTakeFirstOrThrow();
      assert.equal(sub.consecutive_failures, 0, 'the stale failure did not count against the subscription');
    });
  });
}
