/**
 * Registry benchmark: builds (or reuses) a synthetic registry, starts `hoshi serve` as a separate
 * process and measures it with autocannon over loopback, beside a bare node:http baseline that
 * answers the same product-page bytes from memory.
 *
 *   npx tsx bench/registry.bench.ts [--labels 100000] [--models 10] [--db sqlite|postgres|both]
 *                                    [--duration 10] [--connections 32] [--workers 1]
 *                                    [--node-options '--max-old-space-size=256'] [--only product,export]
 *                                    [--settle 0]
 *
 * --node-options is the server's NODE_OPTIONS (docs/operations.md, memory); --only runs the
 * scenarios whose names contain one of the given words; --settle is how many seconds to wait after
 * the server answers before measuring (each server process sweeps expiries once at start, which
 * on a cold database takes seconds of database time).
 *
 * Prints a Markdown table per database; docs/benchmarks.md records the figures.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { freePort } from '../test/helpers/ports.ts';

const { values: args } = parseArgs({
  options: {
    labels: { type: 'string', default: '100000' },
    models: { type: 'string', default: '10' },
    db: { type: 'string', default: 'sqlite' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '32' },
    // One server process: autocannon runs on the same two cores and needs the other one. With two
    // server processes the cores were oversubscribed and the tails grew (docs/benchmarks.md).
    workers: { type: 'string', default: '1' },
    'node-options': { type: 'string', default: '--max-old-space-size=256' },
    only: { type: 'string', default: '' },
    settle: { type: 'string', default: '0' },
  },
});
const LABELS = Number(args.labels);
const MODELS = Number(args.models);
const DURATION = Number(args.duration);
const CONNECTIONS = Number(args.connections);
const ROOT = path.resolve(import.meta.dirname, '..');
const DATA = path.join(ROOT, 'bench', '.data');
const BIN = path.join(ROOT, 'bin', 'hoshi.js');
const PASSWORD = 'benchmark-password-1';
fs.mkdirSync(DATA, { recursive: true });
// The server runs as in production: from the bundle (bin/hoshi.js falls back to tsx without one).
execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.js'), '--if-stale'], { stdio: 'inherit' });

async function prepare(kind: 'sqlite' | 'postgres'): Promise<Record<string, string>> {
  const name = `registry_${LABELS}x${MODELS}`;
  let env: Record<string, string>;
  let fresh: boolean;
  if (kind === 'sqlite') {
    const file = path.join(DATA, `${name}.sqlite`);
    fresh = !fs.existsSync(file);
    env = { DATABASE_URL: file, SIGNING_KEY_DIR: path.join(DATA, `${name}-keys`) };
  } else {
    const admin = process.env.HOSHI_TEST_PG_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    const exists = await client.query('select 1 from pg_database where datname = $1', [`hoshi_bench_${name}`]);
    fresh = exists.rowCount === 0;
    if (fresh) await client.query(`create database hoshi_bench_${name}`);
    await client.end();
    const url = new URL(admin);
    url.pathname = `/hoshi_bench_${name}`;
    env = { DATABASE_URL: url.toString(), SIGNING_KEY_DIR: path.join(DATA, `${name}-pg-keys`) };
  }
  env = { ...env, WORKERS: args.workers!, LOG_LEVEL: 'warn', PUBLIC_BASE_URL: 'https://registry.example.jp', HOSHI_BENCH_PASSWORD: PASSWORD };
  if (fresh) {
    const started = Date.now();
    execFileSync(process.execPath, [BIN, 'seed', '--synthetic', '--labels', String(LABELS), '--models-per-label', String(MODELS)], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
    execFileSync(process.execPath, [BIN, 'users', 'add', '--email', 'bench@bench.example', '--role', 'reviewer', '--password-env', 'HOSHI_BENCH_PASSWORD'], { env: { ...process.env, ...env }, stdio: 'ignore' });
    console.log(`${kind}: built ${LABELS} labels × ${MODELS} model numbers in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  return env;
}

async function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; base: string; startMs: number }> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, 'serve'], { env: { ...process.env, ...env, PORT: String(port), NODE_OPTIONS: args['node-options']! }, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => c.toString().includes('hoshi registry on') && resolve());
    child.on('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
  const base = `http://127.0.0.1:${port}`;
  while (!(await fetch(`${base}/healthz`).then((r) => r.ok, () => false))) await new Promise((r) => setTimeout(r, 20));
  return { child, base, startMs: performance.now() - started };
}

/** Resident memory of the server in MB: all its processes (primary and workers), and the largest one. */
function rss(pid: number): { total: number; largest: number } {
  const pids = [pid, ...fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number)];
  let total = 0;
  let largest = 0;
  for (const p of pids) {
    try {
      const mb = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${p}/status`, 'utf8'))![1]) / 1024;
      total += mb;
      largest = Math.max(largest, mb);
    } catch {
      // a worker that just exited
    }
  }
  return { total, largest };
}

interface Row {
  name: string;
  rps: string;
  p50: string;
  p95: string;
  p97: string;
  p99: string;
  note?: string;
}

const ONLY = args.only ? args.only.split(',') : [];
const wanted = (name: string) => ONLY.length === 0 || name.startsWith('baseline') || ONLY.some((word) => name.includes(word));

async function cannon(name: string, base: string, paths: string[], options: Partial<autocannon.Options> = {}): Promise<Row | null> {
  if (!wanted(name)) return null;
  let i = 0;
  const instance = autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: DURATION,
    requests: [{ setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length]! }) }],
    ...options,
  });
  // autocannon's summary has p90 and p97.5 but no p95, the figure the targets name.
  const times: number[] = [];
  instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => times.push(ms));
  const result = await instance;
  times.sort((a, b) => a - b);
  const errors = result.non2xx + result.errors;
  return {
    name,
    rps: result.requests.average.toFixed(0),
    p50: result.latency.p50.toFixed(1),
    p95: (times[Math.floor(times.length * 0.95)] ?? NaN).toFixed(1),
    p97: result.latency.p97_5.toFixed(1),
    p99: result.latency.p99.toFixed(1),
    ...(errors ? { note: `${errors} errors/non-2xx` } : {}),
  };
}

async function download(name: string, url: string, pid: number): Promise<Row | null> {
  if (!wanted(name)) return null;
  const before = rss(pid);
  let peak = before;
  const timer = setInterval(() => {
    const now = rss(pid);
    peak = { total: Math.max(peak.total, now.total), largest: Math.max(peak.largest, now.largest) };
  }, 50);
  const started = performance.now();
  const res = await fetch(url);
  let bytes = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.length;
  const seconds = (performance.now() - started) / 1000;
  clearInterval(timer);
  return { name, rps: '', p50: '', p95: '', p97: '', p99: '', note: `status ${res.status}, ${(bytes / 1e6).toFixed(0)} MB in ${seconds.toFixed(2)} s, RSS of the largest process ${before.largest.toFixed(0)} MB before, ${peak.largest.toFixed(0)} MB at most during (all processes ${peak.total.toFixed(0)} MB)` };
}

async function baseline(bytes: Buffer, contentType: string): Promise<{ server: http.Server; base: string }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': contentType, 'content-length': bytes.length });
    res.end(bytes);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}` };
}

