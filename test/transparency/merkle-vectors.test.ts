/**
 * The RFC 6962 / RFC 9162 reference vectors (fixtures/rfc6962-vectors.json, a copy of
 * /work/shared/data/merkle/rfc6962-vectors.json): 8 leaves, every root, every inclusion proof and
 * every consistency proof. Generation must match byte for byte; verification must accept them and
 * reject each kind of damage.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { MemoryHashStore, checkRecord, checkTree, leafHash, proveRecord, proveTree, treeHash } from '../../src/transparency/index.ts';
import { fromHex, hex } from './naive-merkle.ts';

interface Vectors {
  leafInputsHex: string[];
  rootHashesBySize: Record<string, string>;
  inclusionProofs: Array<{ leafIndex: number; treeSize: number; proof: string[] }>;
  consistencyProofs: Array<{ size1: number; size2: number; proof: string[] }>;
}

const vectors: Vectors = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, 'fixtures/rfc6962-vectors.json'), 'utf8'));
const leaves = vectors.leafInputsHex.map(fromHex);
const root = (size: number): Uint8Array => fromHex(vectors.rootHashesBySize[String(size)]!);
const store = new MemoryHashStore();
for (const leaf of leaves) store.append(leaf);

const flipBit = (proof: Uint8Array[], element: number, bit: number): Uint8Array[] =>
  proof.map((hash, i) => {
    if (i !== element) return hash;
    const copy = hash.slice();
    copy[bit >> 3]! ^= 1 << (bit & 7);
    return copy;
  });

describe('RFC 6962 vectors: tree hashes', () => {
  it('has the 8 leaves and 9 roots the vectors promise', () => {
    assert.equal(leaves.length, 8);
    assert.equal(Object.keys(vectors.rootHashesBySize).length, 9);
  });

  it('computes the root of every size 0 to 8 byte for byte', () => {
    for (let size = 0; size <= 8; size++) {
      assert.equal(hex(treeHash(size, store.readHashes)), vectors.rootHashesBySize[String(size)], `size ${size}`);
    }
  });
});

describe('RFC 6962 vectors: inclusion proofs', () => {
  it('covers every leaf of every size 1 to 8', () => {
    assert.equal(vectors.inclusionProofs.length, 36);
  });

  it('generates every proof byte for byte', () => {
    for (const { leafIndex, treeSize, proof } of vectors.inclusionProofs) {
      assert.deepEqual(proveRecord(treeSize, leafIndex, store.readHashes).map(hex), proof, `leaf ${leafIndex} of ${treeSize}`);
    }
  });

  it('accepts every proof', () => {
    for (const { leafIndex, treeSize, proof } of vectors.inclusionProofs) {
      const ok = checkRecord(proof.map(fromHex), treeSize, root(treeSize), leafIndex, leafHash(leaves[leafIndex]!));
      assert.equal(ok, true, `leaf ${leafIndex} of ${treeSize}`);
    }
  });

  it('rejects a proof with any one bit flipped, and a flipped leaf or root hash', () => {
    for (const { leafIndex, treeSize, proof } of vectors.inclusionProofs) {
      const hashes = proof.map(fromHex);
      const leaf = leafHash(leaves[leafIndex]!);
      for (let e = 0; e < hashes.length; e++) {
        for (const bit of [0, 7, 100, 255]) {
          assert.equal(checkRecord(flipBit(hashes, e, bit), treeSize, root(treeSize), leafIndex, leaf), false, `leaf ${leafIndex} of ${treeSize}, element ${e}, bit ${bit}`);
        }
      }
      assert.equal(checkRecord(hashes, treeSize, root(treeSize), leafIndex, flipBit([leaf], 0, 3)[0]!), false);
      assert.equal(checkRecord(hashes, treeSize, flipBit([root(treeSize)], 0, 3)[0]!, leafIndex, leaf), false);
    }
  });

  it('rejects a proof checked for the wrong leaf index', () => {
    for (const { leafIndex, treeSize, proof } of vectors.inclusionProofs) {
      const leaf = leafHash(leaves[leafIndex]!);
      for (let wrong = 0; wrong <= treeSize; wrong++) {
        if (wrong === leafIndex) continue;
        assert.equal(checkRecord(proof.map(fromHex), treeSize, root(treeSize), wrong, leaf), false, `leaf ${leafIndex} of ${treeSize} as ${wrong}`);
      }
    }
  });

  it('rejects a proof checked against another tree size and its root', () => {
    for (const { leafIndex, treeSize, proof } of vectors.inclusionProofs) {
      const leaf = leafHash(leaves[leafIndex]!);
      for (let wrong = 1; wrong <= 8; wrong++) {
        if (wrong === treeSize) continue;
        assert.equal(checkRecord(proof.map(fromHex), wrong, root(wrong), leafIndex, leaf), false, `leaf ${leafIndex} of ${treeSize} as size ${wrong}`);
      }
    }
  });

  it('rejects a truncated proof and a proof with an extra element', () => {
    for (const { leafIndex, treeSize, proof } of vectors.inclusionProofs) {
      const hashes = proof.map(fromHex);
      const leaf = leafHash(leaves[leafIndex]!);
      if (hashes.length > 0) {
        assert.equal(checkRecord(hashes.slice(0, -1), treeSize, root(treeSize), leafIndex, leaf), false);
        assert.equal(checkRecord(hashes.slice(1), treeSize, root(treeSize), leafIndex, leaf), false);
      }
      for (const extra of [leaf, root(treeSize), new Uint8Array(32)]) {
        assert.equal(checkRecord([...hashes, extra], treeSize, root(treeSize), leafIndex, leaf), false);
        assert.equal(checkRecord([extra, ...hashes], treeSize, root(treeSize), leafIndex, leaf), false);
      }
    }
  });
});

describe('RFC 6962 vectors: consistency proofs', () => {
  it('covers every pair of sizes 1 ≤ m ≤ n ≤ 8', () => {
    assert.equal(vectors.consistencyProofs.length, 36);
  });

  it('generates every proof byte for byte', () => {
    for (const { size1, size2, proof } of vectors.consistencyProofs) {
      assert.deepEqual(proveTree(size2, size1, store.readHashes).map(hex), proof, `${size1} → ${size2}`);
    }
  });

  it('accepts every proof', () => {
    for (const { size1, size2, proof } of vectors.consistencyProofs) {
      assert.equal(checkTree(proof.map(fromHex), size2, root(size2), size1, root(size1)), true, `${size1} → ${size2}`);
    }
  });

  it('rejects a proof with any one bit flipped, and a flipped old or new root', () => {
    for (const { size1, size2, proof } of vectors.consistencyProofs) {
      const hashes = proof.map(fromHex);
      for (let e = 0; e < hashes.length; e++) {
        for (const bit of [0, 7, 100, 255]) {
          assert.equal(checkTree(flipBit(hashes, e, bit), size2, root(size2), size1, root(size1)), false, `${size1} → ${size2}, element ${e}, bit ${bit}`);
        }
      }
      assert.equal(checkTree(hashes, size2, flipBit([root(size2)], 0, 9)[0]!, size1, root(size1)), false);
      assert.equal(checkTree(hashes, size2, root(size2), size1, flipBit([root(size1)], 0, 9)[0]!), false);
    }
  });

  it('rejects a proof checked for other sizes (with their roots)', () => {
    for (const { size1, size2, proof } of vectors.consistencyProofs) {
      const hashes = proof.map(fromHex);
      for (let wrong = 1; wrong <= 8; wrong++) {
        if (wrong !== size1 && wrong <= size2) {
          assert.equal(checkTree(hashes, size2, root(size2), wrong, root(wrong)), false, `${size1} → ${size2} as old size ${wrong}`);
        }
        if (wrong !== size2 && wrong >= size1) {
          assert.equal(checkTree(hashes, wrong, root(wrong), size1, root(size1)), false, `${size1} → ${size2} as new size ${wrong}`);
        }
      }
    }
  });

  it('rejects a truncated proof and a proof with an extra element', () => {
    for (const { size1, size2, proof } of vectors.consistencyProofs) {
      const hashes = proof.map(fromHex);
      if (hashes.length > 0) {
        assert.equal(checkTree(hashes.slice(0, -1), size2, root(size2), size1, root(size1)), false);
        assert.equal(checkTree(hashes.slice(1), size2, root(size2), size1, root(size1)), false);
      }
      for (const extra of [root(size1), root(size2), new Uint8Array(32)]) {
        assert.equal(checkTree([...hashes, extra], size2, root(size2), size1, root(size1)), false);
        assert.equal(checkTree([extra, ...hashes], size2, root(size2), size1, root(size1)), false);
      }
    }
  });

  it('rejects consistency with the empty tree, which RFC 9162 leaves undefined', () => {
    assert.equal(checkTree([], 0, root(0), 0, root(0)), false);
    assert.equal(checkTree([root(3)], 3, root(3), 0, root(0)), false);
    assert.throws(() => proveTree(3, 0, store.readHashes), { code: 'INVALID_ARGUMENT' });
  });
});
