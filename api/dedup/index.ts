// Near-duplicate detection at ingest (docs/architecture.md#fingerprints): word 5-gram shingles → MinHash → LSH band keys
// for candidate lookup → exact Jaccard ≥ 0.8 to confirm.
export { fingerprint, isNearDuplicate, bestNearDuplicate, NEAR_DUPLICATE_THRESHOLD, FINGERPRINT_VERSION } from './fingerprint.js';
export type { Fingerprint } from './fingerprint.js';
export { jaccard, jaccardOfSets, jaccardOfSorted } from './jaccard.js';
export { wordShingles, shingleWords, shingleHashes, SHINGLE_WORDS } from './shingles.js';
export { minhashSignature, estimateJaccard, MINHASH_PERMUTATIONS, MINHASH_SEED } from './minhash.js';
export { bandKeys, bandHash, bandHashes, sharesBand, candidateProbability, LSH_BANDS, LSH_ROWS } from './lsh.js';
export { BandIndex } from './band-index.js';
