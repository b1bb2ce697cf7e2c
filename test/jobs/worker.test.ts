/**
 * The job worker loop: one round runs the sweep (at most once a minute), fan-out, deliveries
 * and e-mails in that order; a failing step is logged and the rest still run; the timer loop
 * keeps going through errors; stop() waits for the round in progress.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AppContext } from '../../src/app/context.ts';
import { startJobWorker, type JobLogger } from '../../src/jobs/worker.ts';
import { createMailer } from '../../src/notify/mailer.ts';
import { DEFAULT_NOTIFY_SETTINGS } from '../../src/notify/settings.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { DIALECTS } from '../helpers/databases.ts';

const settings = { ...DEFAULT_NOTIFY_SETTINGS, jobsPollMs: 20, mailFrom: 'hoshi <noreply@registry.test>' };
const mailer = createMailer({ smtpUrl: null, mailFrom: settings.mailFrom });

async function addEmail(ctx: AppContext, to: string): Promise<string> {
  const id = ctx.newId();
  const now = ctx.clock.now().toISOString();
  await ctx.db.insertInto('outbox_emails').values({
    id, to_address: to, subject: 's', text_body: 't', headers: '{}', kind: 'notification', status: 'pending', attempts: 0,
    next_attempt_at: now, locked_until: null, last_error: null, message_id: null, created_at: now, sent_at: null, dedupe_key: null,
  }).execute();
  return id;
}

const statusOf = async (ctx: AppContext, id: string) => (await ctx.db.selectFrom('outbox_emails').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;

function until(condition: () => Promise<boolean> | boolean, timeoutMs = 5_000): Promise<void> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const check = async () => {
      if (await condition()) return resolve();
      if (Date.now() - start > timeoutMs) return reject(new Error('condition not met in time'));
      setTimeout(check, 10);
    };
    void check();
  });
}

for (const dialect of DIALECTS) {
  describe(`${dialect.name}: job worker`, { skip: dialect.skip }, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(dialect);
    });
    after(async () => t?.close());

    it('a round sweeps (at most once a minute), fans out, then sends what those steps queued', async () => {
      let sweeps = 0;
      const worker = startJobWorker(t.ctx, settings, {
        sweep: async (ctx) => {
          sweeps++;
          await addEmail(ctx, `sweep${sweeps}@example.test`);
          return 1;
        },
        fanOut: async (ctx) => {
          await addEmail(ctx, 'fanout@example.test');
          return 1;
        },
      }, mailer, { loop: false });
      assert.deepEqual(await worker.runOnce(), { swept: 1, fannedOut: 1, deliveries: 0, emails: 2, errors: 0 });
      assert.deepEqual(await worker.runOnce(), { swept: null, fannedOut: 1, deliveries: 0, emails: 1, errors: 0 }, 'no sweep within the minute');
      t.clock.set(new Date(t.clock.now().getTime() + 60_000));
      assert.equal((await worker.runOnce()).swept, 1);
      assert.equal(sweeps, 2);
      await worker.stop();
    });

    it('upkeep is offered with each sweep, and its failure stops neither the sweep nor the rest', async () => {
      let upkeeps = 0;
      const logged: Array<{ step?: string }> = [];
      const worker = startJobWorker(t.ctx, settings, {
        sweep: async () => 0,
        upkeep: async () => {
          upkeeps++;
          throw new Error('statistics broke');
        },
      }, mailer, { logger: { error: (o) => logged.push(o as { step?: string }) }, loop: false });
      const first = await worker.runOnce();
      assert.deepEqual([first.swept, first.errors], [0, 1]);
      assert.deepEqual(logged.map((l) => l.step), ['upkeep']);
      assert.equal((await worker.runOnce()).swept, null);
      assert.equal(upkeeps, 1, 'not offered between sweeps');
      t.clock.set(new Date(t.clock.now().getTime() + 60_000));
      await worker.runOnce();
      assert.equal(upkeeps, 2);
      await worker.stop();
    });

    it('a failing step is logged and the other steps still run', async () => {
      const logged: Array<{ step?: string; err?: unknown }> = [];
      const logger: JobLogger = { error: (object) => logged.push(object as { step: string; err: unknown }) };
      const id = await addEmail(t.ctx, 'after-failure@example.test');
      const worker = startJobWorker(t.ctx, settings, { fanOut: async () => { throw new Error('fan-out broke'); } }, mailer, { logger, loop: false });
      const counts = await worker.runOnce();
      assert.equal(counts.errors, 1);
      assert.equal(counts.emails, 1);
      assert.equal(await statusOf(t.ctx, id), 'caught');
      assert.equal(logged.length, 1);
      assert.equal(logged[0]!.step, 'fanOut');
      assert.match((logged[0]!.err as Error).message, /fan-out broke/);
      await worker.stop();
    });

    it('the timer loop keeps running through errors and stop() waits for the round in progress', async () => {
      let fanOuts = 0;
      let block: Promise<void> | null = null;
      let unblock: () => void = () => {};
      const logged: unknown[] = [];
      const worker = startJobWorker(t.ctx, settings, {
        fanOut: async () => {
          fanOuts++;
          if (block) await block;
          if (fanOuts % 2) throw new Error('every other round fails');
          return 0;
        },
      }, mailer, { logger: { error: (o) => logged.push(o) } });
      const id = await addEmail(t.ctx, 'loop@example.test');
      await until(async () => (await statusOf(t.ctx, id)) === 'caught');
      await until(() => fanOuts >= 4);
      assert.ok(logged.length >= 2, 'failures were logged, and the loop went on');

      block = new Promise<void>((resolve) => (unblock = resolve));
      const blockedAt = fanOuts;
      await until(() => fanOuts > blockedAt); // a round is now waiting inside fanOut
      let stopped = false;
      const stopping = worker.stop().then(() => (stopped = true));
      await new Promise((r) => setTimeout(r, 60));
      assert.equal(stopped, false, 'stop() waits for the round in progress');
      unblock();
      await stopping;
      const after = fanOuts;
      await new Promise((r) => setTimeout(r, 80));
      assert.equal(fanOuts, after, 'no round after stop()');
    });
  });
}
