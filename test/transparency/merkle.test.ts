import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { describe, it } from 'node:test';
import {
  MemoryHashStore,
  checkRecord,
  checkTree,
  emptyRoot,
  indexesForRecordProof,
  indexesForStoredHashes,
  indexesForTreeHash,
  indexesForTreeProof,
  leafHash,
  nodeHash,
  proveRecord,
  proveTree,
  splitStoredHashIndex,
  storedHashCount,
  storedHashIndex,
  storedHashesForRecord,
  treeHash,
} from '../../src/transparency/index.ts';
import { NaiveTree, hex, prng, randomLeaves } from './naive-merkle.ts';

const random = prng(6962);
const leaves = randomLeaves(1025, random);
const naive = new NaiveTree(leaves);
const store = new MemoryHashStore();
for (const leaf of leaves) store.append(leaf);

/** 0, 1, and 2^k and 2^k + 1 for k up to 10. */
const EDGE_SIZES = [...new Set([0, 1, ...Array.from({ length: 11 }, (_, k) => [2 ** k, 2 ** k + 1]).flat()])].sort((a, b) => a - b);

const pick = (max: number): number => Math.floor(random() * max);

describe('hashing (RFC 9162 §2.1.1)', () => {
  it('hashes the empty tree, a leaf and a node with their domain-separation prefixes', () => {
    const sha256 = (bytes: number[]) => crypto.createHash('sha256').update(Uint8Array.from(bytes)).digest('hex');
    assert.equal(hex(emptyRoot()), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    assert.equal(hex(leafHash(Uint8Array.of(7, 8))), sha256([0, 7, 8]));
    assert.equal(hex(nodeHash(new Uint8Array(32).fill(2), new Uint8Array(32).fill(3))), sha256([1, ...new Array(32).fill(2), ...new Array(32).fill(3)]));
  });

  it('hashes leaves larger than its reused buffer', () => {
    const big = new Uint8Array(10_000).map((_, i) => i % 251);
    assert.equal(hex(leafHash(big)), hex(new NaiveTree([big]).mth()));
  });

  it('refuses to hash a node from something that is not 32 bytes', () => {
    assert.throws(() => nodeHash(new Uint8Array(31), new Uint8Array(32)), RangeError);
  });
});

describe('stored-hash layout', () => {
  it('numbers hashes in the order appends write them (leaf, then each completed parent)', () => {
    // Leaves 0..3 write: L0, L1, N(0,1), L2, L3, N(2,3), N(0..3).
    assert.deepEqual([storedHashIndex(0, 0), storedHashIndex(0, 1), storedHashIndex(1, 0)], [0, 1, 2]);
    assert.deepEqual([storedHashIndex(0, 2), storedHashIndex(0, 3), storedHashIndex(1, 1), storedHashIndex(2, 0)], [3, 4, 5, 6]);
    assert.equal(storedHashIndex(0, 4), 7);
  });

  it('splits every index back into its level and subtree', () => {
    for (let level = 0; level < 12; level++) {
      for (let n = 0; n < 200; n++) assert.deepEqual(splitStoredHashIndex(storedHashIndex(level, n)), [level, n]);
    }
  });

  it('counts stored hashes as the store holds them', () => {
    const counting = new MemoryHashStore();
    assert.equal(storedHashCount(0), 0);
    for (let n = 1; n <= 600; n++) {
      counting.append(Uint8Array.of(n & 255));
      assert.equal(counting.hashCount, storedHashCount(n), `n = ${n}`);
    }
  });

  it('stores every complete subtree hash at its index', () => {
    for (const level of [0, 1, 3, 10]) {
      for (let n = 0; (n + 1) * 2 ** level <= leaves.length; n++) {
        const [stored] = store.readHashes([storedHashIndex(level, n)]);
        assert.equal(hex(stored!), hex(naive.mth(n * 2 ** level, (n + 1) * 2 ** level)));
      }
    }
  });

  it('appends the leaf hash and every subtree leaf n completes', () => {
    const hashes = storedHashesForRecord(7, leaves[7]!, store.readHashes);
    assert.deepEqual(hashes.map(hex), [naive.mth(7, 8), naive.mth(6, 8), naive.mth(4, 8), naive.mth(0, 8)].map(hex));
    assert.equal(storedHashesForRecord(8, leaves[8]!, store.readHashes).length, 1);
  });

  it('handles indexes far beyond 2^32 without bit-shift overflow', () => {
    const n = 2 ** 40 + 5;
    assert.deepEqual(splitStoredHashIndex(storedHashIndex(3, n)), [3, n]);
    assert.equal(storedHashCount(2 ** 40), 2 ** 41 - 1);
  });
});

describe('tree hashes and proofs against the naive RFC 6962 definitions', () => {
  it('computes MTH for 0, 1, 2^k and 2^k + 1 leaves, k ≤ 10', () => {
    assert.equal(EDGE_SIZES.length, 22);
    for (const size of EDGE_SIZES) assert.equal(hex(treeHash(size, store.readHashes)), hex(naive.mth(0, size)), `size ${size}`);
  });

  it('generates PATH for first, last and random leaves at every edge size, and they verify', () => {
    for (const size of EDGE_SIZES.filter((s) => s > 0)) {
      const root = naive.mth(0, size);
      for (const m of new Set([0, size - 1, pick(size), pick(size)])) {
        const proof = proveRecord(size, m, store.readHashes);
        assert.deepEqual(proof.map(hex), naive.path(m, 0, size).map(hex), `leaf ${m} of ${size}`);
        assert.equal(checkRecord(proof, size, root, m, leafHash(leaves[m]!)), true);
      }
    }
  });

  it('generates PROOF between edge sizes, and they verify', () => {
    const sizes = EDGE_SIZES.filter((s) => s > 0);
    for (const newSize of sizes) {
      for (const oldSize of sizes.filter((s) => s <= newSize)) {
        const proof = proveTree(newSize, oldSize, store.readHashes);
        assert.deepEqual(proof.map(hex), naive.proof(oldSize, newSize).map(hex), `${oldSize} → ${newSize}`);
        assert.equal(checkTree(proof, newSize, naive.mth(0, newSize), oldSize, naive.mth(0, oldSize)), true);
      }
    }
  });

  it('proves and verifies inclusion and consistency at 300 random (n, t) pairs', () => {
    for (let i = 0; i < 300; i++) {
      const t = 1 + pick(leaves.length);
      const n = pick(t);
      const root = naive.mth(0, t);
      const inclusion = proveRecord(t, n, store.readHashes);
      assert.equal(checkRecord(inclusion, t, root, n, leafHash(leaves[n]!)), true, `leaf ${n} of ${t}`);
      assert.deepEqual(inclusion.map(hex), naive.path(n, 0, t).map(hex));
      const old = n + 1;
      const consistency = proveTree(t, old, store.readHashes);
      assert.equal(checkTree(consistency, t, root, old, naive.mth(0, old)), true, `${old} → ${t}`);
      assert.deepEqual(consistency.map(hex), naive.proof(old, t).map(hex));
      if (inclusion.length > 0) {
        assert.equal(checkRecord(inclusion.slice(1), t, root, n, leafHash(leaves[n]!)), false);
      }
    }
  });

  it('reads O(log n) stored hashes, in a single call, for any proof', () => {
    const calls: number[][] = [];
    const spy = (indexes: readonly number[]) => {
      calls.push([...indexes]);
      return store.readHashes(indexes);
    };
    proveRecord(1025, 700, spy);
    proveTree(1025, 1000, spy);
    treeHash(1023, spy);
    assert.equal(calls.length, 3);
    for (const call of calls) assert.ok(call.length <= 2 * Math.log2(1025), `${call.length} reads`);
  });
});

describe('reading through an asynchronous store', () => {
  it('lists in advance exactly the indexes each operation reads, so they can be fetched first', async () => {
    const fetchAsync = async (indexes: number[]) => store.readHashes(indexes);
    const answer = (hashes: Uint8Array[]) => (asked: readonly number[]) => {
      assert.equal(asked.length, hashes.length);
      return hashes;
    };
    const prefetchedRoot = treeHash(777, answer(await fetchAsync(indexesForTreeHash(777))));
    assert.equal(hex(prefetchedRoot), hex(naive.mth(0, 777)));
    const inclusion = proveRecord(777, 300, answer(await fetchAsync(indexesForRecordProof(777, 300))));
    assert.deepEqual(inclusion.map(hex), proveRecord(777, 300, store.readHashes).map(hex));
    const consistency = proveTree(777, 500, answer(await fetchAsync(indexesForTreeProof(777, 500))));
    assert.deepEqual(consistency.map(hex), proveTree(777, 500, store.readHashes).map(hex));
    const appended = storedHashesForRecord(1023, leaves[1023]!, answer(await fetchAsync(indexesForStoredHashes(1023))));
    assert.equal(appended.length, 11);
  });
});

describe('argument and reader checks', () => {
  it('refuses impossible proof requests', () => {
    assert.throws(() => proveRecord(5, 5, store.readHashes), { code: 'INVALID_ARGUMENT' });
    assert.throws(() => proveRecord(0, 0, store.readHashes), { code: 'INVALID_ARGUMENT' });
    assert.throws(() => proveRecord(5, -1, store.readHashes), { code: 'INVALID_ARGUMENT' });
    assert.throws(() => proveTree(5, 6, store.readHashes), { code: 'INVALID_ARGUMENT' });
    assert.throws(() => treeHash(1.5, store.readHashes), { code: 'INVALID_ARGUMENT' });
    assert.throws(() => treeHash(2 ** 53, store.readHashes), { code: 'INVALID_ARGUMENT' });
  });

  it('fails loudly when a hash reader returns too few hashes or a short hash', () => {
    assert.throws(() => treeHash(7, () => []), { code: 'HASH_READ_FAILED' });
    assert.throws(() => treeHash(7, (indexes) => indexes.map(() => new Uint8Array(31))), { code: 'HASH_READ_FAILED' });
  });

  it('answers false, never throws, for malformed verification input', () => {
    const root = naive.mth(0, 4);
    assert.equal(checkRecord([], 4, root, -1, root), false);
    assert.equal(checkRecord([], 4.5, root, 0, root), false);
    assert.equal(checkRecord([new Uint8Array(31)], 2, root, 0, root), false);
    assert.equal(checkRecord([], 1, new Uint8Array(3), 0, root), false);
    assert.equal(checkTree([], 4, root, 5, root), false);
    assert.equal(checkTree([new Uint8Array(33)], 5, root, 4, root), false);
  });

  it('accepts equal sizes only with an empty proof and equal roots', () => {
    const root = naive.mth(0, 5);
    assert.equal(checkTree([], 5, root, 5, root), true);
    assert.equal(checkTree([root], 5, root, 5, root), false);
    assert.equal(checkTree([], 5, root, 5, naive.mth(0, 4)), false);
  });

  it('gives copies from the memory store, so editing a proof leaves the log intact', () => {
    const before = hex(treeHash(8, store.readHashes));
    const proof = proveRecord(8, 0, store.readHashes);
    proof[2]![0]! ^= 0xff;
    assert.equal(hex(treeHash(8, store.readHashes)), before);
    assert.throws(() => store.readHashes([store.hashCount]), { code: 'INVALID_ARGUMENT' });
  });
});
