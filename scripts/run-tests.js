#!/usr/bin/env node
// Runs the whole suite: node:test through tsx, with an explicit file list (on Node 20 a directory
// argument runs zero tests). Finds PostgreSQL first: when it is unreachable the PostgreSQL tests
// are skipped with the reason printed, unless HOSHI_REQUIRE_POSTGRES=1 (CI), which fails instead.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';

const root = path.resolve(import.meta.dirname, '..');
const files = fs
  .readdirSync(path.join(root, 'test'), { recursive: true })
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => path.join('test', f))
  .sort();
const only = process.argv.slice(2);
const selected = only.length ? files.filter((f) => only.some((o) => f.includes(o))) : files;

const adminUrl = process.env.HOSHI_TEST_PG_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
let pgReason = '';
try {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  await client.connect();
  await client.query('select 1');
  await client.end();
} catch (error) {
  pgReason = `PostgreSQL not reachable at ${adminUrl.replace(/\/\/[^@]*@/, '//…@')} (${error.message})`;
}
if (pgReason) {
  if (process.env.HOSHI_REQUIRE_POSTGRES === '1') {
    console.error(`FAIL: ${pgReason}, and HOSHI_REQUIRE_POSTGRES=1 requires it.`);
    process.exit(1);
  }
  console.log(`\nNOTE: SKIPPING every PostgreSQL test: ${pgReason}.\n      Set HOSHI_TEST_PG_URL to an admin connection URL to run them.\n`);
}

const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=1', ...selected],
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, HOSHI_TEST_PG_URL: pgReason ? '' : adminUrl, HOSHI_TEST_PG_SKIP_REASON: pgReason, LOG_LEVEL: process.env.LOG_LEVEL || 'silent' },
  },
);
process.exit(result.status ?? 1);
