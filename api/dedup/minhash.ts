import { fmix32, seededUint32s } from './hash32.js';

/** Number of MinHash functions: 128 gives a Jaccard estimate with standard error ≤ 0.045. */
export const MINHASH_PERMUTATIONS = 128;

/**
 * Fixed seed of the hash family. Changing it (or anything in this file) changes every stored signature and band key:
 * bump FINGERPRINT_VERSION in fingerprint.ts and re-fingerprint the records if you ever do.
 */
export const MINHASH_SEED = 0x53545241; // "STRA"

// Two independent keys per function. h_i(x) = fmix32(fmix32(x ^ a_i) + b_i): a keyed double avalanche, so the
// minima under different i behave as independent random permutations of the shingle hashes (checked in the tests
// against the exact Jaccard).
const KEYS = seededUint32s(MINHASH_SEED, 2 * MINHASH_PERMUTATIONS);
const KEY_A = Uint32Array.from({ length: MINHASH_PERMUTATIONS }, (_, i) => KEYS[2 * i]!);
const KEY_B = Uint32Array.from({ length: MINHASH_PERMUTATIONS }, (_, i) => KEYS[2 * i + 1]!);

/**
 * MinHash signature of a set of uint32 shingle hashes: for each of the 128 functions, the minimum over the set.
 * Plain numbers (uint32) so the array can be stored as a Neo4j list property. An empty set gives all 0xffffffff.
 *
 * One function at a time over all shingles, its keys (typed arrays) and running minimum in locals: every submitted
 * record pays 128 × its shingles of these, and going shingle by shingle into an array of minima took nearly twice as
 * long (the values are the same; the tests pin them and compare them with the plain form).
 */
export function minhashSignature(shingleHashes: readonly number[]): number[] {
  const signature = new Array<number>(MINHASH_PERMUTATIONS);
  const count = shingleHashes.length;
  for (let i = 0; i < MINHASH_PERMUTATIONS; i++) {
    const a = KEY_A[i]!;
    const b = KEY_B[i]!;
    let min = 0xffffffff;
    for (let j = 0; j < count; j++) {
      const h = fmix32((fmix32(shingleHashes[j]! ^ a) + b) >>> 0);
      if (h < min) min = h;
    }
    signature[i] = min;
  }
  return signature;
}

/** Fraction of agreeing positions: an unbiased estimate of the Jaccard similarity of the two underlying sets. */
export function estimateJaccard(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length || a.length === 0) {
    throw new RangeError(`MinHash signatures must have the same non-zero length (got ${a.length} and ${b.length})`);
  }
  let equal = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) equal++;
  return equal / a.length;
}
