/**
 * Times the time-driven sweeps (expiring, expired, support ended) on an existing registry, three
 * runs in a row; with nothing new to record, this is what every server process pays each minute.
 *
 *   DATABASE_URL=bench/.data/registry_100000x10.sqlite SIGNING_KEY_DIR=bench/.data/registry_100000x10-keys \
 *     npx tsx bench/sweeps.bench.ts
 *
 * The first run of a cold database is slower (pages not cached yet). Migrates the database first.
 */
import path from 'node:path';
import { bootstrap } from '../src/bootstrap.ts';
import { sweepTimeEvents } from '../src/app/subscriptions/sweeps.ts';

const runtime = await bootstrap({
  databaseUrl: process.env.DATABASE_URL!,
  catalogDir: path.resolve(import.meta.dirname, '..', 'catalog'),
  publicBaseUrl: 'https://registry.example.jp',
  signingKeyDir: process.env.SIGNING_KEY_DIR!,
  logOrigin: 'registry.example.jp/log',
});
for (let i = 1; i <= 3; i++) {
  const started = performance.now();
  const recorded = await sweepTimeEvents(runtime.ctx);
  console.log(`run ${i}: ${(performance.now() - started).toFixed(1)} ms, ${recorded} events recorded`);
}
await runtime.close();
