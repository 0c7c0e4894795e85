import { jaccardOfSorted } from './jaccard.js';
import { bandHashes } from './lsh.js';
import { minhashSignature } from './minhash.js';
import { shingleHashes } from './shingles.js';

/** Jaccard of word 5-gram shingle sets at or above which two records share a ContentCluster (docs/architecture.md#fingerprints). */
export const NEAR_DUPLICATE_THRESHOLD = 0.8;

/**
 * Names the whole fingerprint algorithm (tokenisation, shingle hash, MinHash seed, banding). Store it beside the
 * fingerprint: fingerprints of different versions must not be compared.
 */
export const FINGERPRINT_VERSION = 'shingle5-fnv1a32-minhash128-lsh32x4-v1';

/** What the write path stores per record: plain arrays so they fit Neo4j properties. */
export interface Fingerprint {
  /** Sorted distinct uint32 hashes of the word 5-gram shingles: for the exact Jaccard check. */
  shingles: number[];
  /** 128 uint32 MinHash values. */
  signature: number[];
  /**
   * The 32 LSH band keys' 32-bit hashes (`bandHash`): stored on the cluster and indexed to find candidates. The keys'
   * text (`bandKeys(signature)`) is needed only to find clusters stored as band nodes.
   */
  bandHashes: number[];
}

export function fingerprint(text: string): Fingerprint {
  const shingles = shingleHashes(text);
  const signature = minhashSignature(shingles);
  return { shingles, signature, bandHashes: bandHashes(signature) };
}

/** Verified near-duplicate test: exact Jaccard of the shingle sets, not the MinHash estimate. */
export function isNearDuplicate(
  a: Pick<Fingerprint, 'shingles'>,
  b: Pick<Fingerprint, 'shingles'>,
  threshold = NEAR_DUPLICATE_THRESHOLD,
): boolean {
  return jaccardOfSorted(a.shingles, b.shingles) >= threshold;
}

/**
 * Of the candidates an index seek returned (or earlier records of the same batch), the one this record is a
 * near-duplicate of: highest Jaccard, ties to the smallest id so the choice does not depend on result order.
 * Undefined when none reaches the threshold.
 */
export function bestNearDuplicate<C extends { id: string; shingles: readonly number[] }>(
  record: Pick<Fingerprint, 'shingles'>,
  candidates: readonly C[],
  threshold = NEAR_DUPLICATE_THRESHOLD,
): { candidate: C; jaccard: number } | undefined {
  let best: { candidate: C; jaccard: number } | undefined;
  for (const candidate of candidates) {
    const similarity = jaccardOfSorted(record.shingles, candidate.shingles);
    if (similarity < threshold) continue;
    if (
      best === undefined ||
      similarity > best.jaccard ||
      (similarity === best.jaccard && candidate.id < best.candidate.id)
    ) {
      best = { candidate, jaccard: similarity };
    }
  }
  return best;
}
