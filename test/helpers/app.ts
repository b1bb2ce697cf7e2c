/** Starts the real application (catalogue, migrated database, Fastify) for in-process tests. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { bootstrap } from '../../src/bootstrap.ts';
import type { AppContext } from '../../src/app/context.ts';
import { buildServer } from '../../src/web/server.ts';
import type { Dialect } from './databases.ts';

export const CATALOG_DIR = path.resolve(import.meta.dirname, '../../catalog');
export const BASE_URL = 'https://registry.test';
export const LOG_ORIGIN = 'registry.test/log';

/** A clock the test moves by hand. */
export class TestClock {
  constructor(private current: Date = new Date('2026-11-25T03:00:00.000Z')) {}
  now = () => new Date(this.current.getTime());
  set(date: Date | string) {
    this.current = new Date(date);
  }
  advanceDays(days: number) {
    this.current = new Date(this.current.getTime() + days * 86_400_000);
  }
}

export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  clock: TestClock;
  /** The suite's own database, for a second runtime on it. */
  databaseUrl: string;
  close(): Promise<void>;
}

export async function startTestApp(dialect: Dialect, options: { maxBodyBytes?: number; rateLimitPerMinute?: number; logStream?: NodeJS.WritableStream } = {}): Promise<TestApp> {
  const database = await dialect.create();
  const clock = new TestClock();
  const keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoshi-keys-'));
  const runtime = await bootstrap(
    { databaseUrl: database.url, catalogDir: CATALOG_DIR, publicBaseUrl: BASE_URL, signingKeyDir: keyDir, logOrigin: LOG_ORIGIN },
    { clock, watchPublicVersion: true },
  );
  const app = await buildServer(runtime.ctx, {
    publicBaseUrl: BASE_URL,
    maxBodyBytes: options.maxBodyBytes ?? 2 * 1024 * 1024,
    sessionIdleMinutes: 30,
    sessionAbsoluteHours: 12,
    trustProxy: false,
    logLevel: options.logStream ? 'trace' : 'silent',
    ...(options.logStream && { logStream: options.logStream }),
    // Off unless a test asks: suites send thousands of requests from one address.
    rateLimitPerMinute: options.rateLimitPerMinute ?? 0,
  });
  await app.ready();
  return {
    app,
    ctx: runtime.ctx,
    clock,
    databaseUrl: database.url,
    async close() {
      await app.close();
      await runtime.close();
      await database.drop();
      fs.rmSync(keyDir, { recursive: true, force: true });
    },
  };
}
