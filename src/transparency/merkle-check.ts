/**
 * Proof verification, written as the step-by-step algorithms of RFC 9162 §2.1.3.2 and §2.1.4.2
 * rather than as a mirror of the proof generator, so that the two check each other. Both
 * functions answer false (never throw) for any malformed input: a verifier only needs "valid".
 */
import { type Hash, hashesEqual, isHash, nodeHash } from './hash.ts';

const isIndex = (x: number): boolean => Number.isSafeInteger(x) && x >= 0;
const isOdd = (x: number): boolean => x % 2 === 1;
const half = (x: number): number => Math.floor(x / 2);

/**
 * True when `proof` shows that the leaf with hash `h` is leaf `n` of the tree of size `t` whose
 * root hash is `th` (RFC 9162 §2.1.3.2).
 */
export function checkRecord(proof: readonly Hash[], t: number, th: Hash, n: number, h: Hash): boolean {
  // Step 1: the leaf must lie inside the tree.
  if (!isIndex(t) || !isIndex(n) || n >= t) return false;
  if (!isHash(th) || !isHash(h) || !proof.every(isHash)) return false;
  // Steps 2–3.
  let fn = n;
  let sn = t - 1;
  let r = h;
  // Step 4.
  for (const p of proof) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  // Step 5: every level must have been consumed, and the root must match.
  return sn === 0 && hashesEqual(r, th);
}

/**
 * True when `proof` shows that the tree of size `n` with root hash `h` is a prefix of the tree of
 * size `t` with root hash `th` (RFC 9162 §2.1.4.2). Equal sizes need an empty proof and equal
 * hashes; size 0 is rejected because consistency with the empty tree is undefined.
 */
export function checkTree(proof: readonly Hash[], t: number, th: Hash, n: number, h: Hash): boolean {
  if (!isIndex(t) || !isIndex(n) || n < 1 || n > t) return false;
  if (!isHash(th) || !isHash(h) || !proof.every(isHash)) return false;
  if (n === t) return proof.length === 0 && hashesEqual(h, th);
  // Step 1.
  if (proof.length === 0) return false;
  // Step 2: for a power-of-two old size the generator left out the old root, which the verifier has.
  const path = isPowerOfTwo(n) ? [h, ...proof] : proof;
  // Steps 3–4.
  let fn = n - 1;
  let sn = t - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  // Step 5.
  let fr = path[0]!;
  let sr = path[0]!;
  // Step 6.
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  // Step 7.
  return sn === 0 && hashesEqual(fr, h) && hashesEqual(sr, th);
}

/** Arithmetic, not `x & (x - 1)`: sizes may exceed 2^32. */
function isPowerOfTwo(x: number): boolean {
  let m = x;
  while (m > 1 && !isOdd(m)) m /= 2;
  return m === 1;
}
