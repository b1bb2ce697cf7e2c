/** Offline-verifiable receipts: a label's latest leaf, its inclusion proof and a signed checkpoint. */
import type { AppContext } from '../context.ts';
import { currentCheckpoint } from './checkpoints.ts';
import { inclusionProof } from './log-store.ts';

export interface LabelReceipt {
  /** The exact canonical JSON string that was hashed into the tree (RFC 6962 leaf input). */
  leaf: string;
  /** 0-based leaf index. */
  index: number;
  /** Inclusion proof (RFC 9162 §2.1.3), base64 SHA-256 hashes, from the leaf up. */
  proof: string[];
  /** The signed checkpoint note the proof leads to. */
  checkpoint: string;
}

export async function labelReceipt(ctx: AppContext, registrationNumber: string): Promise<LabelReceipt | undefined> {
  const entry = await ctx.db
    .selectFrom('log_entries')
    .innerJoin('labels', 'labels.id', 'log_entries.label_id')
    .select(['log_entries.idx', 'log_entries.leaf'])
    .where('labels.registration_number', '=', registrationNumber)
    .orderBy('log_entries.idx', 'desc')
    .executeTakeFirst();
  if (!entry) return undefined;
  const checkpoint = await currentCheckpoint(ctx);
  const proof = await inclusionProof(ctx.db, Number(entry.idx), checkpoint.size);
  return {
    leaf: entry.leaf,
    index: Number(entry.idx),
    proof: proof.map((h) => Buffer.from(h).toString('base64')),
    checkpoint: checkpoint.note,
  };
}
