import { describe, expect, it } from 'vitest';
import { Bm25Index } from '../../../api/attribution/semantic/bm25.js';

const words = (s: string) => s.split(' ');

function index(docs: string[]): Bm25Index {
  const bm25 = new Bm25Index();
  docs.forEach((d, i) => expect(bm25.add(words(d))).toBe(i));
  return bm25;
}

describe('BM25 over sentences', () => {
  const bm25 = index([
    'the cat sat on the mat',
    'the dog sat on the log',
    'a treaty ended the war in europe',
    'the war in the east went on',
  ]);

  it('ranks the document holding the rarer query term first', () => {
    // "treaty" is in one document, "war" in two: the treaty sentence wins.
    expect(bm25.search(words('treaty war'), 10).map((h) => h.doc)).toEqual([2, 3]);
    expect(bm25.idf('treaty')).toBeGreaterThan(bm25.idf('war'));
    expect(bm25.idf('the')).toBeGreaterThan(0);
  });

  it('scores a term by the BM25 formula (k1 = 1.2, b = 0.75)', () => {
    const [hit] = bm25.search(['treaty'], 1);
    const idf = Math.log(1 + (4 - 1 + 0.5) / (1 + 0.5));
    const avg = (6 + 6 + 7 + 7) / 4;
    expect(hit!.score).toBeCloseTo((idf * 2.2) / (1 + 1.2 * (1 - 0.75 + (0.75 * 7) / avg)), 12);
  });

  it('saturates repeated terms and ignores repeats in the query', () => {
    const b = index(['war war war war peace', 'war peace treaty signed today']);
    const once = b.search(['war'], 2);
    expect(once[0]!.doc).toBe(0);
    expect(once[0]!.score / once[1]!.score).toBeLessThan(4);
    expect(b.search(['war', 'war'], 2)).toEqual(once);
  });

  it('returns at most `limit` hits, ties by document number, only accepted documents', () => {
    expect(bm25.search(words('sat'), 1)).toEqual([{ doc: 0, score: expect.any(Number), overlap: 1 }]);
    expect(bm25.search(words('sat'), 5).map((h) => h.doc)).toEqual([0, 1]);
    expect(bm25.search(words('sat'), 5, (doc) => doc !== 0).map((h) => h.doc)).toEqual([1]);
    expect(bm25.search(words('unknown words'), 5)).toEqual([]);
    expect(new Bm25Index().search(['x'], 5)).toEqual([]);
  });

  it('keeps the best hits over many touched documents, identical to a full sort', () => {
    const docs = Array.from({ length: 300 }, (_, i) => `doc ${i % 7} ${i % 11} ${i % 13} term${i % 5}`);
    const b = index(docs);
    const query = words('3 5 term2 doc');
    const all = b.search(query, 1000);
    expect(b.search(query, 10)).toEqual(all.slice(0, 10));
    for (let i = 1; i < all.length; i++) expect(all[i - 1]!.score > all[i]!.score || (all[i - 1]!.score === all[i]!.score && all[i - 1]!.doc < all[i]!.doc)).toBe(true);
  });

  it('skips terms held by more than a quarter of a large index (their IDF is near zero)', () => {
    const docs = Array.from({ length: 1200 }, (_, i) => (i % 2 === 0 ? `common word${i}` : `common other${i}`));
    const b = index(docs);
    expect(b.search(['common'], 5)).toEqual([]);
    expect(b.search(['common', 'word10'], 5).map((h) => h.doc)).toEqual([10]);
  });

  it('reports the share of the query\'s IDF mass each hit holds, unseen query words included', () => {
    const bm25 = new Bm25Index();
    bm25.add(words('the harbour town traded spices'));
    bm25.add(words('the town market sells fish'));
    bm25.add(words('mountains and rivers of the north'));
    const query = words('the harbour town traded silk');
    const hits = bm25.search(query, 5);
    const mass = [...new Set(query)].reduce((sum, t) => sum + bm25.idf(t), 0);
    const held = (doc: number, terms: string[]) => expect(hits.find((h) => h.doc === doc)!.overlap).toBeCloseTo(terms.reduce((sum, t) => sum + bm25.idf(t), 0) / mass, 12);
    held(0, ['the', 'harbour', 'town', 'traded']);
    held(1, ['the', 'town']);
    held(2, ['the']);
    expect(hits[0]!.overlap).toBeLessThan(1); // "silk" is in no document but still counts in the mass
  });
});
