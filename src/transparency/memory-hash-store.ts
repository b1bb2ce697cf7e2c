/**
 * An in-memory stored-hash log, for tests and for verifiers that rebuild a tree locally. Hashes
 * live in fixed 1 MiB chunks rather than one growing array: no copying as the log grows, and no
 * per-hash object (a million leaves are about two million hashes).
 */
import { TransparencyError } from './errors.ts';
import { type Hash, HASH_SIZE } from './hash.ts';
import { storedHashesForRecord } from './merkle.ts';

const HASHES_PER_CHUNK = 32_768;

/** Append-only storage of a Merkle tree's stored hashes, readable with `readHashes`. */
export class MemoryHashStore {
  readonly #chunks: Uint8Array[] = [];
  #hashCount = 0;
  #size = 0;

  /** Number of leaves appended so far. */
  get size(): number {
    return this.#size;
  }

  /** Number of stored hashes held; always storedHashCount(size). */
  get hashCount(): number {
    return this.#hashCount;
  }

  /** Appends one leaf (its raw data, hashed as RFC 9162 §2.1.1 says) and returns its index. */
  append(leafData: Uint8Array): number {
    const index = this.#size;
    for (const hash of storedHashesForRecord(index, leafData, this.readHashes)) this.#push(hash);
    this.#size++;
    return index;
  }

  /**
   * Reads stored hashes by index; a ReadHashes function, already bound so it can be passed as is.
   * Returns copies, so callers may change a proof without changing the log.
   */
  readonly readHashes = (indexes: readonly number[]): Hash[] =>
    indexes.map((index) => {
      if (!Number.isSafeInteger(index) || index < 0 || index >= this.#hashCount) {
        throw new TransparencyError('INVALID_ARGUMENT', `stored hash ${index} does not exist: the store holds ${this.#hashCount}`);
      }
      const chunk = this.#chunks[Math.floor(index / HASHES_PER_CHUNK)]!;
      const offset = (index % HASHES_PER_CHUNK) * HASH_SIZE;
      return chunk.slice(offset, offset + HASH_SIZE);
    });

  #push(hash: Hash): void {
    const slot = this.#hashCount % HASHES_PER_CHUNK;
    if (slot === 0) this.#chunks.push(new Uint8Array(HASHES_PER_CHUNK * HASH_SIZE));
    this.#chunks[this.#chunks.length - 1]!.set(hash, slot * HASH_SIZE);
    this.#hashCount++;
  }
}
