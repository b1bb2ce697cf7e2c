/**
 * The dialects every repository and use-case test runs on: a fresh SQLite file and a fresh
 * PostgreSQL database per test suite (created here, dropped after).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

export interface Dialect {
  name: 'sqlite' | 'postgres';
  /** Set when this dialect cannot run here; tests are then skipped with this reason. */
  skip: string | false;
  create(): Promise<TestDatabase>;
}

const pgAdminUrl = process.env.HOSHI_TEST_PG_URL ?? '';

export const sqlite: Dialect = {
  name: 'sqlite',
  skip: false,
  async create() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoshi-test-'));
    return { url: path.join(dir, 'hoshi.sqlite'), drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  },
};

export const postgres: Dialect = {
  name: 'postgres',
  skip: pgAdminUrl ? false : `PostgreSQL unavailable: ${process.env.HOSHI_TEST_PG_SKIP_REASON || 'HOSHI_TEST_PG_URL not set'}`,
  async create() {
    const name = `hoshi_test_${process.pid}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: pgAdminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(pgAdminUrl);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      async drop() {
        const client = new pg.Client({ connectionString: pgAdminUrl });
        await client.connect();
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await client.end();
      },
    };
  },
};

export const DIALECTS: Dialect[] = [sqlite, postgres];
