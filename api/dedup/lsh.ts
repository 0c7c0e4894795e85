import { FNV1A_OFFSET, fmix32, fnv1aByte, hashString32, hex32 } from './hash32.js';
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
 * The 32 band keys' hashes (`bandHash` of each of `bandKeys`), computed from the signature without building the keys'
 * text: the write path needs only the hashes, and building ~16,000 keys of ~36 characters per 500-record batch to hash
 * them at once was a measurable share of a batch's time and garbage.
 */
export function bandHashes(signature: readonly number[]): number[] {
  if (signature.length !== MINHASH_PERMUTATIONS) {
    throw new RangeError(`expected a ${MINHASH_PERMUTATIONS}-value signature, got ${signature.length}`);
  }
  const hashes = new Array<number>(LSH_BANDS);
  for (let band = 0; band < LSH_BANDS; band++) {
    // The key's text is `b<band>:` and each row as 8 lowercase hex digits: its ASCII codes, fed to FNV-1a in order.
    let h = fnv1aByte(FNV1A_OFFSET, 0x62);
    if (band >= 10) h = fnv1aByte(h, 0x30 + Math.floor(band / 10));
    h = fnv1aByte(fnv1aByte(h, 0x30 + (band % 10)), 0x3a);
    for (let row = band * LSH_ROWS; row < (band + 1) * LSH_ROWS; row++) {
      const value = signature[row]! >>> 0;
      for (let shift = 28; shift >= 0; shift -= 4) {
        const nibble = (value >>> shift) & 0xf;
        h = fnv1aByte(h, nibble < 10 ? 0x30 + nibble : 0x57 + nibble);
      }
    }
    hashes[band] = fmix32(h);
  }
  return hashes;
}

/**
 * A band key's 32-bit hash: what a content cluster stores and what the band index keys on
 * (docs/architecture.md#near-duplicates-under-concurrency). As 8 hex digits each, a cluster's 32 take 256 characters
 * where the keys' text takes ~1.15 KB. Two different keys may share a hash, so a hash names a candidate, never a near-duplicate: the
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
