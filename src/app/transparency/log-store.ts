/**
 * The transparency log on the database: appending leaves inside the caller's transaction, and
 * reading stored hashes for tree hashes and proofs. The Merkle arithmetic is in src/transparency;
 * here we only fetch the hashes it names (all at once) and store the ones it produces.
 */
import {
  indexesForRecordProof,
  indexesForStoredHashes,
  indexesForTreeHash,
  indexesForTreeProof,
  proveRecord,
  proveTree,
  storedHashIndex,
  storedHashesForRecord,
  treeHash,
  type Hash,
  type ReadHashes,
} from '../../transparency/index.ts';
import type { Db } from '../../store/database.ts';
import { nextSequenceValue } from '../../store/sequences.ts';
import type { Trx } from '../context.ts';
import { insertInChunks } from '../products/model-numbers.repository.ts';

export const LOG_SEQUENCE = 'transparency-log';

async function loadHashes(db: Db | Trx, indexes: readonly number[]): Promise<ReadHashes> {
  const found = new Map<number, Hash>();
  const unique = [...new Set(indexes)];
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await db.selectFrom('log_hashes').select(['idx', 'hash']).where('idx', 'in', unique.slice(i, i + 500)).execute();
    for (const row of rows) found.set(Number(row.idx), new Uint8Array(Buffer.from(row.hash, 'base64')));
  }
  return (wanted) =>
    wanted.map((index) => {
      const hash = found.get(index);
      if (!hash) throw new Error(`transparency log: stored hash ${index} is missing`);
      return hash;
    });
}

/** Number of leaves committed to the log. */
export async function logSize(db: Db | Trx): Promise<number> {
  const row = await db.selectFrom('sequences').select('value').where('name', '=', LOG_SEQUENCE).executeTakeFirst();
  return row ? Number(row.value) : 0;
}

/**
 * Appends leaves in order and returns the index of the first. Runs in the caller's transaction:
 * the counter row lock makes indexes follow commit order, so the log never has gaps or holes.
 */
export async function appendLeaves(trx: Trx, leaves: ReadonlyArray<{ labelId: string; type: string; at: string; leaf: string }>): Promise<number> {
  if (leaves.length === 0) return logSize(trx);
  let first = -1;
  const hashRows: Array<{ idx: number; hash: string }> = [];
  const fresh = new Map<number, Hash>();
  for (const entry of leaves) {
    const n = (await nextSequenceValue(trx, LOG_SEQUENCE)) - 1;
    if (first < 0) first = n;
    const needed = indexesForStoredHashes(n).filter((i) => !fresh.has(i));
    const stored = needed.length ? await loadHashes(trx, needed) : () => [];
    const read: ReadHashes = (wanted) => wanted.map((i) => fresh.get(i) ?? stored([i])[0]!);
    const hashes = storedHashesForRecord(n, new TextEncoder().encode(entry.leaf), read);
    const start = storedHashIndex(0, n);
    hashes.forEach((hash, k) => {
      fresh.set(start + k, hash);
      hashRows.push({ idx: start + k, hash: Buffer.from(hash).toString('base64') });
    });
    await trx.insertInto('log_entries').values({ idx: n, label_id: entry.labelId, type: entry.type, at: entry.at, leaf: entry.leaf }).execute();
  }
  await insertInChunks(hashRows, (chunk) => trx.insertInto('log_hashes').values(chunk).execute());
  return first;
}

export async function rootHash(db: Db | Trx, size: number): Promise<Hash> {
  return treeHash(size, await loadHashes(db, indexesForTreeHash(size)));
}

/** Inclusion proof of leaf `index` in the tree of `size` leaves (RFC 9162 §2.1.3.1). */
export async function inclusionProof(db: Db | Trx, index: number, size: number): Promise<Hash[]> {
  return proveRecord(size, index, await loadHashes(db, indexesForRecordProof(size, index)));
}

/** Consistency proof from `from` leaves to `to` leaves (RFC 9162 §2.1.4.1). */
export async function consistencyProof(db: Db | Trx, from: number, to: number): Promise<Hash[]> {
  return proveTree(to, from, await loadHashes(db, indexesForTreeProof(to, from)));
}

/** Reads stored hashes for tile export. */
export async function readStoredHashes(db: Db | Trx, indexes: readonly number[]): Promise<ReadHashes> {
  return loadHashes(db, indexes);
}
