/**
 * SQLite backups through the online backup API (better-sqlite3's `db.backup()`), which copies a
 * consistent snapshot while the server keeps writing in WAL mode. Copying the file itself is
 * not safe then: the newest commits may still sit in the `-wal` file.
 */
import fs from 'node:fs';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import { OpsError } from './ops-error.ts';

// Bookkeeping tables that exist in every migrated database, data or not.
const BOOKKEEPING = new Set(['hoshi_migrations', 'hoshi_migrations_lock']);

/** Copies every page in one step, so the copy is one snapshot and never restarts under writes. */
const ALL_PAGES = () => 0x7fffffff;

export async function backupSqlite(databaseFile: string, destination: string): Promise<void> {
  if (!fs.existsSync(databaseFile)) throw new OpsError(`No SQLite database at ${databaseFile}`);
  const source = new Sqlite(databaseFile, { fileMustExist: true });
  try {
    source.pragma('busy_timeout = 5000');
    await source.backup(destination, { progress: ALL_PAGES });
  } finally {
    source.close();
  }
  // The copy inherits WAL mode; a backup is one self-contained file, so switch it back.
  const copy = new Sqlite(destination, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
}

/** Whether a SQLite file holds no registry data (absent, or only migrated). */
export function sqliteIsEmpty(databaseFile: string): boolean {
  if (!fs.existsSync(databaseFile)) return true;
  const db = new Sqlite(databaseFile, { readonly: true, fileMustExist: true });
  try {
    const tables = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as Array<{ name: string; sql: string | null }>;
    // FTS5 keeps its index in shadow tables (<table>_data, _idx, …) that have rows even when empty.
    const virtual = tables.filter((t) => /^create\s+virtual\s+table/i.test(t.sql ?? '')).map((t) => t.name);
    const data = tables.filter((t) => !BOOKKEEPING.has(t.name) && !virtual.some((v) => t.name.startsWith(`${v}_`)));
    return data.every((t) => db.prepare(`SELECT 1 FROM "${t.name.replaceAll('"', '""')}" LIMIT 1`).get() === undefined);
  } finally {
    db.close();
  }
}

/** Checks the backup file, then copies it page by page into the target (created when absent). */
export async function restoreSqlite(backupFile: string, databaseFile: string): Promise<void> {
  const source = new Sqlite(backupFile, { readonly: true, fileMustExist: true });
  try {
    let check: unknown;
    try {
      check = source.pragma('integrity_check', { simple: true });
    } catch (error) {
      check = (error as Error).message;
    }
    if (check !== 'ok') throw new OpsError(`${backupFile} fails SQLite's integrity check (${String(check)}); not restored`);
    fs.mkdirSync(path.dirname(path.resolve(databaseFile)), { recursive: true });
    await source.backup(databaseFile, { progress: ALL_PAGES });
  } finally {
    source.close();
  }
  const restored = new Sqlite(databaseFile, { fileMustExist: true });
  try {
    restored.pragma('journal_mode = WAL');
    const check = restored.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new OpsError(`the restored database ${databaseFile} fails SQLite's integrity check (${String(check)})`);
  } finally {
    restored.close();
  }
}
