import cluster from 'node:cluster';
import { bootstrap } from '../bootstrap.ts';
import type { Config } from '../config.ts';
import { seedDemo, isDatabaseEmpty } from '../demo/seed-demo.ts';
import { buildServer } from '../web/server.ts';
import { fanOutEvents } from '../app/subscriptions/fan-out.ts';
import { sweepTimeEvents } from '../app/subscriptions/sweeps.ts';
import { refreshTrigramCounts } from '../app/labels/trigram-counts.ts';
import { startJobWorker } from '../jobs/worker.ts';
import { createMailer } from '../notify/mailer.ts';
import { configOrExit, fail } from './runtime.ts';

/**
 * Starts the registry. With `demo`, an empty database is first filled with the demo dataset and
 * the demo log-ins are printed; without it (production), nothing is ever seeded. With WORKERS > 1
 * the primary prepares the database and keys once, then forks that many server processes sharing
 * the port (they share nothing else but the database, like servers on several machines).
 */
export async function serve(options: { demo?: boolean }): Promise<void> {
  const config = configOrExit();
  try {
    if (cluster.isWorker) return await listen(config);
    const runtime = await bootstrap(config);
    if (options.demo && (await isDatabaseEmpty(runtime.ctx))) {
      process.stdout.write('Empty database: loading the demo dataset (fictional vendors and products)…\n');
      const logins = await seedDemo(runtime.ctx);
      process.stdout.write(`\nDEMO log-ins (demo data only, never use in production):\n`);
      for (const l of logins) process.stdout.write(`  ${l.role.padEnd(15)} ${l.email.padEnd(34)} ${l.password}\n`);
      process.stdout.write('\n');
    }
    if (config.workers <= 1) {
      await runtime.close();
      return await listen(config);
    }
    await runtime.close();
    let listening = 0;
    for (let i = 0; i < config.workers; i++) {
      cluster.fork().on('listening', () => {
        if (++listening === config.workers) announce(config, `${config.workers} worker processes`);
      });
    }
    cluster.on('exit', (worker, code, signal) => {
      if (!shuttingDown) process.stderr.write(`worker ${worker.process.pid} exited (${signal ?? code}); starting another\n`), cluster.fork();
    });
    let shuttingDown = false;
    const stop = () => {
      shuttingDown = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGTERM');
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  } catch (error) {
    fail(error);
  }
}

async function listen(config: Config): Promise<void> {
  // Migrations and planner statistics are done: by this process just before, or by the primary.
  const runtime = await bootstrap(config, { watchPublicVersion: true, migrate: false });
  const app = await buildServer(runtime.ctx, config);
  // Every server process also works the job queue; leases keep them from doing a job twice.
  const worker = config.jobs
    ? startJobWorker(runtime.ctx, config.notify, { fanOut: fanOutEvents, sweep: sweepTimeEvents, upkeep: (ctx) => refreshTrigramCounts(ctx.db) }, createMailer(config.notify), { logger: app.log })
    : null;
  const shutdown = async (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    await worker?.stop();
    await app.close();
    await runtime.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ host: config.host, port: config.port });
  if (cluster.isPrimary) announce(config, `database: ${runtime.kind}${runtime.kind === 'sqlite' ? ` ${config.databaseUrl}` : ''}`);
}

function announce(config: Config, detail: string): void {
  process.stdout.write(`hoshi registry on ${config.publicBaseUrl} (${detail})\n`);
  process.stdout.write(`  API description: ${config.publicBaseUrl}/api/openapi.json\n`);
}
