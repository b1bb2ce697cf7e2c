/**
 * `hoshi backup` and `hoshi restore`: one file per backup, in the database's own format (a SQLite
 * database file, or a pg_dump custom archive). Restores go into the same kind of database only,
 * and never over data unless forced. The signing keys and attachment files are not in the
 * backup: the keys are secrets with their own backup, the attachments a directory copied beside
 * it (docs/operations.md). After a restore we check that the key directory can still verify the
 * restored log and that every attachment row has its file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase, refreshPlannerStatistics } from '../store/database.ts';
import { OpsError } from './ops-error.ts';
import { backupPostgres, postgresIsEmpty, restorePostgres } from './postgres-backup.ts';
import { backupSqlite, restoreSqlite, sqliteIsEmpty } from './sqlite-backup.ts';
import { restoredKeysCheck, type KeysCheck } from './keys-check.ts';
import { restoredAttachmentsCheck, type AttachmentsCheck } from './attachments-check.ts';

export type DatabaseKind = 'sqlite' | 'postgres';

export const kindOfUrl = (url: string): DatabaseKind => (/^postgres(ql)?:\/\//i.test(url) ? 'postgres' : 'sqlite');

/** What a backup file holds, from its first bytes. */
export function kindOfBackup(file: string): DatabaseKind {
  if (!fs.existsSync(file)) throw new OpsError(`No backup file ${file}`);
  const head = Buffer.alloc(16);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, head, 0, 16, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (head.toString('latin1') === 'SQLite format 3\0') return 'sqlite';
  if (head.subarray(0, 5).toString('latin1') === 'PGDMP') return 'postgres';
  throw new OpsError(`${file} is neither a SQLite database nor a pg_dump custom-format archive`);
}

export interface BackupResult {
  file: string;
  kind: DatabaseKind;
  bytes: number;
  seconds: number;
}

/**
 * Writes the backup to `<file>.partial` and renames it when complete, so a file under the final
 * name is always a whole backup. Refuses to overwrite an existing file.
 */
export async function backupDatabase(databaseUrl: string, file: string): Promise<BackupResult> {
  if (fs.existsSync(file)) throw new OpsError(`${file} exists; choose a new file name (backups are never overwritten)`);
  const dir = path.dirname(path.resolve(file));
  if (!fs.existsSync(dir)) throw new OpsError(`Directory ${dir} does not exist`);
  const partial = `${file}.partial`;
  fs.rmSync(partial, { force: true });
  const started = Date.now();
  const kind = kindOfUrl(databaseUrl);
  try {
    if (kind === 'sqlite') await backupSqlite(databaseUrl, partial);
    else await backupPostgres(databaseUrl, partial);
    fs.chmodSync(partial, 0o600);
    fs.renameSync(partial, file);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
  return { file, kind, bytes: fs.statSync(file).size, seconds: (Date.now() - started) / 1000 };
}

export interface RestoreResult {
  kind: DatabaseKind;
  labels: number;
  logSize: number;
  seconds: number;
  signingKeys: KeysCheck;
  attachments: AttachmentsCheck;
}

export async function databaseIsEmpty(databaseUrl: string): Promise<boolean> {
  return kindOfUrl(databaseUrl) === 'sqlite' ? sqliteIsEmpty(databaseUrl) : postgresIsEmpty(databaseUrl);
}

export async function restoreDatabase(databaseUrl: string, file: string, options: { force: boolean; signingKeyDir: string; attachmentDir: string }): Promise<RestoreResult> {
  const kind = kindOfUrl(databaseUrl);
  const backupKind = kindOfBackup(file);
  if (backupKind !== kind) throw new OpsError(`${file} is a ${backupKind} backup, but DATABASE_URL selects ${kind}; restore into the same kind of database`);
  if (!options.force && !(await databaseIsEmpty(databaseUrl))) {
    throw new OpsError('The target database holds data; restore only into an empty database, or pass --force to replace it (stop the servers first)');
  }
  const started = Date.now();
  if (kind === 'sqlite') await restoreSqlite(file, databaseUrl);
  else await restorePostgres(file, databaseUrl);

  const database = openDatabase(databaseUrl);
  try {
    await refreshPlannerStatistics(database.db);
    const count = async (table: 'labels' | 'log_entries') =>
      Number((await database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const latest = await database.db.selectFrom('log_checkpoints').select('note').orderBy('size', 'desc').executeTakeFirst();
    return {
      kind,
      labels: await count('labels'),
      logSize: await count('log_entries'),
      seconds: (Date.now() - started) / 1000,
      signingKeys: restoredKeysCheck(latest?.note, options.signingKeyDir),
      attachments: await restoredAttachmentsCheck(database.db, options.attachmentDir),
    };
  } finally {
    await database.close();
  }
}
