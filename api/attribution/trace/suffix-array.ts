/**
 * Suffix array over a sequence of Int32 token ids, and the searches the tracer needs.
 *
 * Construction is prefix doubling with radix (counting) sorts: O(n log L) where L is the longest repeated
 * substring, using only typed arrays (about 20 bytes per token at peak, no per-suffix objects). Because the corpus
 * stream puts a unique separator after every sentence and document, L is bounded by the longest repeated sentence,
 * so a 10^7-token corpus needs only a handful of rounds.
 *
 * Order: tokens compare as signed integers; a suffix that runs out (reaches the end of the array) sorts before any
 * longer suffix it prefixes. The search below uses the same convention, so binary search is consistent with it.
 */

import { sharedInt32 } from './shared-array.js';
import { upperBound } from './upper-bound.js';

export interface MatchRange {
  /** Number of query tokens matched. */
  length: number;
  /** Suffix-array range [lo, hi) of the suffixes that start with those tokens (the whole array when length 0). */
  lo: number;
  hi: number;
}

/** Builds the suffix array of `tokens` (any Int32 values). */
export function buildSuffixArray(tokens: Int32Array): Int32Array {
  const n = tokens.length;
  // In shared memory: tracing threads read it without a copy (see shared-array.ts).
  const sa = sharedInt32(n);
  if (n === 0) return sa;
  let rank = new Int32Array(n);
  let scratch = new Int32Array(n);
  const counts = new Int32Array(n + 1);
  let maxRank = initialRanks(tokens, sa, rank);

  // Invariant: rank[i] is the dense rank (1-based) of the first k tokens of suffix i, and sa is sorted by it.
  for (let k = 1; maxRank < n; k *= 2) {
    // 1. Suffixes ordered by their second key rank[i + k]: those with no second half first (key 0), then the
    //    others in the order of sa (which is sorted by rank, i.e. by the key of i + k).
    let j = 0;
    for (let i = Math.max(0, n - k); i < n; i++) scratch[j++] = i;
    for (let p = 0; p < n; p++) {
      const s = sa[p]!;
      if (s >= k) scratch[j++] = s - k;
    }
    // 2. Stable counting sort by first key.
    counts.fill(0, 0, maxRank + 1);
    for (let i = 0; i < n; i++) counts[rank[i]!]! += 1;
    for (let r = 1; r <= maxRank; r++) counts[r]! += counts[r - 1]!;
    for (let q = n - 1; q >= 0; q--) {
      const s = scratch[q]!;
      const slot = --counts[rank[s]!]!;
      sa[slot] = s;
    }
    // 3. New dense ranks of the first 2k tokens (written into scratch, which is free now).
    const newRank = scratch;
    let r = 1;
    newRank[sa[0]!] = 1;
    for (let p = 1; p < n; p++) {
      const a = sa[p - 1]!;
      const b = sa[p]!;
      if (rank[a] !== rank[b] || secondKey(rank, a + k, n) !== secondKey(rank, b + k, n)) r++;
      newRank[b] = r;
    }
    scratch = rank;
    rank = newRank;
    maxRank = r;
  }
  return sa;
}

function secondKey(rank: Int32Array, i: number, n: number): number {
  return i < n ? rank[i]! : 0;
}

/** Sorts positions by their first token into `sa` and writes dense 1-based ranks; returns the largest rank. */
function initialRanks(tokens: Int32Array, sa: Int32Array, rank: Int32Array): number {
  const n = tokens.length;
  let min = tokens[0]!;
  let max = min;
  for (let i = 1; i < n; i++) {
    const v = tokens[i]!;
    if (v < min) min = v;
    else if (v > max) max = v;
  }
  const span = max - min + 1;
  if (span <= 2 * n + 1024) {
    // Counting sort on the value (the corpus case: word ids and separators form a dense range).
    const counts = new Int32Array(span + 1);
    for (let i = 0; i < n; i++) counts[tokens[i]! - min + 1]! += 1;
    for (let v = 1; v <= span; v++) counts[v]! += counts[v - 1]!;
    for (let i = 0; i < n; i++) sa[counts[tokens[i]! - min]!++] = i;
  } else {
    // Sparse values (arbitrary inputs): a comparison sort of positions is fine at that size class.
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => tokens[a]! - tokens[b]! || a - b);
    sa.set(order);
  }
  let r = 0;
  let prev = 0;
  for (let p = 0; p < n; p++) {
    const v = tokens[sa[p]!]!;
    if (p === 0 || v !== prev) r++;
    prev = v;
    rank[sa[p]!] = r;
  }
  return r;
}

