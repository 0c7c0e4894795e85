/**
 * OLMoTrace-style span tracing (docs/architecture.md#attribution): which parts of a text occur verbatim in the
 * (eligible) corpus, and in which records.
 *
 * For every word start we find the longest run of words, within one sentence, that occurs in an eligible record.
 * Those runs are kept when they are maximal (not inside another run), at least `minWords` long, not also in the
 * prompt (the model may just be echoing the user) and found in at most `maxClusters` content clusters (otherwise
 * it is a common phrase and says nothing about a source). Kept spans may overlap; each covered token is credited
 * to the rarest span covering it (lowest summed unigram log-probability), because a rarer match is stronger
 * evidence of where the text came from.
 *
 * Commonness counts clusters over the WHOLE index, not just the eligible part: a phrase that hundreds of sources
 * share is common language whichever model is asking.
 */
import { tokenize } from './tokenize.js';
import { UNKNOWN_TOKEN, type Vocabulary } from './vocabulary.js';
import type { SuffixArray } from './suffix-array.js';

/** Stored with every attribution so it can be recomputed with the same rules (bump when results would change). */
export const TRACE_METHOD_VERSION = 'span-trace/1';

export const TRACE_DEFAULTS = {
  minWords: 4,
  maxClusters: 10,
  maxRecordsPerSpan: 50,
  maxScan: 100_000,
} as const;

/** What the tracer needs from an index (implemented by CorpusIndex). */
export interface TraceCorpus {
  readonly vocabulary: Vocabulary;
  /** Suffix arrays whose documents are numbered from `docBase` on. */
  readonly shards: ReadonlyArray<{ readonly index: SuffixArray; readonly docBase: number }>;
  readonly documentCount: number;
  recordIdOf(doc: number): string;
  /** Dense cluster number of a document. */
  clusterOf(doc: number): number;
  clusterName(cluster: number): string;
}

export interface TraceOptions {
  /** Records the model may have learned from; all records when absent. */
  eligible?: (recordId: string) => boolean;
  /** Spans that also occur in the prompt are dropped. */
  prompt?: string;
  minWords?: number;
  /** Spans found in more distinct clusters than this are common phrases and are dropped. */
  maxClusters?: number;
  /** At most this many record ids are listed per span (oldest first); cluster ids are always complete. */
  maxRecordsPerSpan?: number;
  /** Occurrences examined per word start before the phrase is declared common (bounds the work per start). */
  maxScan?: number;
}

export interface TracedToken {
  start: number;
  end: number;
  /** Surprisal −ln p(token) under the corpus unigram model. */
  weight: number;
  clusterIds: string[];
}

export interface TraceSpan {
  /** UTF-16 offsets into the traced text. */
  start: number;
  end: number;
  text: string;
  recordIds: string[];
  clusterIds: string[];
}

export interface TraceResult {
  /** Covered tokens only, in text order. */
  tokens: TracedToken[];
  /** Word tokens in the whole text (the denominator of coverage). */
  totalTokens: number;
  spans: TraceSpan[];
}

interface Candidate {
  first: number; // token index
  length: number; // tokens
  docs: number[]; // eligible documents, ascending
  clusterIds: string[];
  logProb: number;
}

export function traceText(corpus: TraceCorpus, text: string, options: TraceOptions = {}): TraceResult {
  const minWords = Math.max(1, options.minWords ?? TRACE_DEFAULTS.minWords);
  const maxClusters = options.maxClusters ?? TRACE_DEFAULTS.maxClusters;
  const maxRecords = options.maxRecordsPerSpan ?? TRACE_DEFAULTS.maxRecordsPerSpan;
  const maxScan = options.maxScan ?? TRACE_DEFAULTS.maxScan;
  const vocab = corpus.vocabulary;

  const toks = tokenize(text);
  const m = toks.length;
  const ids = new Int32Array(m);
  toks.forEach((t, i) => (ids[i] = vocab.idOf(t.norm)));
  // sentenceLimit[i]: first token index after the sentence containing token i.
  const sentenceLimit = new Int32Array(m);
  for (let i = m - 1; i >= 0; i--) sentenceLimit[i] = toks[i]!.sentenceEnd || i === m - 1 ? i + 1 : sentenceLimit[i + 1]!;

  const isEligible = eligibilityCache(corpus, options.eligible);
  const finder = new LongestEligibleFinder(corpus, isEligible, minWords, maxClusters, maxScan);
  const promptMatcher = new PromptMatcher(options.prompt, vocab);

  const kept: Candidate[] = [];
  let coveredUntil = 0; // end (token index) of the furthest-reaching candidate so far
  for (let i = 0; i < m; i++) {
    const found = finder.find(ids, i, sentenceLimit[i]!, coveredUntil);
    // The eligible match may be shorter than the overall one and so still end inside the previous span.
    if (!found || i + found.length <= coveredUntil) continue;
    coveredUntil = i + found.length;
    if (promptMatcher.contains(ids, i, found.length)) continue;
    let logProb = 0;
    for (let t = i; t < i + found.length; t++) logProb += vocab.logProb(ids[t]!);
    const clusterIds: string[] = [];
    const seen = new Set<number>();
    for (const doc of found.docs) {
      const c = corpus.clusterOf(doc);
      if (!seen.has(c)) {
        seen.add(c);
        clusterIds.push(corpus.clusterName(c));
      }
    }
    kept.push({ first: i, length: found.length, docs: found.docs, clusterIds, logProb });
  }

  // Each covered token goes to the rarest kept span covering it (ties: the earlier span).
  const owner = new Int32Array(m).fill(-1);
  kept.forEach((span, s) => {
    for (let t = span.first; t < span.first + span.length; t++) {
      const current = owner[t]!;
      if (current < 0 || span.logProb < kept[current]!.logProb) owner[t] = s;
    }
  });
  const tokens: TracedToken[] = [];
  for (let t = 0; t < m; t++) {
    const s = owner[t]!;
    if (s < 0) continue;
    tokens.push({ start: toks[t]!.start, end: toks[t]!.end, weight: vocab.surprisal(ids[t]!), clusterIds: kept[s]!.clusterIds });
  }
  const spans = kept.map((span): TraceSpan => {
    const start = toks[span.first]!.start;
    const end = toks[span.first + span.length - 1]!.end;
    return {
      start,
      end,
      text: text.slice(start, end),
      recordIds: span.docs.slice(0, maxRecords).map((d) => corpus.recordIdOf(d)),
      clusterIds: span.clusterIds,
    };
  });
  return { tokens, totalTokens: m, spans };
}

