import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildSuffixArray, SuffixArray } from '../../../api/attribution/trace/suffix-array.js';
import { TokenStreamBuilder } from '../../../api/attribution/trace/token-stream.js';

/** Reference order: lexicographic on signed values, a proper prefix first. */
function naiveSuffixArray(tokens: Int32Array): number[] {
  const n = tokens.length;
  return Array.from({ length: n }, (_, i) => i).sort((a, b) => {
    while (a < n && b < n) {
      if (tokens[a] !== tokens[b]) return tokens[a]! - tokens[b]!;
      a++;
      b++;
    }
    return a === n ? -1 : 1;
  });
}

/** Reference longest match: try every position. */
function naiveLongestMatch(tokens: Int32Array, query: Int32Array, from: number, to: number) {
  let best = 0;
  const positions: number[] = [];
  for (let p = 0; p <= tokens.length; p++) {
    let l = 0;
    while (from + l < to && p + l < tokens.length && tokens[p + l] === query[from + l]) l++;
    if (l > best) {
      best = l;
      positions.length = 0;
    }
    if (l === best) positions.push(p);
  }
  return { length: best, positions: best === 0 ? [] : positions.filter((p) => p < tokens.length).sort((a, b) => a - b) };
}

const smallAlphabet = (max: number) => fc.array(fc.integer({ min: -3, max }), { maxLength: 200 }).map((a) => Int32Array.from(a));

describe('buildSuffixArray', () => {
  it('equals a naive sort on random inputs (small alphabets force long repeats)', () => {
    fc.assert(
      fc.property(fc.oneof(smallAlphabet(1), smallAlphabet(3), smallAlphabet(50)), (tokens) => {
        expect(Array.from(buildSuffixArray(tokens))).toEqual(naiveSuffixArray(tokens));
      }),
      { numRuns: 2000 },
    );
  });

  it('equals a naive sort on longer inputs (groups big enough for the radix sort, ranks past one byte)', () => {
    const longer = (max: number) => fc.array(fc.integer({ min: -2, max }), { minLength: 300, maxLength: 3000 }).map((a) => Int32Array.from(a));
    // A block repeated with a few changes: long repeats, so many rounds and groups that split late.
    const repeats = fc
      .tuple(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 40 }), fc.integer({ min: 2, max: 60 }), fc.array(fc.nat(), { maxLength: 5 }))
      .map(([block, times, edits]) => {
        const tokens = Int32Array.from(Array.from({ length: times }, () => block).flat());
        for (const e of edits) tokens[e % tokens.length] = -1 - (e % 3);
        return tokens;
      });
    fc.assert(
      fc.property(fc.oneof(longer(2), longer(40), longer(5000), repeats), (tokens) => {
        expect(Array.from(buildSuffixArray(tokens))).toEqual(naiveSuffixArray(tokens));
      }),
      { numRuns: 150 },
    );
  });

  it('handles sparse values (far apart ids) and extreme integers', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -0x7fffffff, max: 0x7fffffff }), { maxLength: 100 }), (a) => {
        const tokens = Int32Array.from(a);
        expect(Array.from(buildSuffixArray(tokens))).toEqual(naiveSuffixArray(tokens));
      }),
    );
  });

  it('handles degenerate inputs', () => {
    expect(Array.from(buildSuffixArray(new Int32Array(0)))).toEqual([]);
    expect(Array.from(buildSuffixArray(new Int32Array(1000).fill(7)))).toEqual(naiveSuffixArray(new Int32Array(1000).fill(7)));
  });
});

