/**
 * The paraphrase tier's rule versions (the `+semantic/N` part of an attribution's method version). Every version
 * stays runnable, so an attribution made with an earlier one is recomputed with its own rules
 * (docs/architecture.md#the-paraphrase-tier-semantic).
 */
import { SEMANTIC_MIN_OVERLAP } from './semantic-evidence.js';

export interface SemanticTierRules {
  version: number;
  /** The BM25 overlap an output sentence's best candidate needs for the sentence to be embedded (SemanticOptions.minOverlap). */
  minOverlap: number;
}

/** semantic/1: every output sentence with a BM25 candidate is embedded. semantic/2: only sentences with a candidate that shares enough of their rare words. */
export const SEMANTIC_TIERS: readonly SemanticTierRules[] = [
  { version: 1, minOverlap: 0 },
  { version: 2, minOverlap: SEMANTIC_MIN_OVERLAP },
];

export const CURRENT_SEMANTIC_TIER: SemanticTierRules = SEMANTIC_TIERS[SEMANTIC_TIERS.length - 1]!;

export function semanticTierOf(version: number): SemanticTierRules | undefined {
  return SEMANTIC_TIERS.find((t) => t.version === version);
}