async function run(kind: 'sqlite' | 'postgres'): Promise<void> {
  const env = await prepare(kind);
  const { child, base, startMs } = await startServer(env);
  await new Promise((resolve) => setTimeout(resolve, Number(args.settle) * 1000));
  try {
    const sample = async (query: string) => ((await (await fetch(`${base}/api/v1/labels?limit=100&${query}`)).json()) as { items: Array<{ registrationNumber: string }> }).items.map((i) => i.registrationNumber);
    const rns = [...(await sample('')), ...(await sample('status=expired')), ...(await sample('level=1&status=valid&category=router'))];
    const page = Buffer.from(await (await fetch(`${base}/labels/${rns[0]}`, { headers: { 'accept-language': 'ja' } })).arrayBuffer());
    const bare = await baseline(page, 'text/html; charset=utf-8');
    const rows: Array<Row | null> = [];
    rows.push(await cannon('baseline: bare node:http, same product-page bytes from memory', bare.base, ['/']));
    bare.server.close();
    rows.push(await cannon('product page /labels/{rn} (HTML, ja)', base, rns.map((rn) => `/labels/${rn}`), { headers: { 'accept-language': 'ja' } }));
    rows.push(await cannon('label JSON /api/v1/labels/{rn} (with receipt)', base, rns.map((rn) => `/api/v1/labels/${rn}`)));
    rows.push(await cannon('search, Japanese long (ホームルーター)', base, ['/api/v1/labels?q=' + encodeURIComponent('ホームルーター')]));
    rows.push(await cannon('search, Japanese short, 2 chars (カメ)', base, ['/api/v1/labels?q=' + encodeURIComponent('カメ')]));
    rows.push(await cannon('search, Latin model number (wr-2s5)', base, ['/api/v1/labels?q=wr-2s5']));
    rows.push(await cannon('search, Latin short, 2 chars (nc)', base, ['/api/v1/labels?q=nc']));
    if (wanted('cold')) {
      // A different query on every request, so the public cache cannot answer: model numbers,
      // Japanese product names and vendor names of the sampled labels, each with ten page sizes.
      const terms = new Set<string>();
      for (const rn of rns) {
        const label = (await (await fetch(`${base}/api/v1/labels/${rn}`)).json()) as { product: { name: { ja: string }; modelNumbers: string[] }; vendor: { name: { ja: string } } };
        for (const model of label.product.modelNumbers) terms.add(model);
        terms.add(label.product.name.ja);
        terms.add(label.vendor.name.ja);
      }
      const queries = [...terms].flatMap((term) => Array.from({ length: 10 }, (_, i) => `/api/v1/labels?limit=${20 + i}&q=${encodeURIComponent(term)}`));
      for (let i = queries.length - 1; i > 0; i--) {
        const j = (i * 7919) % (i + 1);
        [queries[i], queries[j]] = [queries[j]!, queries[i]!];
      }
      rows.push(await cannon(`search, cold: ${queries.length} different queries, none repeated`, base, queries));
    }
    rows.push(await cannon('search page / with q (HTML)', base, ['/?q=' + encodeURIComponent('ネットワークカメラ')]));
    rows.push(await cannon('list with filters (level, status, category)', base, ['/api/v1/labels?level=1&status=valid&category=router&limit=50']));
    rows.push(await cannon('label PNG 800 px (varied labels, render cache)', base, rns.map((rn) => `/labels/${rn}/label.png`)));
    rows.push(await cannon('log in (argon2id)', base, ['/api/v1/session'], { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bench@bench.example', password: PASSWORD }) }));
    for (const [name, url] of [
      ['CSV export /api/v1/exports/labels.csv', `${base}/api/v1/exports/labels.csv`],
      ['JSON export /api/v1/exports/labels.json', `${base}/api/v1/exports/labels.json`],
      ['signed snapshot /api/v1/snapshot', `${base}/api/v1/snapshot`],
    ] as const) {
      rows.push(await download(name, url, child.pid!));
    }
    console.log(`\n### ${kind}: ${LABELS} labels, ${LABELS * MODELS} model numbers; WORKERS=${args.workers}; NODE_OPTIONS=${args['node-options']}; autocannon ${CONNECTIONS} connections × ${DURATION} s\n`);
    const baselineRps = Number(rows[0]!.rps);
    const share = (r: Row) => (r.rps && r !== rows[0] ? `${Math.round((Number(r.rps) / baselineRps) * 100)} %` : '');
    console.log('| scenario | req/s | of baseline | p50 ms | p95 ms | p97.5 ms | p99 ms | notes |\n|---|---|---|---|---|---|---|---|');
    for (const r of rows) if (r) console.log(`| ${r.name} | ${r.rps} | ${share(r)} | ${r.p50} | ${r.p95} | ${r.p97} | ${r.p99} | ${r.note ?? ''} |`);
    console.log(`\nserver start to first answered request: ${startMs.toFixed(0)} ms; RSS after the run: largest process ${rss(child.pid!).largest.toFixed(0)} MB, all ${rss(child.pid!).total.toFixed(0)} MB`);
  } finally {
    child.kill('SIGTERM');
  }
}

for (const kind of args.db === 'both' ? (['sqlite', 'postgres'] as const) : [args.db as 'sqlite' | 'postgres']) await run(kind);
