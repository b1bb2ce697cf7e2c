/**
 * Crash safety, on SQLite and PostgreSQL: a real `hoshi serve` process takes concurrent writes
 * over HTTP (applications through to issue, label suspensions and reinstatements) and is killed
 * with SIGKILL at random moments, then restarted. Afterwards every write the client saw
 * acknowledged is there with its audit event; nothing is half-written (each application's status
 * is its last event, each label's history, audit trail and log leaves agree, public numbers have
 * no gaps); and the transparency log verifies and extends every checkpoint a client was served.
 * CRASH_SEED repeats the kill delays of a run (its seed is in the test name); CRASH_KILLS sets how
 * many kills (default 3).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { bootstrap } from '../../src/bootstrap.ts';
import { SYSTEM_ACTOR, type AppContext } from '../../src/app/context.ts';
import { createApiToken } from '../../src/app/users/credentials.ts';
import { createUser } from '../../src/app/users/create-user.ts';
import { createVendor } from '../../src/app/vendors/create-vendor.ts';
import { loadCatalog } from '../../src/catalog/load-catalog.ts';
import { demoChecklist } from '../../src/demo/demo-checklist.ts';
import { DIALECTS, type TestDatabase } from '../helpers/databases.ts';
import { CATALOG_DIR } from '../helpers/app.ts';
import { PRODUCT } from '../helpers/fixtures.ts';
import { checkCrashInvariants, type Ack } from './crash-invariants.ts';
import { freePort } from '../helpers/ports.ts';
import { ServerProcess } from './server-process.ts';

const KILLS = Number(process.env.CRASH_KILLS || 3);
const WRITERS = 6;
const SEED = Number(process.env.CRASH_SEED || Date.now() % 1_000_000);

/** mulberry32: kill timings reproducible from CRASH_SEED. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Unacknowledged extends Error {}

const catalog = loadCatalog(CATALOG_DIR);
const checklist = (criteria: string) => demoChecklist({ catalog } as AppContext, criteria);

for (const dialect of DIALECTS) {
  describe(`${dialect.name}: SIGKILL during concurrent writes`, { skip: dialect.skip }, () => {
    let database: TestDatabase;
    let dir: string;
    let config: Parameters<typeof bootstrap>[0];
    let server: ServerProcess;
    let vendor: Record<string, string>;
    let reviewer: Record<string, string>;

    before(async () => {
      database = await dialect.create();
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoshi-crash-'));
      config = { databaseUrl: database.url, catalogDir: CATALOG_DIR, publicBaseUrl: 'https://registry.test', signingKeyDir: path.join(dir, 'keys'), logOrigin: 'registry.test/log' };
      const runtime = await bootstrap(config);
      try {
        const v = await createVendor(runtime.ctx, SYSTEM_ACTOR, { nameJa: '耐障害', nameEn: 'Crash K.K.', address: '東京都', country: 'JP', corporateNumber: '7000012050002' });
        const vu = await createUser(runtime.ctx, SYSTEM_ACTOR, { email: 'v@crash.test', displayName: 'v', password: 'a long password 1', role: 'vendor_admin', vendorId: v.id });
        const ru = await createUser(runtime.ctx, SYSTEM_ACTOR, { email: 'r@crash.test', displayName: 'r', password: 'a long password 1', role: 'reviewer' });
        vendor = { authorization: `Bearer ${(await createApiToken(runtime.ctx, SYSTEM_ACTOR, { userId: vu.id, name: 't' })).token}` };
        reviewer = { authorization: `Bearer ${(await createApiToken(runtime.ctx, SYSTEM_ACTOR, { userId: ru.id, name: 't' })).token}` };
      } finally {
        await runtime.close();
      }
      server = new ServerProcess(await freePort(), {
        DATABASE_URL: database.url, SIGNING_KEY_DIR: config.signingKeyDir, PUBLIC_BASE_URL: config.publicBaseUrl, LOG_ORIGIN: config.logOrigin, WORKERS: '1',
      });
    });
    after(async () => {
      await server?.kill();
      await database?.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it(`keeps every acknowledged write, whole, across ${KILLS} kills (seed ${SEED})`, async (t) => {
      const random = prng(SEED + (dialect.name === 'postgres' ? 1 : 0));
      const acks: Ack[] = [];
      const checkpoints: string[] = [];
      const unexpected: string[] = [];
      let cutOff = 0;
      let stopping = false;
      let gate: Promise<void> = server.start();

      /** One request; a network failure (killed server) leaves its outcome unknown. */
      const call = async (method: string, url: string, auth: object, body?: unknown): Promise<any> => {
        let res: Response;
        try {
          res = await fetch(`${server.base}${url}`, { method, headers: { ...auth, ...(body !== undefined && { 'content-type': 'application/json' }) }, ...(body !== undefined && { body: JSON.stringify(body) }) });
        } catch {
          cutOff++;
          throw new Unacknowledged();
        }
        const text = await res.text().catch(() => {
          throw new Unacknowledged();
        });
        if (res.status >= 300) {
          unexpected.push(`${method} ${url} → ${res.status} ${text.slice(0, 300)}`);
          throw new Unacknowledged();
        }
        return url.endsWith('/checkpoint') ? text : JSON.parse(text);
      };

      /** A product taken through to an issued label, then suspended and reinstated; every 2xx is recorded. */
      async function flow(w: number, n: number): Promise<void> {
        const product = await call('POST', '/api/v1/products', vendor, { ...PRODUCT, modelNumbers: [`CR-${w}-${n}`] });
        acks.push({ action: 'product.created', entity: product.id });
        const app = await call('POST', '/api/v1/applications', vendor, { productId: product.id, level: 1 });
        acks.push({ action: 'application.created', entity: app.id });
        await call('PATCH', `/api/v1/applications/${app.id}`, vendor, { checklist: checklist(app.criteria) });
        acks.push({ action: 'application.updated', entity: app.id });
        for (const [step, auth, body, action] of [
          ['submit', vendor, undefined, 'application.submitted'],
          ['accept', reviewer, {}, 'application.accepted'],
          ['payment', reviewer, { reference: `P-${w}-${n}` }, 'application.fee_paid'],
        ] as const) {
          await call('POST', `/api/v1/applications/${app.id}/${step}`, auth, body);
          acks.push({ action, entity: app.id });
        }
        const issued = await call('POST', `/api/v1/applications/${app.id}/issue`, reviewer, {});
        acks.push({ action: 'application.issued', entity: app.id }, { action: 'label.issued', registrationNumber: issued.registrationNumber });
        for (let i = 0; i < 2; i++) {
          for (const action of ['suspend', 'reinstate'] as const) {
            await call('POST', `/api/v1/labels/${issued.registrationNumber}/${action}`, reviewer, { reason: `${action} ${i}` });
            acks.push({ action: `label.${action === 'suspend' ? 'suspended' : 'reinstated'}`, registrationNumber: issued.registrationNumber });
          }
        }
      }

      const writer = async (w: number) => {
        for (let n = 0; !stopping; n++) {
          await gate;
          try {
            await flow(w, n);
          } catch (error) {
            if (!(error instanceof Unacknowledged)) throw error;
            await new Promise((r) => setTimeout(r, 20));
          }
        }
      };
      const reader = async () => {
        while (!stopping) {
          await gate;
          try {
            checkpoints.push(await call('GET', '/api/v1/log/checkpoint', {}));
            const page = await call('GET', '/api/v1/labels?limit=5', {});
            for (const item of page.items) await call('GET', `/api/v1/labels/${item.registrationNumber}`, {});
          } catch (error) {
            if (!(error instanceof Unacknowledged)) throw error;
          }
          await new Promise((r) => setTimeout(r, 30));
        }
      };

      await gate;
      const workers = [...Array.from({ length: WRITERS }, (_, w) => writer(w)), reader()];
      for (let k = 0; k < KILLS; k++) {
        await new Promise((r) => setTimeout(r, 300 + random() * 1500));
        let open!: () => void;
        gate = new Promise<void>((r) => (open = r));
        await server.kill('SIGKILL');
        await server.start();
        open();
      }
      await new Promise((r) => setTimeout(r, 500));
      stopping = true;
      await Promise.all(workers);
      await server.kill('SIGKILL');
      await server.start(); // recovers from the last kill too

      assert.deepEqual(unexpected, [], 'no request failed other than by the kills');
      const issuedCount = acks.filter((a) => a.action === 'label.issued').length;
      assert.ok(issuedCount >= WRITERS, `enough work was acknowledged (${acks.length} writes, ${issuedCount} labels)`);
      assert.ok(cutOff > 0, 'some requests were cut off by a kill');
      t.diagnostic(`${acks.length} acknowledged writes, ${issuedCount} labels, ${cutOff} requests cut off, ${new Set(checkpoints).size} checkpoints served, ${server.starts} starts`);
      const jwks = await (await fetch(`${server.base}/.well-known/jwks.json`)).text();
      const runtime = await bootstrap(config);
      try {
        const tiles = path.join(dir, 'tiles');
        assert.deepEqual(await checkCrashInvariants(runtime.ctx, acks, [...new Set(checkpoints)], jwks, tiles), []);

        // The checks can fail: lose one audit event and one application event, as a write that
        // was not atomic would, and both are reported.
        const db = runtime.ctx.db;
        const suspended = await db.selectFrom('audit_events').select('id').where('action', '=', 'label.suspended').executeTakeFirstOrThrow();
        await db.deleteFrom('audit_events').where('id', '=', suspended.id).execute();
        const accepted = await db.selectFrom('application_events').select('id').where('type', '=', 'accepted').executeTakeFirstOrThrow();
        await db.deleteFrom('application_events').where('id', '=', accepted.id).execute();
        const problems = (await checkCrashInvariants(runtime.ctx, acks, [], jwks, tiles)).join('\n');
        assert.match(problems, /suspended, audited/);
        assert.match(problems, /is (accepted|fee_paid|issued) with events draft,submitted(,fee_paid)?(,issued)?$/m);
      } finally {
        await runtime.close();
      }
    });
  });
}
