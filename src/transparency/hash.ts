/**
 * The SHA-256 hashing of RFC 9162 §2.1.1 (identical to RFC 6962 §2.1): leaves and interior nodes
 * are hashed with different one-byte prefixes so that a leaf can never pass for a node.
 */
import crypto from 'node:crypto';
import { TransparencyError } from './errors.ts';

/** A SHA-256 Merkle tree hash: always 32 bytes. */
export type Hash = Uint8Array;

/** Size of every hash in the tree, in bytes. */
export const HASH_SIZE = 32;

/**
 * Reads stored hashes by their index in the stored-hash layout (see storedHashIndex), returning
 * exactly one 32-byte hash per index, in the order asked. Synchronous on purpose: the Merkle code
 * stays pure, and an asynchronous store first fetches the indexes that the `indexesFor…`
 * functions list, then answers from what it fetched.
 */
export type ReadHashes = (indexes: readonly number[]) => Hash[];

// crypto.hash (Node ≥ 20.12) skips the Hash object; package.json still allows Node 20.11, so fall
// back to createHash. Looked up once: crypto.hash is a getter.
const oneShot = typeof crypto.hash === 'function' ? crypto.hash : undefined;
const digestBinary: (data: Uint8Array) => string = oneShot
  ? (data) => oneShot('sha256', data, 'binary')
  : (data) => crypto.createHash('sha256').update(data).digest('binary');

function sha256(data: Uint8Array): Hash {
  // The digest comes as a "binary" (latin1) string, one char per byte, copied into a JS-allocated
  // array: twice as fast as a Buffer digest, whose memory is allocated natively. Appending a
  // million leaves is two million hashes, so this halves the cost of building a log.
  const digest = digestBinary(data);
  const out = new Uint8Array(HASH_SIZE);
  for (let i = 0; i < HASH_SIZE; i++) out[i] = digest.charCodeAt(i);
  return out;
}

const leafInput = new Uint8Array(4096);

/** MTH({d}) = SHA-256(0x00 || d): the hash of one leaf (RFC 9162 §2.1.1). */
export function leafHash(data: Uint8Array): Hash {
  // Small leaves go through a reused buffer: a fresh allocation per leaf costs as much as the
  // hashing itself when appending in bulk. Safe because hashing is synchronous.
  const input = data.length < leafInput.length ? leafInput.subarray(0, 1 + data.length) : new Uint8Array(1 + data.length);
  input[0] = 0x00;
  input.set(data, 1);
  return sha256(input);
}

// Reused for every interior node: hashing is synchronous, so no call can observe another's bytes.
const nodeInput = new Uint8Array(1 + 2 * HASH_SIZE);

/** SHA-256(0x01 || left || right): the hash of an interior node (RFC 9162 §2.1.1). */
export function nodeHash(left: Hash, right: Hash): Hash {
  if (left.length !== HASH_SIZE || right.length !== HASH_SIZE) {
    throw new RangeError(`nodeHash needs two ${HASH_SIZE}-byte hashes, got ${left.length} and ${right.length} bytes`);
  }
  nodeInput[0] = 0x01;
  nodeInput.set(left, 1);
  nodeInput.set(right, 1 + HASH_SIZE);
  return sha256(nodeInput);
}

/** MTH({}) = SHA-256(""): the root hash of the empty tree (RFC 9162 §2.1.1). */
export function emptyRoot(): Hash {
  return sha256(new Uint8Array(0));
}

/** True when `value` is a Uint8Array of exactly 32 bytes. */
export function isHash(value: unknown): value is Hash {
  return value instanceof Uint8Array && value.length === HASH_SIZE;
}

/** Byte-wise equality of two hashes (tree hashes are public, so no constant-time need). */
export function hashesEqual(a: Hash, b: Hash): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Calls a ReadHashes and checks its answer (one 32-byte hash per index), so that a faulty store
 * fails loudly with HASH_READ_FAILED instead of producing wrong roots.
 */
export function readHashesChecked(readHashes: ReadHashes, indexes: readonly number[]): Hash[] {
  const hashes = readHashes(indexes);
  if (!Array.isArray(hashes) || hashes.length !== indexes.length) {
    const got = Array.isArray(hashes) ? hashes.length : 'no';
    throw new TransparencyError('HASH_READ_FAILED', `hash reader returned ${got} hashes for ${indexes.length} indexes`);
  }
  hashes.forEach((hash, i) => {
    if (!isHash(hash)) throw new TransparencyError('HASH_READ_FAILED', `hash reader returned no 32-byte hash for index ${indexes[i]}`);
  });
  return hashes;
}
