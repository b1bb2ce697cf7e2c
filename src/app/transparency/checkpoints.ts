/**
 * Signed checkpoints (C2SP tlog-checkpoint in a C2SP signed note). Made lazily: the first reader
 * after a write signs the new tree size; concurrent readers race harmlessly on the primary key.
 */
import { formatCheckpoint, signNote } from '../../transparency/index.ts';
import type { AppContext } from '../context.ts';
import { logSize, rootHash } from './log-store.ts';

export interface SignedCheckpoint {
  size: number;
  rootHash: string;
  /** The signed note, as served at /api/v1/log/checkpoint. */
  note: string;
}

export async function currentCheckpoint(ctx: AppContext): Promise<SignedCheckpoint> {
  const size = await logSize(ctx.db);
  const existing = await ctx.db.selectFrom('log_checkpoints').selectAll().where('size', '=', size).executeTakeFirst();
  // A checkpoint signed under another origin (LOG_ORIGIN or PUBLIC_BASE_URL changed) names
  // another log; re-sign the same tree under the current one.
  if (existing && existing.note.startsWith(`${ctx.logOrigin}\n`)) return { size, rootHash: existing.root_hash, note: existing.note };
  const root = await rootHash(ctx.db, size);
  const note = signNote(formatCheckpoint({ origin: ctx.logOrigin, size, rootHash: root }), [
    { name: ctx.logOrigin, privateKey: ctx.keys.current().privateKey },
  ]);
  const row = { size, root_hash: Buffer.from(root).toString('base64'), note, created_at: ctx.clock.now().toISOString() };
  if (existing) await ctx.db.updateTable('log_checkpoints').set(row).where('size', '=', size).execute();
  else await ctx.db.insertInto('log_checkpoints').values(row).onConflict((oc) => oc.column('size').doNothing()).execute();
  const stored = await ctx.db.selectFrom('log_checkpoints').selectAll().where('size', '=', size).executeTakeFirstOrThrow();
  return { size, rootHash: stored.root_hash, note: stored.note };
}
