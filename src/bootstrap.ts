/**
 * Wires the application from configuration: catalogue, database (migrated), and the context every
 * use case receives. The server, the CLI and the tests all start here.
 */
import { loadCatalog } from './catalog/load-catalog.ts';
import type { Config } from './config.ts';
import { systemClock, uuidv7, type AppContext, type Clock } from './app/context.ts';
import { migrateToLatest, openDatabase, refreshPlannerStatistics } from './store/database.ts';
import { PUBLIC_VERSION_SEQUENCE, readPublicVersion } from './app/public-version.ts';
import { readSqlitePublicVersion, watchPublicVersion } from './store/public-version-watch.ts';
import { argon2Passwords } from './store/passwords.ts';
import { openKeyStore } from './store/signing-keys.ts';

export interface Runtime {
  ctx: AppContext;
  kind: 'sqlite' | 'postgres';
  close(): Promise<void>;
}

export async function bootstrap(
  config: Pick<Config, 'databaseUrl' | 'catalogDir' | 'publicBaseUrl' | 'signingKeyDir' | 'logOrigin'> & Partial<Pick<Config, 'notify' | 'unfixedVulnerabilityWarnDays' | 'attachmentDir'>>,
  options: { clock?: Clock; migrate?: boolean; /** Servers: learn the public version without a query per request (store/public-version-watch.ts). */ watchPublicVersion?: boolean } = {},
): Promise<Runtime> {
  const catalog = loadCatalog(config.catalogDir);
  const database = openDatabase(config.databaseUrl);
  try {
    if (options.migrate !== false) {
      await migrateToLatest(database.db);
      // PostgreSQL's autovacuum keeps statistics itself; SQLite needs asking.
      if (database.kind === 'sqlite') await refreshPlannerStatistics(database.db);
    }
  } catch (error) {
    await database.close();
    throw error;
  }
  const clock = options.clock ?? systemClock;
  let keys;
  try {
    keys = await openKeyStore(config.signingKeyDir, clock.now());
  } catch (error) {
    await database.close();
    throw error;
  }
  const ctx: AppContext = {
    db: database.db,
    catalog,
    clock,
    passwords: argon2Passwords,
    publicBaseUrl: config.publicBaseUrl,
    keys,
    logOrigin: config.logOrigin,
    newId: () => uuidv7(Date.now()),
    ...(config.notify && { notify: config.notify }),
    ...(config.attachmentDir && { attachmentDir: config.attachmentDir }),
    ...(config.unfixedVulnerabilityWarnDays && { securityPolicy: { unfixedMaxAgeDays: config.unfixedVulnerabilityWarnDays } }),
  };
  if (options.watchPublicVersion) {
    ctx.publicVersionWatch = database.sqlite
      ? readSqlitePublicVersion(database.sqlite, PUBLIC_VERSION_SEQUENCE)
      : watchPublicVersion(config.databaseUrl, () => readPublicVersion(database.db));
  }
  const close = async () => {
    await ctx.publicVersionWatch?.close();
    await database.close();
  };
  return { ctx, kind: database.kind, close };
}
