import { normalizeText } from '../core/normalize.js';
import { hashString32 } from './hash32.js';

/** Shingle width in words, fixed in docs/architecture.md#fingerprints (word 5-grams). */
export const SHINGLE_WORDS = 5;

// A word is a run of letters, combining marks and digits. Punctuation and case are not words, so re-punctuating or
// re-casing a passage is not a "change" for dedup purposes.
const WORD = /[\p{L}\p{M}\p{N}]+/gu;

/** The lowercase words of the normalised text (core/normalize.ts), in order. */
export function shingleWords(text: string): string[] {
  return normalizeText(text).toLowerCase().match(WORD) ?? [];
}

/**
 * The distinct word 5-grams of a text, in first-occurrence order, each as its words joined by one space.
 * A text with fewer than 5 words is one shingle of all its words (or, with no words at all, of the whole normalised
 * lowercase text), so short records still have a fingerprint and still match their exact copies.
 */
export function wordShingles(text: string): string[] {
  const words = shingleWords(text);
  if (words.length === 0) return [normalizeText(text).toLowerCase()];
  if (words.length < SHINGLE_WORDS) return [words.join(' ')];
  const seen = new Set<string>();
  for (let i = 0; i + SHINGLE_WORDS <= words.length; i++) {
    seen.add(words.slice(i, i + SHINGLE_WORDS).join(' '));
  }
  return [...seen];
}

/**
 * The shingle set as sorted, distinct uint32 hashes: compact enough to store on a node for Jaccard verification.
 * Two different shingles collide with probability 2^-32 per pair, far below what moves a Jaccard of ~0.8.
 */
export function shingleHashes(text: string): number[] {
  const hashes = new Set(wordShingles(text).map(hashString32));
  return [...hashes].sort((a, b) => a - b);
}
