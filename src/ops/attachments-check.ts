/**
 * After a restore: does ATTACHMENT_DIR hold a file for every attachment row? Attachment files
 * live beside the database, not in it, so they have their own copy (docs/operations.md). A row
 * without its file would fail on download; this names them before anyone tries.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../store/database.ts';

export type AttachmentsCheck =
  | { status: 'ok'; files: number; detail: string }
  | { status: 'none'; files: 0; detail: string }
  | { status: 'missing'; files: number; missing: string[]; detail: string };

export async function restoredAttachmentsCheck(db: Db, attachmentDir: string): Promise<AttachmentsCheck> {
  let names: string[];
  try {
    names = (await db.selectFrom('attachments').select('storage_name').execute()).map((r) => r.storage_name);
  } catch {
    return { status: 'none', files: 0, detail: 'the backup predates attachments' };
  }
  if (names.length === 0) return { status: 'none', files: 0, detail: 'the restored registry has no attachments' };
  const missing = names.filter((name) => !fs.existsSync(path.join(attachmentDir, name)));
  if (missing.length === 0) return { status: 'ok', files: names.length, detail: `all ${names.length} attachment files are in ${attachmentDir}` };
  return {
    status: 'missing',
    files: names.length,
    missing: missing.slice(0, 20),
    detail: `${missing.length} of ${names.length} attachment files are not in ${attachmentDir}: copy ATTACHMENT_DIR from its backup before starting a server`,
  };
}
