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
import { reserveSequenceValues } from '../../store/sequences.ts';
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
 * A batch reserves its indexes at once and reads the older hashes it needs in one go.
 */
export async function appendLeaves(trx: Trx, leaves: ReadonlyArray<{ labelId: string; type: string; at: string; leaf: string }>): Promise<number> {
  if (leaves.length === 0) return logSize(trx);
  const first = (await reserveSequenceValues(trx, LOG_SEQUENCE, leaves.length)) - leaves.length;
  const batchStart = storedHashIndex(0, first);
  const older = new Set<number>();
  leaves.forEach((_, k) => indexesForStoredHashes(first + k).forEach((i) => i < batchStart && older.add(i)));
  const stored = await loadHashes(trx, [...older]);
  const fresh = new Map<number, Hash>();
  const read: ReadHashes = (wanted) => wanted.map((i) => fresh.get(i) ?? stored([i])[0]!);
  const hashRows: Array<{ idx: number; hash: string }> = [];
  const encoder = new TextEncoder();
  leaves.forEach((entry, k) => {
    const n = first + k;
    const start = storedHashIndex(0, n);
    storedHashesForRecord(n, encoder.encode(entry.leaf), read).forEach((hash, j) => {
      fresh.set(start + j, hash);
      hashRows.push({ idx: start + j, hash: Buffer.from(hash).toString('base64') });
    });
  });
  await insertInChunks(hashRows, (chunk) => trx.insertInto('log_hashes').values(chunk).execute());
  await insertInChunks(
    leaves.map((entry, k) => ({ idx: first + k, label_id: entry.labelId, type: entry.type, at: entry.at, leaf: entry.leaf })),
    (chunk) => trx.insertInto('log_entries').values(chunk).execute(),
  );
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
