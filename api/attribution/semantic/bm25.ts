/**
 * Okapi BM25 over short documents (here: sentences), for candidate retrieval before the embedding rerank. Plain
 * term-at-a-time scoring over postings lists; documents are added incrementally and never removed.
 */

export interface Bm25Hit {
  doc: number;
  score: number;
}

const K1 = 1.2;
const B = 0.75;
/** In a large index, a term held by more than this share of documents is skipped at query time: its IDF is near
 * zero, so it changes no ranking but would make every query walk most of the index. */
const COMMON_SHARE = 0.25;
const COMMON_MIN_DOCS = 1000;

export class Bm25Index {
  private readonly postings = new Map<string, { docs: number[]; counts: number[] }>();
  private readonly lengths: number[] = [];
  private totalLength = 0;

  get size(): number {
    return this.lengths.length;
  }

  /** Adds a document (its terms, repeats counted) and returns its number: 0, 1, 2, … in order of addition. */
  add(terms: readonly string[]): number {
    const doc = this.lengths.length;
    const counts = new Map<string, number>();
    for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
    for (const [term, count] of counts) {
      let list = this.postings.get(term);
      if (!list) this.postings.set(term, (list = { docs: [], counts: [] }));
      list.docs.push(doc);
      list.counts.push(count);
    }
    this.lengths.push(terms.length);
    this.totalLength += terms.length;
    return doc;
  }

  /** Documents holding this term. */
  documentFrequency(term: string): number {
    return this.postings.get(term)?.docs.length ?? 0;
  }

  /** BM25's IDF, kept positive (the Lucene form): ln(1 + (N − df + 0.5) / (df + 0.5)). */
  idf(term: string): number {
    const df = this.documentFrequency(term);
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
  }

  /** The `limit` best documents for the query terms (score > 0, best first, ties by document number). */
  search(terms: readonly string[], limit: number, accept?: (doc: number) => boolean): Bm25Hit[] {
    const n = this.size;
    if (n === 0 || limit <= 0) return [];
    const averageLength = this.totalLength / n;
    const scores = new Map<number, number>();
    for (const term of new Set(terms)) {
      const list = this.postings.get(term);
      if (!list) continue;
      if (n >= COMMON_MIN_DOCS && list.docs.length > COMMON_SHARE * n) continue;
      const idf = this.idf(term);
      for (let i = 0; i < list.docs.length; i++) {
        const doc = list.docs[i]!;
        const tf = list.counts[i]!;
        const norm = tf + K1 * (1 - B + (B * this.lengths[doc]!) / averageLength);
        scores.set(doc, (scores.get(doc) ?? 0) + (idf * tf * (K1 + 1)) / norm);
      }
    }
    const hits: Bm25Hit[] = [];
    for (const [doc, score] of scores) if (!accept || accept(doc)) hits.push({ doc, score });
    hits.sort((a, b) => b.score - a.score || a.doc - b.doc);
    return hits.slice(0, limit);
  }
}
