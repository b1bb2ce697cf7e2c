import { bootstrap } from '../bootstrap.ts';
import { seedDemo, isDatabaseEmpty } from '../demo/seed-demo.ts';
import { buildServer } from '../web/server.ts';
import { configOrExit, fail } from './runtime.ts';

/**
 * Starts the registry. With `demo`, an empty database is first filled with the demo dataset and
 * the demo log-ins are printed; without it (production), nothing is ever seeded.
 */
export async function serve(options: { demo?: boolean }): Promise<void> {
  const config = configOrExit();
  try {
    const runtime = await bootstrap(config);
    if (options.demo && (await isDatabaseEmpty(runtime.ctx))) {
      process.stdout.write('Empty database: loading the demo dataset (fictional vendors and products)…\n');
      const logins = await seedDemo(runtime.ctx);
      process.stdout.write(`\nDEMO log-ins (demo data only, never use in production):\n`);
      for (const l of logins) process.stdout.write(`  ${l.role.padEnd(15)} ${l.email.padEnd(34)} ${l.password}\n`);
      process.stdout.write('\n');
    }
    const app = await buildServer(runtime.ctx, config);
    const shutdown = async (signal: string) => {
      app.log.info({ signal }, 'shutting down');
      await app.close();
      await runtime.close();
      process.exit(0);
    };
    process.once('SIGINT', () => void shutdown('SIGINT'));
    process.once('SIGTERM', () => void shutdown('SIGTERM'));
    await app.listen({ host: config.host, port: config.port });
    process.stdout.write(`hoshi registry on ${config.publicBaseUrl} (database: ${runtime.kind}${runtime.kind === 'sqlite' ? ` ${config.databaseUrl}` : ''})\n`);
    process.stdout.write(`  API description: ${config.publicBaseUrl}/api/openapi.json\n`);
  } catch (error) {
    fail(error);
  }
}
