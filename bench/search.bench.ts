/**
 * Uncached search, per query shape: each query runs once, in process, through the same use case
 * as GET /api/v1/labels (no HTTP, no public cache, no queue), on the registry `npm run bench`
 * builds. The figures are the service time of one search; under load they add up in the queue.
 *
 *   npx tsx bench/search.bench.ts [--db sqlite|postgres] [--labels 100000] [--models 10]
 *
 * Needs the registry under bench/.data (run `npm run bench` once first).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { listPublicLabels, type ListLabelsFilter } from '../src/app/labels/list-public-labels.ts';
import { bootstrap } from '../src/bootstrap.ts';
import { loadConfig } from '../src/config.ts';

const { values: args } = parseArgs({
  options: { db: { type: 'string', default: 'sqlite' }, labels: { type: 'string', default: '100000' }, models: { type: 'string', default: '10' } },
});
const name = `registry_${args.labels}x${args.models}`;
const data = path.resolve(import.meta.dirname, '.data');
const admin = new URL(process.env.HOSHI_TEST_PG_URL || 'postgres://postgres@127.0.0.1:5432/postgres');
admin.pathname = `/hoshi_bench_${name}`;
const env = args.db === 'postgres'
  ? { DATABASE_URL: admin.toString(), SIGNING_KEY_DIR: path.join(data, `${name}-pg-keys`) }
  : { DATABASE_URL: path.join(data, `${name}.sqlite`), SIGNING_KEY_DIR: path.join(data, `${name}-keys`) };
const runtime = await bootstrap(loadConfig({ ...process.env, ...env, PUBLIC_BASE_URL: 'https://registry.example.jp' }), { migrate: false });
const { ctx } = runtime;

// Terms from labels spread over the registry: two pages of each order.
const sampled = [];
for (const sort of ['newest', 'oldest', 'registration', 'expiring'] as const) sampled.push(...(await listPublicLabels(ctx, { sort, limit: 50 })).items);
const models = new Set<string>();
for (const item of sampled) {
  const rows = await ctx.db
    .selectFrom('labels')
    .innerJoin('label_model_numbers', 'label_model_numbers.label_id', 'labels.id')
    .select('model_number')
    .where('labels.registration_number', '=', item.registrationNumber)
    .execute();
  for (const r of rows) models.add(r.model_number);
}
const unique = <T>(xs: T[]) => [...new Set(xs)];
const shapes: Array<[string, ListLabelsFilter[]]> = [
  ['model number, whole', [...models].map((q) => ({ q }))],
  ['model number, first 4 characters', unique([...models].map((m) => m.slice(0, 4))).map((q) => ({ q }))],
  ['registration number', sampled.map((i) => ({ q: i.registrationNumber }))],
  ['product name (ja)', unique(sampled.map((i) => i.product.name.ja)).map((q) => ({ q }))],
  ['vendor name (ja)', unique(sampled.map((i) => i.vendor.name.ja)).map((q) => ({ q }))],
  ['vendor name (ja) + level 1 + valid', unique(sampled.map((i) => i.vendor.name.ja)).map((q) => ({ q, level: 1, status: 'valid' as const }))],
  ['broad word within one vendor', unique(sampled.map((i) => i.vendor.id)).slice(0, 40).map((vendorId) => ({ q: '株式会社', vendorId }))],
  ['broad word (>1,000 matches)', ['株式会社', 'ルーター', 'カメラ', 'スマート', 'ネットワーク', 'ホーム', 'システムズ', '(合成)'].map((q) => ({ q }))],
  ['broad word, page 2 (cursor)', []],
  ['2 characters, Japanese', ['カメ', 'ルー', 'ホー', 'スマ', '電機', '株式', 'ネッ', 'ウォ'].map((q) => ({ q }))],
  ['2 characters, Latin', ['nc', 'wr', 'sp', 'sw', 'rt', 'qz', 'xk', 'b-'].map((q) => ({ q }))],
];
for (const { q } of shapes[7]![1]) {
  const first = await listPublicLabels(ctx, { q });
  if (first.nextCursor) shapes[8]![1].push({ q, cursor: first.nextCursor });
}

const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
console.log(`\n### uncached search, ${args.db}: ${args.labels} labels × ${args.models} model numbers, one query at a time\n`);
console.log('| shape | queries | p50 ms | p95 ms | max ms | totals |\n|---|---|---|---|---|---|');
for (const [shape, filters] of shapes) {
  const times: number[] = [];
  const totals = new Set<string>();
  for (const filter of filters) {
    const started = performance.now();
    const result = await listPublicLabels(ctx, { ...filter, limit: 20 });
    times.push(performance.now() - started);
    totals.add(result.totalRelation === 'gte' ? `${result.total}+` : String(result.total));
  }
  times.sort((a, b) => a - b);
  const shown = [...totals].slice(0, 4).join(', ') + (totals.size > 4 ? ', …' : '');
  console.log(`| ${shape} | ${times.length} | ${pct(times, 50).toFixed(1)} | ${pct(times, 95).toFixed(1)} | ${times.at(-1)!.toFixed(1)} | ${shown} |`);
}
await runtime.close();
