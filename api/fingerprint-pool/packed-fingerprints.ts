import type { Fingerprint } from '../dedup/fingerprint.js';
import { LSH_BANDS } from '../dedup/lsh.js';
import { MINHASH_PERMUTATIONS } from '../dedup/minhash.js';

/**
 * Fingerprints as they cross from the fingerprint thread: one Uint32Array (moved, not copied) holding, per record,
 * its position in the batch, its shingle count, its shingles, its 128 MinHash values and its 32 band hashes.
 */
export function packFingerprints(prints: ReadonlyArray<{ index: number; print: Fingerprint }>): Uint32Array {
  let length = 0;
  for (const { print } of prints) length += 2 + print.shingles.length + MINHASH_PERMUTATIONS + LSH_BANDS;
  const packed = new Uint32Array(length);
  let at = 0;
  for (const { index, print } of prints) {
    if (print.signature.length !== MINHASH_PERMUTATIONS || print.bandHashes.length !== LSH_BANDS) {
      throw new RangeError(`a fingerprint has ${MINHASH_PERMUTATIONS} MinHash values and ${LSH_BANDS} band hashes`);
    }
    packed[at++] = index;
    packed[at++] = print.shingles.length;
    packed.set(print.shingles, at);
    at += print.shingles.length;
    packed.set(print.signature, at);
    at += MINHASH_PERMUTATIONS;
    packed.set(print.bandHashes, at);
    at += LSH_BANDS;
  }
  return packed;
}

/** Puts each packed fingerprint at its position in `into`. */
export function unpackFingerprints(packed: Uint32Array, into: Fingerprint[]): void {
  let at = 0;
  while (at < packed.length) {
    const index = packed[at]!;
    const count = packed[at + 1]!;
    at += 2;
    const shingles = numbers(packed, at, count);
    at += count;
    const signature = numbers(packed, at, MINHASH_PERMUTATIONS);
    at += MINHASH_PERMUTATIONS;
    const bandHashes = numbers(packed, at, LSH_BANDS);
    at += LSH_BANDS;
    into[index] = { shingles, signature, bandHashes };
  }
}

// A plain loop: Array.from over a subarray goes through the iterator protocol and took ~5 ms for a batch of 500.
function numbers(packed: Uint32Array, from: number, count: number): number[] {
  const out = new Array<number>(count);
  for (let i = 0; i < count; i++) out[i] = packed[from + i]!;
  return out;
}