describe('SuffixArray.longestMatch', () => {
  it('equals a naive scan: same length and exactly the occurrences in [lo, hi)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 150 }),
        fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 20 }),
        fc.nat(),
        (corpus, q, seed) => {
          const tokens = Int32Array.from(corpus);
          const query = Int32Array.from(q);
          const index = SuffixArray.build(tokens, Int32Array.of(0));
          const from = seed % query.length;
          const to = from + ((seed >> 5) % (query.length - from)) + 1;
          const got = index.longestMatch(query, from, to);
          const want = naiveLongestMatch(tokens, query, from, to);
          expect(got.length).toBe(want.length);
          if (want.length > 0) {
            expect(Array.from(index.sa.subarray(got.lo, got.hi)).sort((a, b) => a - b)).toEqual(want.positions);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('widen gives, from the longest match down to one token, exactly the occurrences of each prefix', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1, max: 2 }), { minLength: 1, maxLength: 120 }),
        fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 12 }),
        fc.boolean(),
        (corpus, q, table) => {
          const tokens = Int32Array.from(corpus);
          const built = SuffixArray.build(tokens, Int32Array.of(0));
          const index = table ? built : new SuffixArray(tokens, built.sa, built.docStarts, new Int32Array(0));
          const query = Int32Array.from(q);
          const length = index.matchLength(query, 0, query.length);
          expect(length).toBe(naiveLongestMatch(tokens, query, 0, query.length).length);
          if (length === 0) return;
          // matchRank holds a suffix with the whole match; each shorter prefix's range contains the longer one's.
          let lo = index.matchRank;
          let hi = lo + 1;
          for (let l = length; l >= 1; l--) {
            const lo2 = index.widen(query, 0, l, lo, hi);
            const hi2 = index.widenHi;
            expect(lo2).toBeLessThanOrEqual(lo);
            expect(hi2).toBeGreaterThanOrEqual(hi);
            const positions = naiveLongestMatch(tokens, query, 0, l).positions;
            expect(Array.from(index.sa.subarray(lo2, hi2)).sort((x, y) => x - y)).toEqual(positions);
            // With a limit: the exact range when it holds no more, else some range of more than the limit.
            const limit = (lo + l) % 6;
            const cappedLo = index.widen(query, 0, l, lo, hi, limit);
            if (positions.length <= limit) expect([cappedLo, index.widenHi]).toEqual([lo2, hi2]);
            else expect(index.widenHi - cappedLo).toBeGreaterThan(limit);
            lo = lo2;
            hi = hi2;
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('matchLength equals a naive scan on longer inputs with many repeats (long shared prefixes)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 40 }),
        fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 60 }),
        fc.nat(),
        (block, times, q, seed) => {
          const tokens = Int32Array.from(Array.from({ length: times }, () => block).flat());
          const index = SuffixArray.build(tokens, Int32Array.of(0));
          // Queries that follow the corpus for a while, then depart from it.
          const query = Int32Array.from([...tokens.subarray(seed % tokens.length, (seed % tokens.length) + (seed % 50)), ...q]);
          for (let from = 0; from < query.length; from += 3) {
            expect(index.matchLength(query, from, query.length)).toBe(naiveLongestMatch(tokens, query, from, query.length).length);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('token stream separators', () => {
  it('never lets a match cross a sentence or document boundary, and maps positions to documents', () => {
    const stream = new TokenStreamBuilder();
    // doc 0: [1 2 3] . [4 5]   doc 1: (empty)   doc 2: [3 4 5 6]
    stream.beginDocument();
    [1, 2, 3].forEach((t) => stream.pushToken(t));
    stream.endSentence();
    stream.endSentence(); // repeated boundary: no second separator
    [4, 5].forEach((t) => stream.pushToken(t));
    stream.endSentence();
    stream.endDocument();
    stream.beginDocument();
    stream.endDocument();
    stream.beginDocument();
    [3, 4, 5, 6].forEach((t) => stream.pushToken(t));
    stream.endDocument();
    const { tokens, docStarts } = stream.finish();
    expect(Array.from(tokens)).toEqual([1, 2, 3, -1, 4, 5, -2, -3, 3, 4, 5, 6, -4]);
    expect(Array.from(docStarts)).toEqual([0, 7, 8]);
    const index = SuffixArray.build(tokens, docStarts);
    // "3 4 5" exists only in doc 2, not across doc 0's sentence boundary.
    const m = index.longestMatch(Int32Array.of(3, 4, 5, 6, 7));
    expect(m.length).toBe(4);
    expect(m.hi - m.lo).toBe(1);
    expect(index.docOf(index.sa[m.lo]!)).toBe(2);
    expect(index.longestMatch(Int32Array.of(2, 3, 4)).length).toBe(2);
    expect([0, 3, 6, 7, 8, 12].map((p) => index.docOf(p))).toEqual([0, 0, 0, 1, 2, 2]);
  });

  it('appendStream renumbers separators so they stay unique', () => {
    const a = new TokenStreamBuilder();
    a.beginDocument();
    a.pushToken(1);
    a.endDocument();
    const part = a.finish();
    const merged = new TokenStreamBuilder();
    merged.appendStream(part);
    merged.appendStream(part);
    const { tokens, docStarts } = merged.finish();
    expect(Array.from(tokens)).toEqual([1, -1, 1, -2]);
    expect(Array.from(docStarts)).toEqual([0, 2]);
  });
});

describe('first-token table', () => {
  it('gives the same longest match and range as a search from the whole array', () => {
    fc.assert(
      fc.property(smallAlphabet(20), fc.array(fc.integer({ min: -2, max: 24 }), { maxLength: 8 }), (tokens, q) => {
        const query = Int32Array.from(q);
        const withTable = SuffixArray.build(tokens, new Int32Array([0]));
        const without = new SuffixArray(tokens, withTable.sa, withTable.docStarts, new Int32Array(0));
        for (let from = 0; from <= query.length; from++) {
          expect(withTable.longestMatch(query, from, query.length)).toEqual(without.longestMatch(query, from, query.length));
        }
      }),
    );
  });
});
