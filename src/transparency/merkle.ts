/**
 * RFC 9162 Merkle tree hashes and proofs, computed from a log's "stored hashes".
 *
 * The layout is that of Go's golang.org/x/mod/sumdb/tlog: a log stores, for every complete
 * subtree (2^level leaves starting at leaf n·2^level), its hash at storedHashIndex(level, n).
 * Appending leaf n writes the leaf hash and the hash of every subtree it completes, so the
 * storage is append-only and about two hashes per leaf. Any tree hash or proof then needs at most
 * O(log n) stored hashes: each range of leaves that RFC 9162 §2.1 hashes splits into at most
 * log₂ n complete subtrees.
 *
 * Indexes are JavaScript numbers; trees are limited to MAX_TREE_SIZE leaves so that every stored
 * hash index (about twice the leaf count) stays a safe integer.
 */
import { TransparencyError } from './errors.ts';
import { type Hash, type ReadHashes, emptyRoot, leafHash, nodeHash, readHashesChecked } from './hash.ts';

export { type Hash, type ReadHashes, HASH_SIZE, emptyRoot, hashesEqual, leafHash, nodeHash } from './hash.ts';
export { checkRecord, checkTree } from './merkle-check.ts';

/** Largest supported tree size: 2^52 leaves, so stored-hash indexes (< 2n) stay below 2^53. */
export const MAX_TREE_SIZE = 2 ** 52;

/** A half-open range of leaf indexes [lo, hi) whose Merkle Tree Hash is one proof element. */
type LeafRange = readonly [lo: number, hi: number];

function checkCount(what: string, value: number, min: number, max: number): void {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new TransparencyError('INVALID_ARGUMENT', `${what} must be an integer from ${min} to ${max}, got ${value}`);
  }
}

/** The largest power of two k ≤ x (x ≥ 1), and log₂ k. Arithmetic, not shifts: x may exceed 2^32. */
function floorPowerOfTwo(x: number): [k: number, level: number] {
  let k = 1;
  let level = 0;
  while (k * 2 <= x) {
    k *= 2;
    level++;
  }
  return [k, level];
}

/** The split point of RFC 9162 §2.1.1: the largest power of two strictly less than n (n ≥ 2). */
function splitPoint(n: number): number {
  return floorPowerOfTwo(n - 1)[0];
}

/** Number of trailing 1 bits of n: how many subtrees appending leaf n completes. */
function trailingOnes(n: number): number {
  let count = 0;
  for (let m = n; m % 2 === 1; m = (m - 1) / 2) count++;
  return count;
}

/**
 * Position in the stored-hash layout of the hash of the complete subtree at `level` (2^level
 * leaves) and index `n` within that level. Hashes appear in the order they are completed while
 * leaves are appended: leaf n's hash, then every parent that leaf completes, lowest first.
 */
export function storedHashIndex(level: number, n: number): number {
  checkCount('level', level, 0, 52);
  checkCount('subtree index', n, 0, MAX_TREE_SIZE - 1);
  if ((n + 1) * 2 ** level > MAX_TREE_SIZE) {
    throw new TransparencyError('INVALID_ARGUMENT', `subtree (${level}, ${n}) lies beyond MAX_TREE_SIZE`);
  }
  // The subtree (level, n) is completed together with its last leaf, (n + 1)·2^level − 1.
  let leaf = n;
  for (let l = level; l > 0; l--) leaf = 2 * leaf + 1;
  // Leaf m's hash sits after the m + m/2 + m/4 + … hashes written before it (one per leaf, one
  // per completed subtree); the subtree hashes it completes follow it in level order.
  let index = 0;
  for (let m = leaf; m > 0; m = Math.floor(m / 2)) index += m;
  return index + level;
}

/** Inverse of storedHashIndex: the (level, n) of the subtree whose hash is at `index`. */
export function splitStoredHashIndex(index: number): [level: number, n: number] {
  checkCount('stored hash index', index, 0, 2 * MAX_TREE_SIZE - 1);
  // storedHashIndex(0, n) < 2n, so the leaf that wrote this hash is at or a little after index/2.
  let leaf = Math.floor(index / 2);
  let leafIndex = storedHashIndex(0, leaf);
  for (;;) {
    const next = leafIndex + 1 + trailingOnes(leaf);
    if (next > index) break;
    leaf++;
    leafIndex = next;
  }
  const level = index - leafIndex;
  return [level, Math.floor(leaf / 2 ** level)];
}

/** Number of stored hashes a log of n leaves holds: the leaf hashes plus one per complete subtree. */
export function storedHashCount(n: number): number {
  checkCount('tree size', n, 0, MAX_TREE_SIZE);
  if (n === 0) return 0;
  return storedHashIndex(0, n - 1) + 1 + trailingOnes(n - 1);
}

/** The stored hashes that storedHashesForRecordHash(n, …) reads: the left siblings it completes. */
export function indexesForStoredHashes(n: number): number[] {
  checkCount('record index', n, 0, MAX_TREE_SIZE - 1);
  const completed = trailingOnes(n);
  const indexes: number[] = [];
  // Each trailing 1 bit of n closes a subtree whose left half is already stored; list them
  // highest level first so that the indexes are increasing, which helps range reads.
  for (let level = completed - 1; level >= 0; level--) {
    indexes.push(storedHashIndex(level, Math.floor(n / 2 ** level) - 1));
  }
  return indexes;
}

/**
 * The hashes to append to storage when adding leaf n with hash `hash`: the leaf hash, then the
 * hash of every subtree it completes, lowest level first. They go at storedHashIndex(0, n)
 * onwards. Calls `readHashes` at most once, with indexesForStoredHashes(n).
 */
