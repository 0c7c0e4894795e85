import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bandHash,
  bandHashes,
  bandKeys,
  bestNearDuplicate,
  candidateProbability,
  estimateJaccard,
  fingerprint,
  isNearDuplicate,
  jaccard,
  MINHASH_PERMUTATIONS,
  MINHASH_SEED,
  minhashSignature,
  sharesBand,
  wordShingles,
} from '../../../api/dedup/index.js';
import { fmix32, seededUint32s } from '../../../api/dedup/hash32.js';

// 62 words of prose, no repeated 5-gram.
const PASSAGE =
  'The river keepers of the northern valley measured the spring floods every morning for forty years, ' +
  'writing each reading in a ledger that still sits in the village hall. Their careful numbers show the ' +
  'water rising earlier each decade, a quiet record of a changing climate kept by people who never ' +
  'expected anyone outside the valley to read it.';

const words = PASSAGE.split(' ');

function replaceWords(text: string, replacements: Record<number, string>): string {
  return text
    .split(' ')
    .map((word, i) => replacements[i] ?? word)
    .join(' ');
}

function clustered(a: string, b: string): { sharesBand: boolean; jaccard: number; near: boolean } {
  const fa = fingerprint(a);
  const fb = fingerprint(b);
  return { sharesBand: sharesBand(bandKeys(fa.signature), bandKeys(fb.signature)), jaccard: jaccard(fa.shingles, fb.shingles), near: isNearDuplicate(fa, fb) };
}

describe('near-duplicate fingerprint', () => {
  it('uses a ~60-word passage', () => {
    expect(words.length).toBeGreaterThanOrEqual(58);
    expect(wordShingles(PASSAGE)).toHaveLength(words.length - 4);
  });

  it('finds a record with one word changed mid-passage (candidate by band key, verified by Jaccard)', () => {
    const r = clustered(PASSAGE, replaceWords(PASSAGE, { 30: 'figures' }));
    expect(r.sharesBand).toBe(true);
    expect(r.jaccard).toBeGreaterThanOrEqual(0.8);
    expect(r.near).toBe(true);
  });

  it('finds a record with two adjacent words changed', () => {
    const r = clustered(PASSAGE, replaceWords(PASSAGE, { 20: 'sat', 21: 'inside' }));
    expect(r).toMatchObject({ sharesBand: true, near: true });
  });

  it('finds a record with its first and last words changed and a word appended', () => {
    const edited = replaceWords(PASSAGE, { 0: 'Those', [words.length - 1]: 'them.' }) + ' Indeed';
    expect(clustered(PASSAGE, edited)).toMatchObject({ sharesBand: true, near: true });
  });

  it('ignores case, punctuation and whitespace: those edits give the identical fingerprint', () => {
    const edited = PASSAGE.toUpperCase().replace(/,/g, ' ;').replace(/ /g, '\n\t ');
    expect(fingerprint(edited)).toEqual(fingerprint(PASSAGE));
  });

  it('documents the limit of 5-gram shingles: two scattered changed words in 60 fall below 0.8', () => {
    // Each isolated change removes up to 5 shingles from each side: J ≈ (56−10)/(56+10) ≈ 0.70. Such an edit is a
    // new cluster by the documented threshold (docs/architecture.md#fingerprints); it is still an LSH candidate, so a lower threshold would find it.
    const r = clustered(PASSAGE, replaceWords(PASSAGE, { 15: 'one', 45: 'two' }));
    expect(r.jaccard).toBeLessThan(0.8);
    expect(r.near).toBe(false);
  });

  it('does not cluster unrelated texts', () => {
    const other =
      'A recipe for bread begins with flour, water, salt and patience; the dough is folded four times over ' +
      'an afternoon and baked in a very hot oven until the crust sings as it cools on the rack.';
    const r = clustered(PASSAGE, other);
    expect(r.sharesBand).toBe(false);
    expect(r.jaccard).toBe(0);
    expect(r.near).toBe(false);
  });

  it('handles short texts as one shingle: exact copies match, different short texts do not', () => {
    expect(wordShingles('  Hello,   World! ')).toEqual(['hello world']);
    expect(wordShingles('...')).toEqual(['...']);
    expect(isNearDuplicate(fingerprint('Hello world'), fingerprint('hello,  WORLD'))).toBe(true);
    expect(isNearDuplicate(fingerprint('Hello world'), fingerprint('Hello there'))).toBe(false);
  });

  it('is deterministic across runs: pinned values (stored fingerprints depend on them)', () => {
    const f = fingerprint(PASSAGE);
    const keys = bandKeys(f.signature);
    expect(f.signature).toHaveLength(128);
    expect(keys).toHaveLength(32);
    expect(f.signature.every((v) => Number.isInteger(v) && v >= 0 && v <= 0xffffffff)).toBe(true);
    expect(keys.every((k, i) => new RegExp(`^b${i}:[0-9a-f]{32}$`).test(k))).toBe(true);
    // The stored hashes are the keys' text hashed, so clusters stored either way are compared alike.
    expect(f.bandHashes).toEqual(keys.map(bandHash));
    expect({ shingle0: f.shingles[0], sig0: f.signature[0], band0: keys[0] }).toMatchInlineSnapshot(`
      {
        "band0": "b0:0108126305488ad6006ccea701d61416",
        "shingle0": 105850165,
        "sig0": 17306211,
      }
    `);
  });

  it('minhashSignature equals the keyed double avalanche written plainly, fmix32(fmix32(x ^ a) + b), for any set', () => {
    const keys = seededUint32s(MINHASH_SEED, 2 * MINHASH_PERMUTATIONS);
    const plain = (set: readonly number[]) =>
      Array.from({ length: MINHASH_PERMUTATIONS }, (_, i) => Math.min(0xffffffff, ...set.map((x) => fmix32((fmix32(x ^ keys[2 * i]!) + keys[2 * i + 1]!) >>> 0))));
    const sets = fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 40 });
    fc.assert(fc.property(sets, (set) => minhashSignature(set).every((v, i) => v === plain(set)[i])), { numRuns: 200 });
  });

  it('bandHashes equals hashing each band key\'s text, for any signature (every band number, every hex digit)', () => {
    const signature = fc.array(fc.integer({ min: 0, max: 0xffffffff }), { minLength: 128, maxLength: 128 });
    fc.assert(fc.property(signature, (sig) => bandHashes(sig).every((h, band) => h === bandHash(bandKeys(sig)[band]!))), { numRuns: 300 });
    expect(() => bandHashes([1, 2])).toThrow(RangeError);
  });

  it('bestNearDuplicate picks the most similar candidate over the threshold, ties to the smallest id', () => {
    const record = fingerprint(PASSAGE);
    const one = fingerprint(replaceWords(PASSAGE, { 30: 'figures' }));
    const candidates = [
      { id: 'r-z', shingles: one.shingles },
      { id: 'r-a', shingles: one.shingles },
      { id: 'r-exact', shingles: record.shingles },
      { id: 'r-far', shingles: fingerprint('something else entirely').shingles },
    ];
    expect(bestNearDuplicate(record, candidates)?.candidate.id).toBe('r-exact');
    expect(bestNearDuplicate(record, candidates.slice(0, 2))?.candidate.id).toBe('r-a');
    expect(bestNearDuplicate(record, candidates.slice(3))).toBeUndefined();
  });
});

