/** Shared CLI plumbing: configuration, the runtime, the acting user, output and errors. */
import { bootstrap, type Runtime } from '../bootstrap.ts';
import { ConfigError, loadConfig, type Config } from '../config.ts';
import { SYSTEM_ACTOR, type Actor } from '../app/context.ts';
import { actorOf } from '../app/users/user-view.ts';
import { CatalogError } from '../catalog/load-catalog.ts';
import { DomainError } from '../domain/errors.ts';

export function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    fail(error);
  }
}

/** Opens the runtime, runs `work`, closes, and turns failures into a message and exit code 1. */
export async function withRuntime<T>(
  work: (runtime: Runtime, config: Config) => Promise<T>,
  options: { migrate?: boolean } = {},
): Promise<T> {
  const config = configOrExit();
  let runtime: Runtime | undefined;
  let result: T;
  try {
    runtime = await bootstrap(config, options);
    result = await work(runtime, config);
  } catch (error) {
    await runtime?.close().catch(() => undefined);
    return fail(error);
  }
  await runtime.close();
  return result;
}

/** The user the CLI acts as (`--as email`), or the system operator console. */
export async function resolveActor(runtime: Runtime, email: string | undefined): Promise<Actor> {
  if (!email) return SYSTEM_ACTOR;
  const row = await runtime.ctx.db.selectFrom('users').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND', `No user ${email}`);
  return actorOf(row);
}

export function print(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function fail(error: unknown): never {
  if (error instanceof DomainError) {
    process.stderr.write(`error ${error.code}: ${error.message}\n`);
    for (const f of error.fields) process.stderr.write(`  ${f.pointer}: ${f.detail}\n`);
  } else if (error instanceof ConfigError || error instanceof CatalogError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
  }
  process.exit(1);
}
