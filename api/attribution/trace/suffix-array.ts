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

/** For every start i of a query: the length of its longest match and a suffix-array rank holding it (SuffixArray.matchAll). */
export interface StartMatches {
  lengths: Int32Array;
  ranks: Int32Array;
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
 * counts. O(n + V) from the tokens alone, no look at the suffix array; starts every search inside its first token's
 * range, which saves the widest steps of the search (the ones that miss the cache most).
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

  /** Upper end of the last `widen` result (a second return value without allocating a pair per call). */
  widenHi = 0;

  /** A rank whose suffix shares the last `matchLength` result with the query (where the search met it). */
  matchRank = 0;

  static build(tokens: Int32Array, docStarts: Int32Array): SuffixArray {
    return new SuffixArray(tokens, buildSuffixArray(tokens), docStarts);
  }

  get length(): number {
    return this.tokens.length;
  }

  get documentCount(): number {
    return this.docStarts.length;
  }

  /** Longest prefix of `query[from, to)` occurring in the token stream, with its SA range. */
  longestMatch(query: Int32Array, from = 0, to: number = query.length): MatchRange {
    const length = this.matchLength(query, from, to);
    if (length === 0) return { length, lo: 0, hi: this.tokens.length };
    const lo = this.widen(query, from, length, this.matchRank, this.matchRank + 1);
    return { length, lo, hi: this.widenHi };
  }

  /**
   * The length of the longest prefix of `query[from, to)` that starts some suffix, and in `matchRank` one such
   * suffix's rank. One binary search for where the query would sort, comparing whole suffixes: the suffix sharing the
   * longest prefix with the query sorts next to that place, and the search compares with both neighbours on its way
   * there (Manber and Myers' search: each comparison starts after the tokens both ends of the current range are known
   * to share with the query). Searching token by token costs two binary searches per matched token instead. Most word
   * starts of a traced text match two or three words, fewer than any span needs, so the tracer stops there; the
   * ranges of the lengths it does need come from `widen`.
   */
  matchLength(query: Int32Array, from: number, to: number): number {
    if (from >= to) return 0;
    let lo = 0;
    let hi = this.tokens.length;
    let depth = 0;
    const first = query[from]!;
    const table = this.firstTokens;
    // The first token's range from the table (an empty table turns it off, for the bench's before/after rows).
    if (first >= 0 && table.length > 0) {
      if (first + 1 >= table.length || table[first]! >= table[first + 1]!) return 0;
      lo = table[first]!;
      hi = table[first + 1]!;
      depth = 1;
    }
    const tokens = this.tokens;
    const sa = this.sa;
    const n = tokens.length;
    const want = to - from;
    // Ranks in [lo, a) sort before the query, [b, hi) not; each end shares lcpA / lcpB tokens with it.
    let a = lo;
    let b = hi;
    let lcpA = depth;
    let lcpB = depth;
    let best = lo < hi ? depth : 0;
    this.matchRank = lo;
    while (a < b) {
      const m = (a + b) >>> 1;
      const p = sa[m]!;
      let d = lcpA < lcpB ? lcpA : lcpB;
      while (d < want && p + d < n && tokens[p + d] === query[from + d]) d++;
      if (d > best) {
        best = d;
        this.matchRank = m;
        if (best === want) return best;
      }
      // The suffix runs out (sorts first) or holds a smaller token where they differ: it sorts before the query.
      if (p + d >= n || tokens[p + d]! < query[from + d]!) {
        a = m + 1;
        lcpA = d;
      } else {
        b = m;
        lcpB = d;
      }
    }
    return best;
  }

  /**
   * `matchLength` from every start of the query: `lengths[i]` for `query[i, limits[i])`, and in `ranks[i]` a rank
   * holding that match (its `matchRank`). The pass a trace makes over each shard once, which its exact and NEAR
   * evidence both read.
   */
  matchAll(query: Int32Array, limits: Int32Array): StartMatches {
    const lengths = new Int32Array(query.length);
    const ranks = new Int32Array(query.length);
    for (let i = 0; i < query.length; i++) {
      lengths[i] = this.matchLength(query, i, limits[i]!);
      ranks[i] = this.matchRank;
    }
    return { lengths, ranks };
  }

  /**
   * The SA range of the suffixes starting with `query[from, from + length)`, given a non-empty range [lo, hi) of
   * ranks inside it (such as `matchRank` after `matchLength`, or the range of a longer prefix): its ends are galloped
   * to outward (1, 2, 4, … ranks), then binary-searched. That costs about log2 of how far each end moves, whatever
   * the size of the array, and the ranks read lie next to each other. Returns the lower end and stores the upper in
   * `widenHi`. With a `limit`, a range found to hold more than `limit` suffixes is given up on: the result is then
   * some range of more than `limit` suffixes, not the exact one (for callers that skip a common phrase anyway).
   */
  widen(query: Int32Array, from: number, length: number, lo: number, hi: number, limit = Infinity): number {
    let step = 1;
    let inside = lo;
    while (inside - step >= 0 && this.startsWith(inside - step, query, from, length)) {
      inside -= step;
      step *= 2;
      if (hi - inside > limit) {
        this.widenHi = hi;
        return inside;
      }
    }
    // The lower end is in (inside − step, inside]: the first rank there whose suffix starts with the query.
    let a = Math.max(0, inside - step + 1);
    let b = inside;
    while (a < b) {
      const m = (a + b) >>> 1;
      if (this.startsWith(m, query, from, length)) b = m;
      else a = m + 1;
    }
    const lo2 = a;
    const n = this.tokens.length;
    step = 1;
    inside = hi - 1;
    while (inside + step < n && this.startsWith(inside + step, query, from, length)) {
      inside += step;
      step *= 2;
      if (inside + 1 - lo2 > limit) {
        this.widenHi = inside + 1;
        return lo2;
      }
    }
    // The upper end is in (inside, inside + step]: the first rank there whose suffix does not start with the query.
    a = inside + 1;
    b = Math.min(n, inside + step);
    while (a < b) {
      const m = (a + b) >>> 1;
      if (this.startsWith(m, query, from, length)) a = m + 1;
      else b = m;
    }
    this.widenHi = a;
    return lo2;
  }

  /** Does the suffix at `rank` start with `query[from, from + length)`? */
  private startsWith(rank: number, query: Int32Array, from: number, length: number): boolean {
    const p = this.sa[rank]!;
    if (p + length > this.tokens.length) return false;
    for (let k = 0; k < length; k++) if (this.tokens[p + k] !== query[from + k]) return false;
    return true;
  }

  /** Document (index into docStarts) containing token position `pos`. */
  docOf(pos: number): number {
    return upperBound(this.docStarts, pos) - 1;
  }
}
