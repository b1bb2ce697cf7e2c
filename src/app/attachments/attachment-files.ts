/**
 * The attachment files on disk: one directory (ATTACHMENT_DIR, outside the web root, mode 0700)
 * with files under random names (mode 0600), written and synced before the metadata commits.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { AppContext } from '../context.ts';

function directory(ctx: AppContext): string {
  if (!ctx.attachmentDir) throw new Error('ATTACHMENT_DIR is not configured');
  return ctx.attachmentDir;
}

/** Storage names are 32 hex digits; anything else never reaches the file system. */
function fileOf(ctx: AppContext, storageName: string): string {
  if (!/^[0-9a-f]{32}$/.test(storageName)) throw new Error('Malformed attachment storage name');
  return path.join(directory(ctx), storageName);
}

/** Writes the content under a new random name and returns that name. */
export async function writeAttachmentFile(ctx: AppContext, content: Uint8Array): Promise<string> {
  await fs.mkdir(directory(ctx), { recursive: true, mode: 0o700 });
  const storageName = randomBytes(16).toString('hex');
  const handle = await fs.open(fileOf(ctx, storageName), 'wx', 0o600);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return storageName;
}

export function readAttachmentFile(ctx: AppContext, storageName: string): Promise<Buffer> {
  return fs.readFile(fileOf(ctx, storageName));
}

/** Removes a file; a file already gone is not an error. */
export async function removeAttachmentFile(ctx: AppContext, storageName: string): Promise<void> {
  await fs.rm(fileOf(ctx, storageName), { force: true });
}
