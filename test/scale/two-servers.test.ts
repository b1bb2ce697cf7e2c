/**
 * Two `hoshi serve` processes on one PostgreSQL database, driven at once: concurrent issuance,
 * renewal and revocation through both. Registration numbers stay unique and gap-free, no update
 * is lost, every audit event exists exactly once, and the transparency log still verifies.
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
import { exportTiles } from '../../src/app/transparency/export-tiles.ts';
import { demoChecklist } from '../../src/demo/demo-checklist.ts';
import { parseRegistrationNumber } from '../../src/domain/registration-number.ts';
import { trustedKeysFromJwks } from '../../src/verify/keys.ts';
import { directoryTileSource, verifyTiles } from '../../src/verify/verify-tiles.ts';
import { postgres, type TestDatabase } from '../helpers/databases.ts';
import { CATALOG_DIR } from '../helpers/app.ts';
import { PRODUCT } from '../helpers/fixtures.ts';
import { freePort } from '../helpers/ports.ts';

const BIN = path.resolve(import.meta.dirname, '../../bin/hoshi.js');
const LABELS = 16;


describe('postgres: two server processes on one database', { skip: postgres.skip }, () => {
  let database: TestDatabase;
  let runtime: Runtime;
  let keyDir: string;
  const servers: ChildProcess[] = [];
  const bases: string[] = [];
  let vendor: { authorization: string };
  let reviewer: { authorization: string };

  before(async () => {
    database = await postgres.create();
    keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoshi-2srv-'));
    const config = { databaseUrl: database.url, catalogDir: CATALOG_DIR, publicBaseUrl: 'https://registry.test', signingKeyDir: keyDir, logOrigin: 'registry.test/log' };
    runtime = await bootstrap(config);
    const v = await createVendor(runtime.ctx, SYSTEM_ACTOR, { nameJa: '並行', nameEn: 'Parallel K.K.', address: '東京都', country: 'JP', corporateNumber: '7000012050002' });
    const vu = await createUser(runtime.ctx, SYSTEM_ACTOR, { email: 'v@p.test', displayName: 'v', password: 'a long password 1', role: 'vendor_admin', vendorId: v.id });
    const ru = await createUser(runtime.ctx, SYSTEM_ACTOR, { email: 'r@p.test', displayName: 'r', password: 'a long password 1', role: 'reviewer' });
    vendor = { authorization: `Bearer ${(await createApiToken(runtime.ctx, SYSTEM_ACTOR, { userId: vu.id, name: 't' })).token}` };
    reviewer = { authorization: `Bearer ${(await createApiToken(runtime.ctx, SYSTEM_ACTOR, { userId: ru.id, name: 't' })).token}` };
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      const child = spawn(process.execPath, [BIN, 'serve'], {
        env: { ...process.env, DATABASE_URL: database.url, SIGNING_KEY_DIR: keyDir, PORT: String(port), PUBLIC_BASE_URL: 'https://registry.test', LOG_ORIGIN: 'registry.test/log', LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      servers.push(child);
      bases.push(`http://127.0.0.1:${port}`);
      await new Promise<void>((resolve, reject) => {
        child.stdout!.on('data', (c: Buffer) => c.toString().includes('hoshi registry on') && resolve());
        child.on('exit', (code) => reject(new Error(`server exited ${code}`)));
      });
    }
  });

  after(async () => {
    for (const s of servers) s.kill('SIGTERM');
    await Promise.all(servers.map((s) => new Promise((r) => (s.exitCode !== null ? r(null) : s.on('exit', r)))));
    await runtime?.close();
    await database?.drop();
    fs.rmSync(keyDir, { recursive: true, force: true });
  });

  const call = async (i: number, method: string, url: string, auth: object, body?: unknown) => {
    const res = await fetch(`${bases[i % 2]}${url}`, { method, headers: { ...auth, ...(body !== undefined && { 'content-type': 'application/json' }) }, ...(body !== undefined && { body: JSON.stringify(body) }) });
    return { status: res.status, json: (await res.json()) as Record<string, any> };
  };

  /** Takes an application to fee_paid through alternating servers. */
  async function paidApplication(i: number, create: object): Promise<string> {
    const app = await call(i, 'POST', '/api/v1/applications', vendor, create);
    assert.equal(app.status, 201, JSON.stringify(app.json));
    await call(i + 1, 'PATCH', `/api/v1/applications/${app.json.id}`, vendor, { checklist: demoChecklist(runtime.ctx, app.json.criteria) });
    assert.equal((await call(i, 'POST', `/api/v1/applications/${app.json.id}/submit`, vendor)).status, 200);
    assert.equal((await call(i + 1, 'POST', `/api/v1/applications/${app.json.id}/accept`, reviewer, {})).status, 200);
    assert.equal((await call(i, 'POST', `/api/v1/applications/${app.json.id}/payment`, reviewer, { reference: `P-${i}` })).status, 200);
    return app.json.id;
  }

  it('issues, renews and revokes concurrently without duplicates, gaps or lost updates', async () => {
    const products = await Promise.all(
      Array.from({ length: LABELS }, (_, i) => call(i, 'POST', '/api/v1/products', vendor, { ...PRODUCT, modelNumbers: [`P2-${i}`] })),
    );
    const apps = await Promise.all(products.map((p, i) => paidApplication(i, { productId: p.json.id, level: 1 })));
    // Short validity so that the renewal window (90 days before expiry) is open at once.
    const validUntil = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const issued = await Promise.all(apps.map((id, i) => call(i, 'POST', `/api/v1/applications/${id}/issue`, reviewer, { validUntil })));
    const rns = issued.map((r) => {
      assert.equal(r.status, 200, JSON.stringify(r.json));
      return r.json.registrationNumber as string;
    });
    const serials = rns.map((rn) => parseRegistrationNumber(rn)!.serial).sort((a, b) => a - b);
    assert.deepEqual(serials, Array.from({ length: LABELS }, (_, i) => i + 1), 'unique and gap-free');
    // Both servers now hold every label in their public caches.
    for (const rn of rns) for (const server of [0, 1]) assert.equal((await call(server, 'GET', `/api/v1/labels/${rn}`, {})).json.status, 'valid');

    // Renew the first half and, at the same time, revoke the second half from both servers at once.
    const half = LABELS / 2;
    const [renewals, revocations] = await Promise.all([
      Promise.all(rns.slice(0, half).map(async (rn, i) => {
        const id = await paidApplication(i, { level: 1, route: 'renewal', renewsRegistrationNumber: rn });
        return call(i + 1, 'POST', `/api/v1/applications/${id}/issue`, reviewer, {});
      })),
      Promise.all(rns.slice(half).flatMap((rn, i) => [0, 1].map((server) => call(i + server, 'POST', `/api/v1/labels/${rn}/revoke`, reviewer, { reason: `race ${server}` })))),
    ]);
    for (const r of renewals) assert.equal(r.status, 200, JSON.stringify(r.json));
    const wins = revocations.filter((r) => r.status === 200).length;
    assert.equal(wins, half, 'exactly one revocation per label wins');
    for (const r of revocations) if (r.status !== 200) assert.equal(r.json.code, 'LABEL_STATE_CONFLICT');

    // Each server shows every change, whichever server made it: its cached copy was invalidated
    // (PostgreSQL: by the public-version notification, which may take a moment to arrive).
    for (const [i, rn] of rns.entries()) {
      for (const server of [0, 1]) {
        const expected = i < half ? ['issued', 'renewed'] : ['issued', 'revoked'];
        let label = (await call(server, 'GET', `/api/v1/labels/${rn}`, {})).json;
        for (let waited = 0; waited < 2_000 && label.history.length < 2; waited += 20) {
          await new Promise((resolve) => setTimeout(resolve, 20));
          label = (await call(server, 'GET', `/api/v1/labels/${rn}`, {})).json;
        }
        assert.deepEqual(label.history.map((h: { event: string }) => h.event), expected, `${rn} on server ${server}`);
        assert.equal(label.status, i < half ? 'valid' : 'revoked');
      }
    }

    const db = runtime.ctx.db;
    const audit = await db.selectFrom('audit_events').select(['action', 'entity_id']).where('action', 'like', 'label.%').execute();
    const count = (action: string) => audit.filter((a) => a.action === action).length;
    assert.equal(count('label.issued'), LABELS);
    assert.equal(count('label.renewed'), half);
    assert.equal(count('label.revoked'), half);
    assert.equal(new Set(audit.map((a) => `${a.action}:${a.entity_id}`)).size, audit.length, 'no audit event twice');

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoshi-2srv-tiles-'));
    try {
      await exportTiles(runtime.ctx, dir);
      const keys = trustedKeysFromJwks(JSON.stringify((await call(0, 'GET', '/.well-known/jwks.json', {})).json));
      const result = verifyTiles(directoryTileSource(dir), keys.notes);
      assert.equal(result.ok, true, result.problems.join('; '));
      assert.equal(result.checkpoint!.size, LABELS * 2, 'one leaf per issue, renewal and revocation');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