// Random prose over a large vocabulary, so repeated 5-grams are rare and the expected Jaccard is predictable.
const vocabularyWord = fc.integer({ min: 0, max: 49_999 }).map((n) => `w${n.toString(36)}`);
const passage = (min: number, max: number) => fc.array(vocabularyWord, { minLength: min, maxLength: max });

describe('near-duplicate fingerprint: properties', () => {
  it('one substituted word in a passage of ≥ 50 words is always a near-duplicate and an LSH candidate', () => {
    fc.assert(
      fc.property(passage(50, 150), fc.nat(), vocabularyWord, (text, at, replacement) => {
        const edited = [...text];
        edited[at % text.length] = replacement;
        const a = fingerprint(text.join(' '));
        const b = fingerprint(edited.join(' '));
        // (N − 9) / (N + 1) ≥ 0.8 for N ≥ 49 words.
        expect(isNearDuplicate(a, b)).toBe(true);
        // Missed with probability (1 − 0.8⁴)³² ≈ 5·10⁻⁸ per pair.
        expect(sharesBand(bandKeys(a.signature), bandKeys(b.signature))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('texts over disjoint vocabularies share no shingle and no band key', () => {
    fc.assert(
      fc.property(passage(1, 80), passage(1, 80), (a, b) => {
        const fa = fingerprint(a.map((w) => `x${w}`).join(' '));
        const fb = fingerprint(b.map((w) => `y${w}`).join(' '));
        expect(jaccard(fa.shingles, fb.shingles)).toBe(0);
        expect(sharesBand(bandKeys(fa.signature), bandKeys(fb.signature))).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('the fingerprint is a function of the text (same text, same fingerprint)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        expect(fingerprint(text)).toEqual(fingerprint(text));
      }),
      { numRuns: 300 },
    );
  });

  it('the MinHash estimate tracks the exact Jaccard (128 functions: within 0.2, > 4 standard errors)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.nat({ max: 0xffffffff }), { minLength: 1, maxLength: 300 }),
        fc.nat(),
        fc.nat(),
        (pool, cutA, cutB) => {
          // Two overlapping windows of one pool of distinct hashes.
          const aEnd = 1 + (cutA % pool.length);
          const bStart = cutB % pool.length;
          const a = pool.slice(0, aEnd);
          const b = pool.slice(bStart);
          expect(Math.abs(estimateJaccard(minhashSignature(a), minhashSignature(b)) - jaccard(a, b))).toBeLessThan(0.2);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('jaccard is symmetric, in [0, 1], and 1 exactly for equal sets', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 50 })), fc.array(fc.nat({ max: 50 })), (a, b) => {
        const j = jaccard(a, b);
        expect(j).toBe(jaccard(b, a));
        expect(j).toBeGreaterThanOrEqual(0);
        expect(j).toBeLessThanOrEqual(1);
        expect(jaccard(a, [...a].reverse())).toBe(1);
      }),
      { numRuns: 500 },
    );
  });

  it('the banding S-curve is steep around the threshold', () => {
    expect(candidateProbability(0.8)).toBeGreaterThan(0.9999999);
    expect(candidateProbability(0.1)).toBeLessThan(0.01);
  });
});
