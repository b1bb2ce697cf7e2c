/**
 * The RFC 6962 §2.1 definitions (MTH, PATH, PROOF/SUBPROOF) written as literally as possible, with
 * SHA-256 from node:crypto directly, to check the stored-hash implementation against. Subtree
 * hashes are memoised per leaf range so that proofs for every leaf of a 1,025-leaf tree stay cheap.
 */
import crypto from 'node:crypto';

const sha256 = (...parts: Uint8Array[]): Uint8Array => {
  const h = crypto.createHash('sha256');
  for (const part of parts) h.update(part);
  return new Uint8Array(h.digest());
};

/** Largest power of two strictly less than n (n > 1): the k of RFC 6962 §2.1. */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** A naive Merkle tree over fixed leaves. */
export class NaiveTree {
  readonly #memo = new Map<string, Uint8Array>();
  constructor(readonly leaves: readonly Uint8Array[]) {}

  /** MTH(D[lo:hi]). */
  mth(lo = 0, hi = this.leaves.length): Uint8Array {
    const key = `${lo}:${hi}`;
    let hash = this.#memo.get(key);
    if (!hash) {
      const n = hi - lo;
      if (n === 0) hash = sha256();
      else if (n === 1) hash = sha256(Uint8Array.of(0), this.leaves[lo]!);
      else {
        const k = split(n);
        hash = sha256(Uint8Array.of(1), this.mth(lo, lo + k), this.mth(lo + k, hi));
      }
      this.#memo.set(key, hash);
    }
    return hash;
  }

  /** PATH(m, D[lo:hi]). */
  path(m: number, lo = 0, hi = this.leaves.length): Uint8Array[] {
    const n = hi - lo;
    if (n === 1) return [];
    const k = split(n);
    if (m < k) return [...this.path(m, lo, lo + k), this.mth(lo + k, hi)];
    return [...this.path(m - k, lo + k, hi), this.mth(lo, lo + k)];
  }

  /** PROOF(m, D[0:n]) = SUBPROOF(m, D[0:n], true). */
  proof(m: number, n = this.leaves.length): Uint8Array[] {
    return this.#subproof(m, 0, n, true);
  }

  #subproof(m: number, lo: number, hi: number, b: boolean): Uint8Array[] {
    const n = hi - lo;
    if (m === n) return b ? [] : [this.mth(lo, hi)];
    const k = split(n);
    if (m <= k) return [...this.#subproof(m, lo, lo + k, b), this.mth(lo + k, hi)];
    return [...this.#subproof(m - k, lo + k, hi, false), this.mth(lo, lo + k)];
  }
}

/** A small deterministic PRNG (mulberry32), so that "random" cases are the same on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` pseudo-random leaves of 0 to 40 bytes. */
export function randomLeaves(count: number, random: () => number): Uint8Array[] {
  return Array.from({ length: count }, () => Uint8Array.from({ length: Math.floor(random() * 41) }, () => Math.floor(random() * 256)));
}

export const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
export const fromHex = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'hex'));