export function storedHashesForRecordHash(n: number, hash: Hash, readHashes: ReadHashes): Hash[] {
  const indexes = indexesForStoredHashes(n);
  const siblings = indexes.length > 0 ? readHashesChecked(readHashes, indexes) : [];
  const hashes = [hash];
  let current = hash;
  for (let i = siblings.length - 1; i >= 0; i--) {
    current = nodeHash(siblings[i]!, current);
    hashes.push(current);
  }
  return hashes;
}

/** storedHashesForRecordHash for raw leaf data: hashes it with leafHash (RFC 9162 §2.1.1) first. */
export function storedHashesForRecord(n: number, leafData: Uint8Array, readHashes: ReadHashes): Hash[] {
  return storedHashesForRecordHash(n, leafHash(leafData), readHashes);
}

/** The stored hashes treeHash(n, …) reads. */
export function indexesForTreeHash(n: number): number[] {
  checkCount('tree size', n, 0, MAX_TREE_SIZE);
  return n === 0 ? [] : rangesIndexes([[0, n]]).indexes;
}

/** MTH(D[0:n]), the root hash of the first n leaves (RFC 9162 §2.1.1). Reads at most once. */
export function treeHash(n: number, readHashes: ReadHashes): Hash {
  checkCount('tree size', n, 0, MAX_TREE_SIZE);
  if (n === 0) return emptyRoot();
  return readRanges([[0, n]], readHashes)[0]!;
}

/** The stored hashes proveRecord(t, n, …) reads. */
export function indexesForRecordProof(t: number, n: number): number[] {
  return rangesIndexes(inclusionRanges(t, n)).indexes;
}

/**
 * The inclusion proof of leaf n in the tree of size t, PATH(n, D[0:t]) of RFC 9162 §2.1.3.1:
 * sibling subtree hashes from the leaf up to the root. Reads at most once.
 */
export function proveRecord(t: number, n: number, readHashes: ReadHashes): Hash[] {
  return readRanges(inclusionRanges(t, n), readHashes);
}

/** The stored hashes proveTree(t, n, …) reads. */
export function indexesForTreeProof(t: number, n: number): number[] {
  return rangesIndexes(consistencyRanges(t, n)).indexes;
}

/**
 * The consistency proof from the tree of size n to the tree of size t, PROOF(n, D[0:t]) of
 * RFC 9162 §2.1.4.1; empty when n = t. Consistency with the empty tree is undefined, so n ≥ 1.
 * Reads at most once.
 */
export function proveTree(t: number, n: number, readHashes: ReadHashes): Hash[] {
  return readRanges(consistencyRanges(t, n), readHashes);
}

/** The leaf ranges of PATH(n, D[0:t]) (RFC 9162 §2.1.3.1), in proof order (leaf to root). */
function inclusionRanges(t: number, n: number): LeafRange[] {
  checkCount('tree size', t, 1, MAX_TREE_SIZE);
  checkCount('leaf index', n, 0, t - 1);
  const topDown: LeafRange[] = [];
  let lo = 0;
  let hi = t;
  while (hi - lo > 1) {
    const k = splitPoint(hi - lo);
    if (n < lo + k) {
      topDown.push([lo + k, hi]);
      hi = lo + k;
    } else {
      topDown.push([lo, lo + k]);
      lo += k;
    }
  }
  return topDown.reverse();
}

/** The leaf ranges of SUBPROOF(n, D[0:t], true) (RFC 9162 §2.1.4.1), in proof order. */
function consistencyRanges(t: number, n: number): LeafRange[] {
  checkCount('new tree size', t, 1, MAX_TREE_SIZE);
  checkCount('old tree size', n, 1, t);
  const topDown: LeafRange[] = [];
  let lo = 0;
  let hi = t;
  while (n !== hi) {
    const k = splitPoint(hi - lo);
    if (n <= lo + k) {
      topDown.push([lo + k, hi]);
      hi = lo + k;
    } else {
      topDown.push([lo, lo + k]);
      lo += k;
    }
  }
  // SUBPROOF's flag b stays true exactly while the walk keeps to the left edge (lo = 0): there
  // the subtree is the old tree itself, whose hash the verifier already has.
  if (lo !== 0) topDown.push([lo, hi]);
  return topDown.reverse();
}

/**
 * The stored hashes whose right-to-left fold gives MTH(D[lo:hi]) for each range: RFC 9162's
 * split puts the largest complete subtree on the left, so a range is its complete subtrees in
 * decreasing size. `counts[i]` is how many indexes range i contributes.
 */
function rangesIndexes(ranges: readonly LeafRange[]): { indexes: number[]; counts: number[] } {
  const indexes: number[] = [];
  const counts: number[] = [];
  for (const [start, hi] of ranges) {
    const before = indexes.length;
    for (let lo = start; lo < hi; ) {
      const [k, level] = floorPowerOfTwo(hi - lo);
      if (lo % k !== 0) throw new Error(`bug: leaf range [${start}, ${hi}) is not made of aligned subtrees`);
      indexes.push(storedHashIndex(level, lo / k));
      lo += k;
    }
    counts.push(indexes.length - before);
  }
  return { indexes, counts };
}

/** MTH of each range, from one batched read of the stored hashes. */
function readRanges(ranges: readonly LeafRange[], readHashes: ReadHashes): Hash[] {
  const { indexes, counts } = rangesIndexes(ranges);
  const hashes = indexes.length > 0 ? readHashesChecked(readHashes, indexes) : [];
  const out: Hash[] = [];
  let start = 0;
  for (const count of counts) {
    let hash = hashes[start + count - 1]!;
    for (let i = start + count - 2; i >= start; i--) hash = nodeHash(hashes[i]!, hash);
    out.push(hash);
    start += count;
  }
  return out;
}
