/**
 * PostgreSQL backups with the standard client tools: `pg_dump --format=custom` (a consistent
 * snapshot taken while the server writes) and `pg_restore` in a single transaction, so a failed
 * restore leaves the target as it was. The password travels in PGPASSWORD, never on the command
 * line, where other users of the machine could read it.
 */
import { spawn } from 'node:child_process';
import pg from 'pg';
import { OpsError } from './ops-error.ts';

const BOOKKEEPING = new Set(['hoshi_migrations', 'hoshi_migrations_lock']);

/** The URL without its password, and the environment that carries the password instead. */
function connection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  return { dbname: parsed.toString(), env: { ...process.env, ...(password && { PGPASSWORD: password }) } };
}

function run(tool: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'ENOENT'
        ? new OpsError(`${tool} not found: install the PostgreSQL client tools of the server's major version (Debian/Ubuntu: apt-get install postgresql-client)`)
        : error),
    );
    child.on('close', (code) => (code === 0 ? resolve(stdout) : reject(new OpsError(`${tool} failed (exit ${code}):\n${stderr.trim()}`))));
  });
}

export async function backupPostgres(url: string, destination: string): Promise<void> {
  const { dbname, env } = connection(url);
  await run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${destination}`, `--dbname=${dbname}`], env);
}

/** Whether the database holds no registry data (no tables, or only migrated). */
export async function postgresIsEmpty(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query<{ schema: string; name: string }>(
      `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
        WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
    );
    for (const t of tables.rows) {
      if (BOOKKEEPING.has(t.name)) continue;
      const quoted = `"${t.schema.replaceAll('"', '""')}"."${t.name.replaceAll('"', '""')}"`;
      if ((await client.query(`SELECT 1 FROM ${quoted} LIMIT 1`)).rowCount) return false;
    }
    return true;
  } finally {
    await client.end();
  }
}

/**
 * Reads the archive's table of contents first (a truncated or foreign file fails there, before
 * the target is touched), then restores. `--clean --if-exists` drops what the dump recreates,
 * so a migrated but empty target, or a forced one, takes the dump as it is.
 */
export async function restorePostgres(backupFile: string, url: string): Promise<void> {
  const { dbname, env } = connection(url);
  await run('pg_restore', ['--list', backupFile], env);
  await run('pg_restore', ['--clean', '--if-exists', '--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', `--dbname=${dbname}`, backupFile], env);
}
