/**
 * A registry instance on a given database URL and key directory, wired as `hoshi serve` wires
 * it (bootstrap + buildServer) but served in-process: the backup tests need two instances whose
 * databases and keys they choose, which the shared test app (one fresh database each) does not.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../src/app/context.ts';
import { bootstrap } from '../../src/bootstrap.ts';
import { buildServer } from '../../src/web/server.ts';
import { BASE_URL, CATALOG_DIR, LOG_ORIGIN, TestClock } from '../helpers/app.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const BIN = path.join(ROOT, 'bin', 'hoshi.js');

export interface Instance {
  app: FastifyInstance;
  ctx: AppContext;
  close(): Promise<void>;
}

export async function openInstance(databaseUrl: string, signingKeyDir: string, attachmentDir?: string, clock = new TestClock()): Promise<Instance> {
  const runtime = await bootstrap(
    { databaseUrl, catalogDir: CATALOG_DIR, publicBaseUrl: BASE_URL, signingKeyDir, logOrigin: LOG_ORIGIN, ...(attachmentDir && { attachmentDir }) },
    { clock },
  );
  const app = await buildServer(runtime.ctx, {
    publicBaseUrl: BASE_URL,
    maxBodyBytes: 2 * 1024 * 1024,
    sessionIdleMinutes: 30,
    sessionAbsoluteHours: 12,
    trustProxy: false,
    logLevel: 'silent',
  });
  await app.ready();
  return {
    app,
    ctx: runtime.ctx,
    async close() {
      await app.close();
      await runtime.close();
    },
  };
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `hoshi …` as an operator would, from the repository root; never throws on exit codes. */
export async function hoshi(env: Record<string, string>, ...args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}
