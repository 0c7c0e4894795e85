/**
 * Okapi BM25 over short documents (here: sentences), for candidate retrieval before the embedding rerank. Plain
 * term-at-a-time scoring over postings lists; documents are added incrementally and never removed.
 */

export interface Bm25Hit {
  doc: number;
  score: number;
  /**
   * The share of the query's IDF mass this document holds: the summed IDF of the distinct query terms it contains over
   * that of all distinct query terms searched (0..1). Unlike the score, comparable between queries.
   */
  overlap: number;
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
  private scratch = new Float64Array(0);
  private held = new Float64Array(0);

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
    // Scores accumulate in a dense scratch array (reused between queries) and the touched documents are listed, so
    // a query costs its postings, not the index size.
    if (this.scratch.length < n) this.scratch = new Float64Array(Math.max(n, 2 * this.scratch.length));
    if (this.held.length < n) this.held = new Float64Array(Math.max(n, 2 * this.held.length));
    const scores = this.scratch;
    const held = this.held;
    const touched: number[] = [];
    let mass = 0;
    for (const term of new Set(terms)) {
      const list = this.postings.get(term);
      const df = list?.docs.length ?? 0;
      if (n >= COMMON_MIN_DOCS && df > COMMON_SHARE * n) continue;
      const idf = this.idf(term);
      // A term no document holds still counts in the query's mass: a sentence of unseen words overlaps nothing.
      mass += idf;
      if (!list) continue;
      for (let i = 0; i < list.docs.length; i++) {
        const doc = list.docs[i]!;
        const tf = list.counts[i]!;
        if (scores[doc] === 0) touched.push(doc);
        scores[doc]! += (idf * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * this.lengths[doc]!) / averageLength));
        held[doc]! += idf;
      }
    }
    // The best `limit` by a bounded insertion list (limit is small next to the touched documents).
    const best: Bm25Hit[] = [];
    const better = (a: Bm25Hit, b: Bm25Hit) => a.score > b.score || (a.score === b.score && a.doc < b.doc);
    for (const doc of touched) {
      const hit = { doc, score: scores[doc]!, overlap: mass > 0 ? held[doc]! / mass : 0 };
      scores[doc] = 0;
      held[doc] = 0;
      if (best.length === limit && !better(hit, best[limit - 1]!)) continue;
      if (accept && !accept(doc)) continue;
      let at = best.length < limit ? best.length : limit - 1;
      while (at > 0 && better(hit, best[at - 1]!)) {
        best[at] = best[at - 1]!;
        at -= 1;
      }
      best[at] = hit;
    }
    return best;
  }
}
