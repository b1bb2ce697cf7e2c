/**
 * Transparency-log benchmark: 1M appends + a checkpoint on SQLite, inclusion-proof latency at
 * 1M leaves through the HTTP stack, and offline verification of a 100k-label snapshot.
 * Run: npx tsx bench/transparency.bench.ts [leaves=1000000] [labels=100000]
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CompactSign } from 'jose';
import { bootstrap } from '../src/bootstrap.ts';
import { SYSTEM_ACTOR } from '../src/app/context.ts';
import { createVendor } from '../src/app/vendors/create-vendor.ts';
import { createProduct } from '../src/app/products/create-product.ts';
import { appendLeaves } from '../src/app/transparency/log-store.ts';
import { currentCheckpoint } from '../src/app/transparency/checkpoints.ts';
import { canonicalJson } from '../src/app/transparency/log-leaf.ts';
import { publicJwk } from '../src/store/signing-keys.ts';
import { formatCheckpoint, signNote, verifierKey } from '../src/transparency/index.ts';
import { trustedKeysFromJwks } from '../src/verify/keys.ts';
import { verifySnapshot } from '../src/verify/verify-snapshot.ts';
import { buildServer } from '../src/web/server.ts';

const LEAVES = Number(process.argv[2] ?? 1_000_000);
const LABELS = Number(process.argv[3] ?? 100_000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoshi-bench-tl-'));
const seconds = (start: number) => ((performance.now() - start) / 1000).toFixed(2);

const runtime = await bootstrap({
  databaseUrl: path.join(dir, 'bench.sqlite'),
  catalogDir: path.resolve(import.meta.dirname, '../catalog'),
  publicBaseUrl: 'https://registry.example.jp',
  signingKeyDir: path.join(dir, 'keys'),
  logOrigin: 'registry.example.jp/log',
});
const { ctx } = runtime;
const vendor = await createVendor(ctx, SYSTEM_ACTOR, { nameJa: 'ベンチ', nameEn: 'Bench', address: 'x', country: 'JP', corporateNumber: '7000012050002' });
const product = await createProduct(ctx, SYSTEM_ACTOR, { vendorId: vendor.id, nameJa: 'ベンチ', nameEn: 'Bench', category: 'router', modelNumbers: ['B-1'] });
// Log entries reference a label row; one synthetic label carries them all.
const labelId = ctx.newId();
await ctx.db.insertInto('applications').values({ id: labelId, application_number: 'APP-BENCH', vendor_id: vendor.id, product_id: product.id, level: 1, route: 'standard', renews_label_id: null, criteria_id: 'JST-CR-01-01-2024R1', status: 'issued', acceptance_number: null, fee_jpy: null, fee_paid_at: null, payment_reference: null, label_id: null, created_by: (await ctx.db.insertInto('users').values({ id: ctx.newId(), email: 'b@x.jp', display_name: 'b', password_hash: 'x', role: 'reviewer', vendor_id: null, created_at: '2026-01-01T00:00:00.000Z', disabled_at: null }).returning('id').executeTakeFirstOrThrow()).id, created_at: '2026-01-01T00:00:00.000Z', updated_at: '2026-01-01T00:00:00.000Z', submitted_at: null, version: 1 }).execute();
await ctx.db.insertInto('labels').values({ id: labelId, registration_number: 'JS1-2026-999999-0', vendor_id: vendor.id, product_id: product.id, application_id: labelId, level: 1, criteria_id: 'JST-CR-01-01-2024R1', issued_at: '2026-01-01T00:00:00.000Z', expires_at: '2028-01-01T00:00:00.000Z', base_status: 'valid', version: 1, updated_at: '2026-01-01T00:00:00.000Z' }).execute();

const leafFor = (i: number) =>
  canonicalJson({ v: 1, type: 'label.issued', at: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(), registrationNumber: `JS1-2026-${String(i).padStart(6, '0')}-0`, level: 1, status: 'valid', issuedAt: '2026-01-01T00:00:00.000Z', expiresAt: '2028-01-01T00:00:00.000Z', criteria: 'JST-CR-01-01-2024R1', supportEndsOn: '2030-03-31', recordSha256: crypto.createHash('sha256').update(String(i)).digest('hex') });

let start = performance.now();
const BATCH = 10_000;
for (let i = 0; i < LEAVES; i += BATCH) {
  const batch = Array.from({ length: Math.min(BATCH, LEAVES - i) }, (_, k) => ({ labelId, type: 'label.issued', at: '2026-01-01T00:00:00.000Z', leaf: leafFor(i + k) }));
  await ctx.db.transaction().execute((trx) => appendLeaves(trx, batch));
}
const appendSeconds = seconds(start);
start = performance.now();
const checkpoint = await currentCheckpoint(ctx);
const checkpointMs = (performance.now() - start).toFixed(1);
console.log(`append ${LEAVES} leaves (batches of ${BATCH}): ${appendSeconds} s; checkpoint: ${checkpointMs} ms; size ${checkpoint.size}`);

const app = await buildServer(ctx, { publicBaseUrl: 'https://registry.example.jp', maxBodyBytes: 1 << 20, sessionIdleMinutes: 30, sessionAbsoluteHours: 12, trustProxy: false, logLevel: 'silent' });
await app.ready();
const times: number[] = [];
for (let i = 0; i < 2000; i++) {
  const index = Math.floor(Math.random() * LEAVES);
  const t0 = performance.now();
  const res = await app.inject({ method: 'GET', url: `/api/v1/log/proof/inclusion?index=${index}` });
  times.push(performance.now() - t0);
  if (res.statusCode !== 200) throw new Error(res.body);
}
times.sort((a, b) => a - b);
console.log(`inclusion proof at ${LEAVES} leaves via HTTP (in-process inject, 2000 requests): p50 ${times[1000]!.toFixed(2)} ms, p99 ${times[1980]!.toFixed(2)} ms`);
await app.close();

// A 100k-label snapshot signed like the registry's, verified offline.
const key = ctx.keys.current();
const labels = Array.from({ length: LABELS }, (_, i) => ({
  registrationNumber: `JS1-2026-${String(i).padStart(6, '0')}-0`, level: 1, status: 'valid', issuedAt: '2026-01-01T00:00:00.000Z', expiresAt: '2028-01-01T00:00:00.000Z',
  criteria: 'JST-CR-01-01-2024R1', vendor: { name: { ja: 'ベンチ', en: 'Bench' }, country: 'JP', corporateNumber: null },
  product: { name: { ja: '製品', en: 'Product' }, category: 'router', modelNumbers: Array.from({ length: 10 }, (_, k) => `M-${i}-${k}`), supportEndsOn: '2030-03-31' },
  history: [{ event: 'issued', at: '2026-01-01T00:00:00.000Z', reason: null, expiresAt: '2028-01-01T00:00:00.000Z' }], url: `https://registry.example.jp/labels/${i}`,
}));
const note = signNote(formatCheckpoint({ origin: 'registry.example.jp/log', size: checkpoint.size, rootHash: new Uint8Array(Buffer.from(checkpoint.rootHash, 'base64')) }), [{ name: 'registry.example.jp/log', privateKey: key.privateKey }]);
const payload = { iss: 'https://registry.example.jp', serial: checkpoint.size, issuedAt: '2026-06-01T00:00:00.000Z', nextUpdate: '2026-06-02T00:00:00.000Z', logOrigin: 'registry.example.jp/log', checkpoint: note, labels };
const jws = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader({ alg: 'EdDSA', kid: key.kid }).sign(key.privateKey);
const keys = trustedKeysFromJwks(JSON.stringify({ keys: [{ ...publicJwk(key.publicKey), kid: key.kid, alg: 'EdDSA', noteVerifierKey: verifierKey('registry.example.jp/log', key.publicKey) }] }));
start = performance.now();
const result = await verifySnapshot(jws, keys);
console.log(`verify a ${LABELS}-label snapshot (${(jws.length / 1e6).toFixed(1)} MB JWS): ${seconds(start)} s, ok=${result.ok}`);

await runtime.close();
fs.rmSync(dir, { recursive: true, force: true });