/** Calls the (possibly expensive) eligibility predicate at most once per document per trace. */
function eligibilityCache(corpus: TraceCorpus, eligible: TraceOptions['eligible']): (doc: number) => boolean {
  if (!eligible) return () => true;
  const cache = new Int8Array(corpus.documentCount); // 0 unknown, 1 yes, 2 no
  return (doc) => {
    let v = cache[doc]!;
    if (v === 0) {
      v = eligible(corpus.recordIdOf(doc)) ? 1 : 2;
      cache[doc] = v;
    }
    return v === 1;
  };
}

/**
 * Longest eligible match at one word start. The suffix arrays give, for every prefix length l, the range of all
 * occurrences; those ranges widen as l shrinks. We walk l down from the longest match, scanning only occurrences
 * not seen at a longer length, until one is in an eligible record. While scanning we count distinct clusters of
 * ALL occurrences: once that exceeds maxClusters the phrase (and every shorter one from this start) is common.
 */
class LongestEligibleFinder {
  private readonly bounds: number[][];
  private readonly scannedLo: number[];
  private readonly scannedHi: number[];
  private readonly lengths: number[];
  private readonly shards: TraceCorpus['shards'];

  constructor(
    private readonly corpus: TraceCorpus,
    private readonly isEligible: (doc: number) => boolean,
    private readonly minWords: number,
    private readonly maxClusters: number,
    private readonly maxScan: number,
  ) {
    this.shards = corpus.shards;
    const count = this.shards.length;
    this.bounds = Array.from({ length: count }, () => []);
    this.scannedLo = new Array<number>(count).fill(0);
    this.scannedHi = new Array<number>(count).fill(0);
    this.lengths = new Array<number>(count).fill(0);
  }

  /** The span starting at token `from`, or null (too short, contained in an earlier span ending at `coveredUntil`, or common). */
  find(ids: Int32Array, from: number, limit: number, coveredUntil: number): { length: number; docs: number[] } | null {
    const shards = this.shards;
    let longest = 0;
    shards.forEach((shard, s) => {
      const length = shard.index.matchRanges(ids, from, limit, this.bounds[s]!);
      this.lengths[s] = length;
      this.scannedLo[s] = this.scannedHi[s] = -1; // nothing scanned yet
      if (length > longest) longest = length;
    });
    // The eligible match is no longer than the overall one; if even that ends inside an earlier span, skip.
    if (longest < this.minWords || from + longest <= coveredUntil) return null;

    const clusters: number[] = [];
    const docs: number[] = [];
    let scanned = 0;
    for (let l = longest; l >= this.minWords; l--) {
      for (let s = 0; s < shards.length; s++) {
        if (this.lengths[s]! < l) continue;
        const { index, docBase } = shards[s]!;
        const lo = this.bounds[s]![2 * l]!;
        const hi = this.bounds[s]![2 * l + 1]!;
        let sLo = this.scannedLo[s]!;
        let sHi = this.scannedHi[s]!;
        if (sLo < 0) sLo = sHi = lo;
        // Newly included occurrences: [lo, sLo) and [sHi, hi).
        for (const [a, b] of [[lo, sLo], [sHi, hi]] as const) {
          for (let k = a; k < b; k++) {
            const doc = docBase + index.docOf(index.sa[k]!);
            const cluster = this.corpus.clusterOf(doc);
            if (!clusters.includes(cluster)) {
              clusters.push(cluster);
              if (clusters.length > this.maxClusters) return null;
            }
            if (++scanned > this.maxScan) return null;
            if (this.isEligible(doc)) docs.push(doc);
          }
        }
        this.scannedLo[s] = lo;
        this.scannedHi[s] = hi;
      }
      if (docs.length > 0) {
        const unique = [...new Set(docs)].sort((a, b) => a - b);
        return { length: l, docs: unique };
      }
    }
    return null;
  }
}

/** Does a token sequence of the output also occur in the prompt? */
class PromptMatcher {
  private readonly ids: Int32Array;
  private readonly positions = new Map<number, number[]>();

  constructor(prompt: string | undefined, vocab: Vocabulary) {
    const toks = prompt ? tokenize(prompt) : [];
    this.ids = new Int32Array(toks.length);
    toks.forEach((t, i) => {
      const id = vocab.idOf(t.norm);
      this.ids[i] = id;
      // Unknown prompt words cannot be part of a corpus span, so they are never a match start.
      if (id === UNKNOWN_TOKEN) return;
      const list = this.positions.get(id);
      if (list) list.push(i);
      else this.positions.set(id, [i]);
    });
  }

  contains(query: Int32Array, from: number, length: number): boolean {
    const starts = this.positions.get(query[from]!);
    if (!starts) return false;
    outer: for (const p of starts) {
      if (p + length > this.ids.length) continue;
      for (let k = 1; k < length; k++) if (this.ids[p + k] !== query[from + k]) continue outer;
      return true;
    }
    return false;
  }
}