/**
 * The first-token table: for each word id w (>= 0), suffixes starting with w are the SA ranks
 * [table[w], table[w + 1]). Every suffix has at least one token, so suffixes are grouped by their first token, and
 * the separators (negative) all sort before the words: table[0] = number of separators, then a prefix sum of word
 * counts. O(n + V) from the tokens alone, no look at the suffix array; replaces the first two binary searches of
 * every lookup (the widest, so the ones that miss the cache most).
 */
export function buildFirstTokenTable(tokens: Int32Array): Int32Array {
  let maxId = -1;
  let separators = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t < 0) separators++;
    else if (t > maxId) maxId = t;
  }
  const table = sharedInt32(maxId + 2);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t >= 0) table[t + 1]! += 1;
  }
  table[0] = separators;
  for (let w = 1; w < table.length; w++) table[w]! += table[w - 1]!;
  return table;
}

/** A suffix array with its token stream and document boundaries. */
export class SuffixArray {
  /** See buildFirstTokenTable. */
  readonly firstTokens: Int32Array;

  constructor(
    readonly tokens: Int32Array,
    readonly sa: Int32Array,
    /** Ascending start offsets of each document in `tokens`. */
    readonly docStarts: Int32Array,
    /** The first-token table when already built (a tracing thread gets the shared one); built here otherwise. */
    firstTokens?: Int32Array,
  ) {
    if (sa.length !== tokens.length) throw new Error('suffix array and token stream differ in length');
    this.firstTokens = firstTokens ?? buildFirstTokenTable(tokens);
  }

  /** Upper end of the last `narrow` result (a second return value without allocating a pair per call). */
  narrowHi = 0;

  static build(tokens: Int32Array, docStarts: Int32Array): SuffixArray {
    return new SuffixArray(tokens, buildSuffixArray(tokens), docStarts);
  }

  get length(): number {
    return this.tokens.length;
  }

  get documentCount(): number {
    return this.docStarts.length;
  }

  /**
   * Within [lo, hi) — suffixes that agree on their first `depth` tokens, hence sorted by the token at `depth` —
   * the subrange whose token at `depth` is `token`. Returns lo2 and stores hi2 in `this.narrowHi` to avoid
   * allocating in the hot loop.
   */
  narrow(lo: number, hi: number, depth: number, token: number): number {
    let a = lo;
    let b = hi;
    while (a < b) {
      const m = (a + b) >>> 1;
      if (this.tokenAfter(m, depth) < token) a = m + 1;
      else b = m;
    }
    const lo2 = a;
    b = hi;
    while (a < b) {
      const m = (a + b) >>> 1;
      if (this.tokenAfter(m, depth) <= token) a = m + 1;
      else b = m;
    }
    this.narrowHi = a;
    return lo2;
  }

  /** Token `depth` places into the suffix at SA rank `m`; -Infinity past the end (shorter suffixes sort first). */
  private tokenAfter(m: number, depth: number): number {
    const p = this.sa[m]! + depth;
    return p < this.tokens.length ? this.tokens[p]! : -Infinity;
  }

  /** Longest prefix of `query[from, to)` occurring in the token stream, with its SA range. */
  longestMatch(query: Int32Array, from = 0, to: number = query.length): MatchRange {
    const bounds: number[] = [];
    const length = this.matchRanges(query, from, to, bounds);
    return { length, lo: bounds[2 * length]!, hi: bounds[2 * length + 1]! };
  }

  /**
   * The longest match of `query[from, to)`, recording the SA range for every prefix length 0..L: `bounds[2l]`,
   * `bounds[2l+1]` is the range [lo, hi) of suffixes starting with the first l query tokens. Ranges are nested (they widen as l
   * decreases), which lets a caller fall back to shorter matches and scan only the newly added occurrences.
   * Returns L.
   */
  matchRanges(query: Int32Array, from: number, to: number, bounds: number[]): number {
    bounds.length = 0;
    let lo = 0;
    let hi = this.tokens.length;
    bounds.push(lo, hi);
    let length = 0;
    const first = from < to ? query[from]! : -1;
    if (first >= 0 && this.firstTokens.length > 0) {
      // The first token's range from the table: the same range the binary search would find, in O(1). (An empty
      // table turns it off, for the bench's before/after rows.)
      const table = this.firstTokens;
      if (first + 1 >= table.length || table[first]! >= table[first + 1]!) return 0;
      lo = table[first]!;
      hi = table[first + 1]!;
      length = 1;
      bounds.push(lo, hi);
    }
    while (from + length < to && lo < hi) {
      const lo2 = this.narrow(lo, hi, length, query[from + length]!);
      const hi2 = this.narrowHi;
      if (lo2 >= hi2) break;
      lo = lo2;
      hi = hi2;
      length++;
      bounds.push(lo, hi);
    }
    return length;
  }

  /** Document (index into docStarts) containing token position `pos`. */
  docOf(pos: number): number {
    return upperBound(this.docStarts, pos) - 1;
  }
}
