/**
 * Soak run: a bounded, mixed load on one `hoshi serve` process over loopback for minutes, to see
 * what short benchmarks cannot: errors that appear only after a while, and memory that only
 * grows. Reads (list, search, label JSON, label page, checkpoint) and writes (products taken
 * through to an issued label, then suspended and reinstated) run side by side on the demo
 * registry. Prints request and error counts per kind and the server's RSS sampled over time.
 *
 *   npx tsx bench/soak.bench.ts [--db sqlite|postgres] [--duration 180] [--clients 16] [--write-share 0.2]
 *
 * Not part of the test suite; docs/benchmarks.md records a run.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { bootstrap } from '../src/bootstrap.ts';
import { SYSTEM_ACTOR, type AppContext } from '../src/app/context.ts';
import { createApiToken } from '../src/app/users/credentials.ts';
import { createUser } from '../src/app/users/create-user.ts';
import { createVendor } from '../src/app/vendors/create-vendor.ts';
import { demoChecklist } from '../src/demo/demo-checklist.ts';
import { seedDemo } from '../src/demo/seed-demo.ts';
import { freePort } from '../test/helpers/ports.ts';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'sqlite' },
    duration: { type: 'string', default: '180' },
    clients: { type: 'string', default: '16' },
    'write-share': { type: 'string', default: '0.2' },
    'sample-ms': { type: 'string', default: '1000' },
  },
});
const DURATION_MS = Number(args.duration) * 1000;
const CLIENTS = Number(args.clients);
const WRITE_SHARE = Number(args['write-share']);
const ROOT = path.resolve(import.meta.dirname, '..');
const CATALOG_DIR = path.join(ROOT, 'catalog');

/** A fresh database with the demo registry, a vendor and a reviewer with API tokens. */
async function prepare(dir: string): Promise<{ url: string; keys: string; vendor: string; reviewer: string; ctx: Pick<AppContext, 'catalog'>; drop: () => Promise<void> }> {
  const admin = process.env.HOSHI_TEST_PG_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  let url = path.join(dir, 'soak.sqlite');
  let drop = async () => {};
  if (args.db === 'postgres') {
    const name = `hoshi_soak_${process.pid}`;
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(`CREATE DATABASE ${name}`);
    await client.end();
    const u = new URL(admin);
    u.pathname = `/${name}`;
    url = u.toString();
    drop = async () => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  }
  const keys = path.join(dir, 'keys');
  const runtime = await bootstrap({ databaseUrl: url, catalogDir: CATALOG_DIR, publicBaseUrl: 'https://registry.example.jp', signingKeyDir: keys, logOrigin: 'registry.example.jp/log' });
  try {
    await seedDemo(runtime.ctx);
    const v = await createVendor(runtime.ctx, SYSTEM_ACTOR, { nameJa: '耐久試験', nameEn: 'Soak K.K.', address: '東京都', country: 'JP', corporateNumber: '7000012050002' });
    const vu = await createUser(runtime.ctx, SYSTEM_ACTOR, { email: 'v@soak.example', displayName: 'v', password: 'soak password 1', role: 'vendor_admin', vendorId: v.id });
    const ru = await createUser(runtime.ctx, SYSTEM_ACTOR, { email: 'r@soak.example', displayName: 'r', password: 'soak password 1', role: 'reviewer' });
    const token = async (userId: string) => `Bearer ${(await createApiToken(runtime.ctx, SYSTEM_ACTOR, { userId, name: 'soak' })).token}`;
    return { url, keys, vendor: await token(vu.id), reviewer: await token(ru.id), ctx: { catalog: runtime.ctx.catalog }, drop };
  } finally {
    await runtime.close();
  }
}

