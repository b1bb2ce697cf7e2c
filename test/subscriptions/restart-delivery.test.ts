/**
 * Durability of notifications across a crash, with the real `hoshi serve` process on SQLite and
 * PostgreSQL. The event is written in the transaction of the fact it announces, so an
 * acknowledged revocation is delivered even if the server is killed before its job worker ever
 * ran; and a delivery cut off mid-request by a crash is sent again, with the same webhook-id,
 * once the dead worker's lease has run out (at least once: receivers de-duplicate by id).
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { bootstrap, type Runtime } from '../../src/bootstrap.ts';
import { SYSTEM_ACTOR } from '../../src/app/context.ts';
import { createApiToken } from '../../src/app/users/credentials.ts';
import { createUser } from '../../src/app/users/create-user.ts';
import { createVendor } from '../../src/app/vendors/create-vendor.ts';
import { demoChecklist } from '../../src/demo/demo-checklist.ts';
import { BASE_URL, CATALOG_DIR, LOG_ORIGIN } from '../helpers/app.ts';
import { DIALECTS, type TestDatabase } from '../helpers/databases.ts';
import { PRODUCT } from '../helpers/fixtures.ts';
import { confirmTokenFromOutbox, until, WebhookReceiver } from './receivers.ts';
import { freePort } from '../helpers/ports.ts';

const BIN = path.resolve(import.meta.dirname, '../../bin/hoshi.js');
const LEASE_MS = 2_000;
/** Longer than a restart takes (about 3 s), so the restarted worker is seen waiting for it. */
const LONG_LEASE_MS = 8_000;


interface Server {
  child: ChildProcess;
  base: string;
  /** Date.now() when it announced it was listening. */
  readyAt: number;
  /** What the process wrote to stderr, for failure messages. */
  stderr(): string;
}

