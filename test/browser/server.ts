/**
 * A real registry for the browser journeys: the application wired as `hoshi serve` wires it
 * (bootstrap + buildServer) on a temporary SQLite file and key directory, loaded with the demo
 * dataset, listening on a free loopback port.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../src/app/context.ts';
import { bootstrap } from '../../src/bootstrap.ts';
import { seedDemo } from '../../src/demo/seed-demo.ts';
import { buildServer } from '../../src/web/server.ts';
import { BASE_URL, CATALOG_DIR, LOG_ORIGIN, TestClock } from '../helpers/app.ts';

export interface LiveServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  app: FastifyInstance;
  ctx: AppContext;
  close(): Promise<void>;
}

export async function startLiveServer(): Promise<LiveServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoshi-browser-'));
  const keyDir = path.join(dir, 'keys');
  fs.mkdirSync(keyDir);
  const runtime = await bootstrap(
    { databaseUrl: path.join(dir, 'hoshi.sqlite'), catalogDir: CATALOG_DIR, publicBaseUrl: BASE_URL, signingKeyDir: keyDir, logOrigin: LOG_ORIGIN },
    { clock: new TestClock() },
  );
  let app: FastifyInstance | undefined;
  try {
    await seedDemo(runtime.ctx);
    app = await buildServer(runtime.ctx, {
      publicBaseUrl: BASE_URL,
      maxBodyBytes: 2 * 1024 * 1024,
      sessionIdleMinutes: 30,
      sessionAbsoluteHours: 12,
      trustProxy: false,
      logLevel: 'silent',
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
  } catch (error) {
    await app?.close();
    await runtime.close();
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const { port } = app.server.address() as AddressInfo;
  const server = app;
  return {
    origin: `http://127.0.0.1:${port}`,
    app: server,
    ctx: runtime.ctx,
    async close() {
      await server.close();
      await runtime.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