function rssMiB(pid: number): number | undefined {
  try {
    const kib = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kib ? Math.round(Number(kib) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoshi-soak-'));
const setup = await prepare(dir);
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'hoshi.js'), 'serve'], {
  cwd: ROOT,
  env: { ...process.env, DATABASE_URL: setup.url, SIGNING_KEY_DIR: setup.keys, PORT: String(port), PUBLIC_BASE_URL: 'https://registry.example.jp', LOG_LEVEL: 'warn', WORKERS: '1' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
await new Promise<void>((resolve, reject) => {
  child.stdout!.on('data', (c: Buffer) => c.toString().includes('hoshi registry on') && resolve());
  child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
});

const counts = new Map<string, { ok: number; errors: number; ms: number[] }>();
const errorSamples: string[] = [];
const rns: string[] = [];
const vendor = { authorization: setup.vendor };
const reviewer = { authorization: setup.reviewer };

async function call(kind: string, method: string, url: string, auth: object = {}, body?: unknown): Promise<any> {
  const entry = counts.get(kind) ?? { ok: 0, errors: 0, ms: [] };
  counts.set(kind, entry);
  const started = performance.now();
  try {
    const res = await fetch(`${base}${url}`, { method, headers: { ...auth, ...(body !== undefined && { 'content-type': 'application/json' }) }, ...(body !== undefined && { body: JSON.stringify(body) }) });
    const text = await res.text();
    entry.ms.push(performance.now() - started);
    if (res.status >= 400) throw new Error(`${res.status} ${text.slice(0, 200)}`);
    entry.ok++;
    return res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
  } catch (error) {
    entry.errors++;
    if (errorSamples.length < 10) errorSamples.push(`${kind} ${method} ${url}: ${(error as Error).message}`);
    throw error;
  }
}

let serial = 0;
async function writeOnce(): Promise<void> {
  const n = serial++;
  const product = await call('write: product', 'POST', '/api/v1/products', vendor, {
    nameJa: `耐久ルーター${n}`, nameEn: `Soak router ${n}`, category: 'router', supportEndsOn: '2030-03-31',
    vulnerabilityContact: 'https://soak.example/psirt', modelNumbers: [`SOAK-${n}`, `SOAK-${n}-W`],
  });
  const app = await call('write: application', 'POST', '/api/v1/applications', vendor, { productId: product.id, level: 1 });
  await call('write: checklist', 'PATCH', `/api/v1/applications/${app.id}`, vendor, { checklist: demoChecklist(setup.ctx as AppContext, app.criteria) });
  await call('write: transition', 'POST', `/api/v1/applications/${app.id}/submit`, vendor);
  await call('write: transition', 'POST', `/api/v1/applications/${app.id}/accept`, reviewer, {});
  await call('write: transition', 'POST', `/api/v1/applications/${app.id}/payment`, reviewer, { reference: `SOAK-${n}` });
  const issued = await call('write: issue', 'POST', `/api/v1/applications/${app.id}/issue`, reviewer, {});
  await call('write: suspend/reinstate', 'POST', `/api/v1/labels/${issued.registrationNumber}/suspend`, reviewer, { reason: 'soak' });
  await call('write: suspend/reinstate', 'POST', `/api/v1/labels/${issued.registrationNumber}/reinstate`, reviewer, { reason: 'soak' });
  rns.push(issued.registrationNumber);
}

const SEARCHES = ['router', 'ルーター', 'カメ', 'soak-1', 'js1', 'demo', 'x'];
async function readOnce(): Promise<void> {
  const pick = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)]!;
  const r = Math.random();
  if (r < 0.25) await call('read: list', 'GET', `/api/v1/labels?limit=20&sort=${pick(['newest', 'expiring', 'registration'])}`);
  else if (r < 0.5) await call('read: search', 'GET', `/api/v1/labels?q=${encodeURIComponent(pick(SEARCHES))}`);
  else if (r < 0.75 && rns.length) await call('read: label JSON', 'GET', `/api/v1/labels/${pick(rns)}`);
  else if (r < 0.9 && rns.length) await call('read: label page', 'GET', `/labels/${pick(rns)}`);
  else await call('read: checkpoint', 'GET', '/api/v1/log/checkpoint');
}

const first = await call('read: list', 'GET', '/api/v1/labels?limit=100');
rns.push(...first.items.map((i: { registrationNumber: string }) => i.registrationNumber));
const rss: Array<{ s: number; mib: number }> = [];
const started = Date.now();
const sampler = setInterval(() => {
  const mib = rssMiB(child.pid!);
  if (mib !== undefined) rss.push({ s: Math.round((Date.now() - started) / 1000), mib });
}, Number(args['sample-ms']));
const deadline = started + DURATION_MS;
await Promise.all(
  Array.from({ length: CLIENTS }, async () => {
    while (Date.now() < deadline) await (Math.random() < WRITE_SHARE ? writeOnce() : readOnce()).catch(() => undefined);
  }),
);
clearInterval(sampler);
child.kill('SIGTERM');
await new Promise((r) => child.once('exit', r));
await setup.drop();
fs.rmSync(dir, { recursive: true, force: true });

const seconds = (Date.now() - started) / 1000;
const pct = (ms: number[], p: number) => (ms.length ? [...ms].sort((a, b) => a - b)[Math.min(ms.length - 1, Math.floor(ms.length * p))]!.toFixed(1) : '-');
console.log(`\nsoak: ${args.db}, ${seconds.toFixed(0)} s, ${CLIENTS} clients, write share ${WRITE_SHARE}, ${os.cpus().length} cores, Node ${process.version}\n`);
console.log('| kind | requests | errors | p50 ms | p99 ms |\n|---|---|---|---|---|');
let total = 0;
let errors = 0;
for (const [kind, c] of [...counts].sort()) {
  total += c.ok + c.errors;
  errors += c.errors;
  console.log(`| ${kind} | ${c.ok + c.errors} | ${c.errors} | ${pct(c.ms, 0.5)} | ${pct(c.ms, 0.99)} |`);
}
console.log(`| **all** | **${total}** (${(total / seconds).toFixed(0)}/s) | **${errors}** | | |`);
const at = (fraction: number) => rss[Math.min(rss.length - 1, Math.floor(rss.length * fraction))]?.mib;
const mibs = rss.map((r) => r.mib);
console.log(`\nserver RSS (MiB, ${rss.length} samples): start ${at(0)}, 25 % ${at(0.25)}, 50 % ${at(0.5)}, 75 % ${at(0.75)}, end ${at(1)}; min ${Math.min(...mibs)}, max ${Math.max(...mibs)}`);
console.log(`labels issued during the run: ${serial} started, ${rns.length - first.items.length} completed`);
if (errorSamples.length) console.log(`\nfirst errors:\n${errorSamples.map((e) => `  ${e}`).join('\n')}`);
process.exit(errors > 0 ? 1 : 0);
