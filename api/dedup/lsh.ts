import { hashString32, hex32 } from './hash32.js';
import { MINHASH_PERMUTATIONS } from './minhash.js';

/**
 * LSH banding of the 128-value signature: 32 bands of 4 rows. Two records become candidates when any band agrees,
 * with probability 1 − (1 − J⁴)³² for Jaccard J: ≈ 1 − 5·10⁻⁸ at J = 0.8 (a near-duplicate is practically never
 * missed), ≈ 0.87 at 0.5, ≈ 0.23 at 0.3, ≈ 0.005 at 0.1. False candidates are cheap: the exact Jaccard check rejects them.
 */
export const LSH_BANDS = 32;
export const LSH_ROWS = 4;

if (LSH_BANDS * LSH_ROWS !== MINHASH_PERMUTATIONS) {
  throw new Error('LSH bands × rows must cover the MinHash signature exactly');
}

/**
 * One key per band, `b<band>:<hex of the band's rows>`. The band number is part of the key because equal values in
 * different bands mean nothing. The rows are written out in full (32 hex chars), not re-hashed, so equal keys mean
 * equal bands exactly. Stored and indexed, a key is its 32-bit hash (`bandHash`).
 */
export function bandKeys(signature: readonly number[]): string[] {
  if (signature.length !== MINHASH_PERMUTATIONS) {
    throw new RangeError(`expected a ${MINHASH_PERMUTATIONS}-value signature, got ${signature.length}`);
  }
  const keys: string[] = [];
  for (let band = 0; band < LSH_BANDS; band++) {
    let key = `b${band}:`;
    for (let row = band * LSH_ROWS; row < (band + 1) * LSH_ROWS; row++) key += hex32(signature[row]!);
    keys.push(key);
  }
  return keys;
}

/**
 * A band key's 32-bit hash: what a content cluster stores and what the band index keys on
 * (docs/architecture.md#near-duplicates-under-concurrency). 32 integers pack into ~0.2 KB where the keys' text takes
 * ~1.15 KB per cluster. Two different keys may share a hash, so a hash names a candidate, never a near-duplicate: the
 * exact Jaccard check decides, and a collision costs one extra check. A hash given as a number is returned as it is,
 * so band keys stored either way (text on clusters written before, hashes since) can be compared.
 */
export function bandHash(key: string | number): number {
  return typeof key === 'number' ? key : hashString32(key);
}

/** Whether two band-key lists share a key, i.e. the records are LSH candidates for each other. */
export function sharesBand(a: readonly string[], b: readonly string[]): boolean {
  const keys = new Set(a);
  return b.some((key) => keys.has(key));
}

/** Probability that two sets with Jaccard `j` share at least one band (the S-curve above). */
export function candidateProbability(j: number): number {
  return 1 - (1 - j ** LSH_ROWS) ** LSH_BANDS;
}
