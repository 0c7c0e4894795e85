/**
 * Suffix array over a sequence of Int32 token ids, and the searches the tracer needs.
 *
 * Construction is prefix doubling that only re-sorts the groups of suffixes not yet told apart (Larsson and
 * Sadakane's idea, with each round's new ranks written after all its sorts, so every key is of the same round): round
 * h orders each open group by the group of the suffix h tokens on, a small radix sort per group. Most suffixes are
 * alone after two or three tokens, so later rounds touch few of them. Typed arrays only, about 17 bytes per token at
 * peak with the tokens (tokens, suffix array, rank, keys: 4 each; a group-start byte), no per-suffix objects. Because
 * the corpus stream puts a unique separator after every sentence and document, the rounds are bounded by the longest
 * repeated sentence.
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
  // rank[i]: where the group of suffixes agreeing with suffix i on their first h tokens starts in `sa` (so ranks
  // order groups as `sa` does); head[p] = 1 where a group starts (head[n] closes the last one).
  const rank = new Int32Array(n);
  const head = new Uint8Array(n + 1);
  initialOrder(tokens, sa, rank, head);
  const keys = new Int32Array(n);
  const scratch: GroupScratch = { keys: new Int32Array(0), sa: new Int32Array(0), counts: new Int32Array(256) };
  for (let h = 1; ; h *= 2) {
    // 1. Within each group not yet down to one suffix, order its suffixes by the group of the suffix h tokens on
    //    (-1 when it runs out: shorter first). Ranks are only read here, so every key is of the same round.
    let open = false;
    for (let a = 0; a < n; ) {
      let b = a + 1;
      while (head[b] === 0) b++;
      if (b - a > 1) {
        open = true;
        for (let p = a; p < b; p++) {
          const next = sa[p]! + h;
          keys[p] = next < n ? rank[next]! : -1;
        }
        sortGroup(sa, keys, a, b, scratch);
      }
      a = b;
    }
    if (!open) break;
    // 2. Split each such group where its key changes: the parts are the groups of the first 2h tokens.
    for (let a = 0; a < n; ) {
      let b = a + 1;
      while (head[b] === 0) b++;
      if (b - a > 1) {
        let group = a;
        for (let p = a; p < b; p++) {
          if (p > a && keys[p] !== keys[p - 1]) {
            group = p;
            head[p] = 1;
          }
          rank[sa[p]!] = group;
        }
      }
      a = b;
    }
  }
  return sa;
}

interface GroupScratch {
  keys: Int32Array;
  sa: Int32Array;
  counts: Int32Array;
}

/** Sorts sa[a, b) by keys[a, b) (keys >= -1): insertion sort when small, else an LSD radix sort on bytes of key − min. */
function sortGroup(sa: Int32Array, keys: Int32Array, a: number, b: number, scratch: GroupScratch): void {
  const m = b - a;
  if (m <= 24) {
    for (let p = a + 1; p < b; p++) {
      const k = keys[p]!;
      const s = sa[p]!;
      let q = p - 1;
      while (q >= a && keys[q]! > k) {
        keys[q + 1] = keys[q]!;
        sa[q + 1] = sa[q]!;
        q--;
      }
      keys[q + 1] = k;
      sa[q + 1] = s;
    }
    return;
  }
  let min = keys[a]!;
  let max = min;
  for (let p = a + 1; p < b; p++) {
    const k = keys[p]!;
    if (k < min) min = k;
    else if (k > max) max = k;
  }
  if (min === max) return;
  if (scratch.keys.length < m) {
    scratch.keys = new Int32Array(Math.max(m, 2 * scratch.keys.length));
    scratch.sa = new Int32Array(scratch.keys.length);
  }
  const range = max - min;
  const counts = scratch.counts;
  let fromKeys = keys;
  let fromSa = sa;
  let fromAt = a;
  let toKeys = scratch.keys;
  let toSa = scratch.sa;
  let toAt = 0;
  for (let shift = 0; shift < 32 && range >>> shift > 0; shift += 8) {
    counts.fill(0);
    for (let p = fromAt; p < fromAt + m; p++) counts[((fromKeys[p]! - min) >>> shift) & 255]! += 1;
    let sum = 0;
    for (let d = 0; d < 256; d++) {
      const c = counts[d]!;
      counts[d] = sum;
      sum += c;
    }
    for (let p = fromAt; p < fromAt + m; p++) {
      const k = fromKeys[p]!;
      const slot = toAt + counts[((k - min) >>> shift) & 255]!++;
      toKeys[slot] = k;
      toSa[slot] = fromSa[p]!;
    }
    [fromKeys, toKeys] = [toKeys, fromKeys];
    [fromSa, toSa] = [toSa, fromSa];
    [fromAt, toAt] = [toAt, fromAt];
  }
  if (fromKeys !== keys) {
    keys.set(fromKeys.subarray(fromAt, fromAt + m), a);
    sa.set(fromSa.subarray(fromAt, fromAt + m), a);
  }
}

/** Sorts positions by their first token into `sa`, marks where each token's group starts, and ranks each position by it. */
function initialOrder(tokens: Int32Array, sa: Int32Array, rank: Int32Array, head: Uint8Array): void {
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
  let group = 0;
  for (let p = 0; p < n; p++) {
    if (p === 0 || tokens[sa[p]!] !== tokens[sa[p - 1]!]) {
      group = p;
      head[p] = 1;
    }
    rank[sa[p]!] = group;
  }
  head[n] = 1;
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