for (const dialect of DIALECTS) {
  describe(`${dialect.name}: webhook delivery across a server crash`, { skip: dialect.skip }, () => {
    let database: TestDatabase;
    let runtime: Runtime;
    let keyDir: string;
    let vendorId: string;
    let vendor: Record<string, string>;
    let reviewer: Record<string, string>;
    const servers: Server[] = [];
    const receiver = new WebhookReceiver();

    before(async () => {
      await receiver.start();
      database = await dialect.create();
      keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoshi-restart-'));
      runtime = await bootstrap({ databaseUrl: database.url, catalogDir: CATALOG_DIR, publicBaseUrl: BASE_URL, signingKeyDir: keyDir, logOrigin: LOG_ORIGIN });
      const v = await createVendor(runtime.ctx, SYSTEM_ACTOR, { nameJa: '再起動', nameEn: 'Restart K.K.', address: '東京都', country: 'JP', corporateNumber: '7000012050002' });
      vendorId = v.id;
      const vu = await createUser(runtime.ctx, SYSTEM_ACTOR, { email: 'v@restart.test', displayName: 'v', password: 'a long password 1', role: 'vendor_admin', vendorId: v.id });
      const ru = await createUser(runtime.ctx, SYSTEM_ACTOR, { email: 'r@restart.test', displayName: 'r', password: 'a long password 1', role: 'reviewer' });
      vendor = { authorization: `Bearer ${(await createApiToken(runtime.ctx, SYSTEM_ACTOR, { userId: vu.id, name: 't' })).token}` };
      reviewer = { authorization: `Bearer ${(await createApiToken(runtime.ctx, SYSTEM_ACTOR, { userId: ru.id, name: 't' })).token}` };
    });

    after(async () => {
      for (const s of servers) if (s.child.exitCode === null && s.child.signalCode === null) await stop(s, 'SIGKILL');
      await receiver.stop();
      await runtime?.close();
      await database?.drop();
      if (keyDir) fs.rmSync(keyDir, { recursive: true, force: true });
    });

    async function start(jobs: boolean, leaseMs = LEASE_MS): Promise<Server> {
      const port = await freePort();
      const child = spawn(process.execPath, [BIN, 'serve'], {
        env: {
          ...process.env,
          DATABASE_URL: database.url, SIGNING_KEY_DIR: keyDir, PORT: String(port), PUBLIC_BASE_URL: BASE_URL, LOG_ORIGIN,
          LOG_LEVEL: 'warn', WEBHOOK_ALLOW_PRIVATE: '1', WEBHOOK_ALLOW_HTTP: '1', JOBS_POLL_MS: '100', JOBS_LEASE_MS: String(leaseMs),
          // A send must end well within its lease, or a slow receiver could be sent to twice.
          WEBHOOK_TIMEOUT_MS: '1500', JOBS: jobs ? '1' : '0', SMTP_URL: '',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let err = '';
      child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
      const server = { child, base: `http://127.0.0.1:${port}`, readyAt: 0, stderr: () => err };
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        child.stdout!.on('data', (c: Buffer) => c.toString().includes('hoshi registry on') && ((server.readyAt = Date.now()), resolve()));
        child.on('exit', (code, signal) => reject(new Error(`server exited (${signal ?? code}) before listening:\n${err}`)));
      });
      return server;
    }

    function stop(server: Server, signal: 'SIGKILL' | 'SIGTERM'): Promise<void> {
      return new Promise((resolve) => {
        if (server.child.exitCode !== null || server.child.signalCode !== null) return resolve();
        server.child.once('exit', () => resolve());
        server.child.kill(signal);
      });
    }

    async function call(server: Server, method: string, url: string, auth: Record<string, string>, body?: unknown) {
      const res = await fetch(`${server.base}${url}`, { method, headers: { ...auth, ...(body !== undefined && { 'content-type': 'application/json' }) }, ...(body !== undefined && { body: JSON.stringify(body) }) });
      return { status: res.status, json: (await res.json()) as Record<string, any> };
    }
    async function ok(server: Server, method: string, url: string, auth: Record<string, string>, body?: unknown) {
      const res = await call(server, method, url, auth, body);
      assert.ok(res.status < 300, `${method} ${url}: ${res.status} ${JSON.stringify(res.json)}\n${server.stderr()}`);
      return res.json;
    }

    async function issueLabel(server: Server, model: string): Promise<string> {
      const product = await ok(server, 'POST', '/api/v1/products', vendor, { ...PRODUCT, modelNumbers: [model] });
      const app = await ok(server, 'POST', '/api/v1/applications', vendor, { productId: product.id, level: 1 });
      await ok(server, 'PATCH', `/api/v1/applications/${app.id}`, vendor, { checklist: demoChecklist(runtime.ctx, app.criteria) });
      await ok(server, 'POST', `/api/v1/applications/${app.id}/submit`, vendor);
      await ok(server, 'POST', `/api/v1/applications/${app.id}/accept`, reviewer, {});
      await ok(server, 'POST', `/api/v1/applications/${app.id}/payment`, reviewer, { reference: 'PAY-R' });
      return (await ok(server, 'POST', `/api/v1/applications/${app.id}/issue`, reviewer, {})).registrationNumber as string;
    }

    /** Subscribes a receiver path to the vendor's `event` and confirms it with the token from the outbox. */
    async function subscribe(server: Server, hookPath: string, owner: string, event: string): Promise<string> {
      const created = await ok(server, 'POST', '/api/v1/subscriptions', {}, { channel: 'webhook', email: owner, url: receiver.base + hookPath, scope: { type: 'vendor', vendorId }, events: [event] });
      receiver.secrets.set(hookPath, created.secret);
      const confirmed = await ok(server, 'POST', '/api/v1/subscriptions/confirm', {}, { token: await confirmTokenFromOutbox(runtime.ctx, owner) });
      assert.equal(confirmed.status, 'active');
      return created.subscription.id as string;
    }

    const deliveriesOf = (subscriptionId: string) =>
      runtime.ctx.db.selectFrom('deliveries').selectAll().where('subscription_id', '=', subscriptionId).execute();
    const attemptsOf = (deliveryId: string) =>
      runtime.ctx.db.selectFrom('delivery_attempts').selectAll().where('delivery_id', '=', deliveryId).execute();
    const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

    it('an acknowledged revocation is delivered after a crash that came before any job ran', { timeout: 30_000 }, async () => {
      const quiet = await start(false);
      const rn = await issueLabel(quiet, 'RESTART-1');
      const subscriptionId = await subscribe(quiet, '/hook/revoked', 'ops@restart.test', 'label.revoked');
      const revoked = await call(quiet, 'POST', `/api/v1/labels/${rn}/revoke`, reviewer, { reason: '虚偽の申請' });
      assert.equal(revoked.status, 200, JSON.stringify(revoked.json));
      assert.equal(revoked.json.status, 'revoked');

      await pause(500); // five poll intervals: nothing runs without JOBS
      const event = await runtime.ctx.db.selectFrom('notification_events').selectAll().where('type', '=', 'label.revoked').executeTakeFirstOrThrow();
      assert.equal(event.fanned_out_at, null, 'recorded with the revocation, not yet fanned out');
      assert.equal((await deliveriesOf(subscriptionId)).length, 0);
      await stop(quiet, 'SIGKILL');
      assert.equal(receiver.at('/hook/revoked').length, 0);

      const worker = await start(true);
      await until(() => receiver.at('/hook/revoked').some((r) => r.answered !== null), 10_000, `delivery after restart\n${worker.stderr()}`);
      await pause(500); // more rounds: nothing is sent twice
      const got = receiver.at('/hook/revoked');
      assert.equal(got.length, 1, 'exactly one delivery');
      const [hook] = got;
      assert.equal(hook!.verified, true, 'signed with the secret shown at subscription');
      assert.equal(hook!.answered, 200);
      const body = JSON.parse(hook!.body);
      assert.equal(body.type, 'label.revoked');
      assert.equal(body.timestamp, event.occurred_at);
      assert.equal(body.data.registrationNumber, rn);
      assert.equal(body.data.reason, '虚偽の申請');

      const [delivery] = await deliveriesOf(subscriptionId);
      assert.equal(delivery!.id, hook!.id, 'the webhook-id is the delivery id');
      await until(async () => (await deliveriesOf(subscriptionId))[0]!.status === 'delivered', 5_000, 'delivery recorded');
      assert.deepEqual((await attemptsOf(delivery!.id)).map((a) => a.status_code), [200]);
      await stop(worker, 'SIGTERM');
    });

    it('a delivery cut off by a crash mid-request is sent again with the same webhook-id after the lease runs out', { timeout: 30_000 }, async () => {
      receiver.modes.set('/hook/held', 'hold');
      const first = await start(true, LONG_LEASE_MS);
      const rn = await issueLabel(first, 'RESTART-2');
      const subscriptionId = await subscribe(first, '/hook/held', 'held@restart.test', 'label.suspended');
      assert.equal((await call(first, 'POST', `/api/v1/labels/${rn}/suspend`, reviewer, { reason: '調査中' })).status, 200);

      await until(() => receiver.at('/hook/held').length === 1, 10_000, `the first request\n${first.stderr()}`);
      await stop(first, 'SIGKILL');
      const [held] = receiver.at('/hook/held');
      assert.equal(held!.verified, true);
      assert.equal(held!.answered, null, 'never answered: the sender died waiting');
      const [leased] = await deliveriesOf(subscriptionId);
      assert.equal(leased!.id, held!.id);
      assert.equal(leased!.status, 'pending');
      assert.equal(leased!.attempts, 0, 'the attempt was never recorded');
      assert.ok(leased!.locked_until, 'still leased to the dead worker');
      const leaseEnd = Date.parse(leased!.locked_until);

      receiver.modes.set('/hook/held', 'ok');
      const second = await start(true);
      assert.ok(second.readyAt < leaseEnd, 'the restarted worker is up while the dead one still holds the lease');
      await until(() => receiver.at('/hook/held').length === 2, LONG_LEASE_MS + 5_000, `the repeat\n${second.stderr()}`);
      const again = receiver.at('/hook/held')[1]!;
      assert.ok(again.at >= leaseEnd, `not taken from the dead worker before its lease ended (${again.at - leaseEnd} ms)`);
      assert.ok(again.at - leaseEnd < 2_000, `taken soon after the lease ended (${again.at - leaseEnd} ms; polling every 100 ms)`);
      assert.equal(again.id, held!.id, 'the same webhook-id: the receiver can drop the repeat');
      assert.equal(again.verified, true);
      assert.equal(again.body, held!.body, 'the same message');
      await until(() => again.answered !== null, 5_000, 'answer');
      assert.equal(again.answered, 200);
      await until(async () => (await deliveriesOf(subscriptionId))[0]!.status === 'delivered', 5_000, 'delivery recorded');
      await pause(500);
      assert.equal(receiver.at('/hook/held').length, 2, 'not sent a third time');
      const [done] = await deliveriesOf(subscriptionId);
      assert.equal(done!.attempts, 1);
      assert.equal(done!.locked_until, null);
      assert.deepEqual((await attemptsOf(done!.id)).map((a) => a.status_code), [200]);
      assert.equal(JSON.parse(again.body).data.registrationNumber, rn);
      await stop(second, 'SIGTERM');
    });
  });
}
