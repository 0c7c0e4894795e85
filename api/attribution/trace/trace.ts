/**
 * OLMoTrace-style span tracing (docs/architecture.md#attribution): which parts of a text occur verbatim in the
 * (eligible) corpus, and in which records.
 *
 * For every word start we find the longest run of words that occurs in an eligible record. Those runs are kept when
 * they are maximal (not inside another run), at least `minWords` long, not also in the prompt (the model may just be
 * echoing the user) and not a common phrase. Kept spans may overlap; each covered token is credited to the rarest
 * span covering it (lowest summed unigram log-probability), because a rarer match is stronger evidence of where the
 * text came from.
 *
 * What "common phrase" means depends on the method version (trace-method.ts):
 *  - span-trace/1: runs stay inside one sentence, and a run found in more than `maxClusters` (10) content clusters
 *    is common, however long.
 *  - span-trace/2: commonness by rarity and length. A run's information is the sum of its words' surprisal
 *    (−ln p under the corpus unigram model); a run held by k clusters counts only when its information reaches
 *    `informationBase + informationPerCluster · ln k`, and never beyond `commonClusters` clusters. A short run of
 *    frequent words ("you may want to") needs to be almost unique to count; a long rare passage counts even when
 *    dozens of sources share it, and its credit is then shared among them. A run may cross a sentence end when the
 *    part on each side carries at least `sideInformation` (a quote of "… three rare words. Three more …").
 *
 * Commonness counts clusters over the WHOLE index, not just the eligible part: a phrase that hundreds of sources
 * share is common language whichever model is asking.
 */
import { tokenize, type Token } from './tokenize.js';
import { UNKNOWN_TOKEN, type Vocabulary } from './vocabulary.js';
import type { StartMatches, SuffixArray } from './suffix-array.js';
import { CURRENT_TRACE_METHOD, sameIndexScheme, type TraceMethod } from './trace-method.js';
import { findNearSpans, NEAR_DEFAULTS, NEAR_DEFAULTS_V3, type NearRule } from './near-match.js';

/** The trace half of the method version stored with new attributions. */
export const TRACE_METHOD_VERSION = CURRENT_TRACE_METHOD.version;

/** The rarity rule of span-trace/2 (natural-log units: nats). */
export interface RarityRule {
  /** A span held by one cluster needs at least this much information. */
  informationBase: number;
  /** Extra information needed per natural-log unit of clusters holding the span. */
  informationPerCluster: number;
  /** Spans held by more clusters than this are common, whatever their information. */
  commonClusters: number;
  /** Each side of a span that crosses a sentence end needs at least this much information. */
  sideInformation: number;
}

export const TRACE_DEFAULTS = {
  minWords: 4,
  maxClusters: 10,
  maxRecordsPerSpan: 50,
  maxScan: 100_000,
    // Chosen on the variation-family evaluation (docs/attribution-evaluation.md): 42 nats is about six words of
  // ordinary prose; every extra e-fold of clusters holding a span asks 8 nats more (an uncommon word).
  rarity: { informationBase: 42, informationPerCluster: 8, commonClusters: 50, sideInformation: 18 } satisfies RarityRule,
} as const;

/** What the tracer needs from an index (implemented by CorpusIndex). */
export interface TraceCorpus {
  /** The method the index was built for; traces over it follow that method's rules. */
  readonly method: TraceMethod;
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
  /**
   * Trace by another method than the index's, over the same index (its tokens and stream must be the same: see
   * sameIndexScheme) — how an attribution made with an older method of the same scheme is recomputed.
   */
  method?: TraceMethod;
  /** Records the model may have learned from; all records when absent. */
  eligible?: (recordId: string) => boolean;
  /** Spans that also occur in the prompt are dropped. */
  prompt?: string;
  minWords?: number;
  /** span-trace/1: spans found in more distinct clusters than this are common phrases and are dropped. */
  maxClusters?: number;
  /** span-trace/2: the rarity rule (defaults in TRACE_DEFAULTS.rarity). */
  rarity?: Partial<RarityRule>;
  /** span-trace/2: false turns the NEAR tier off (to measure the exact tier alone). */
  near?: boolean;
  /** span-trace/2: the NEAR tier's parameters (defaults in NEAR_DEFAULTS). */
  nearRule?: Partial<NearRule>;
  /** At most this many record ids are listed per span (oldest first); cluster ids are always complete. */
  maxRecordsPerSpan?: number;
  /** Occurrences examined per word start before the phrase is declared common (bounds the work per start). */
  maxScan?: number;
}

/** EXACT and NEAR come from the trace itself; SEMANTIC words are added by the paraphrase tier (semantic/add-semantic-evidence.ts). */
export type SpanKind = 'EXACT' | 'NEAR' | 'SEMANTIC';

export interface TracedToken {
  start: number;
  end: number;
  kind: SpanKind;
  /** Surprisal −ln p(token) under the corpus unigram model, times the span's similarity (1 for EXACT). */
  weight: number;
  clusterIds: string[];
}

/** Where a span's words are in one record: token offsets from the record's start, [tokenStart, tokenEnd). */
export interface SpanSourceTokens {
  recordId: string;
  tokenStart: number;
  tokenEnd: number;
}

export interface TraceSpan {
  /** UTF-16 offsets into the traced text. */
  start: number;
  end: number;
  kind: SpanKind;
  /** 1 for EXACT; the weighted word alignment's similarity for NEAR. */
  similarity: number;
  /** The records' matched passages (span-trace/2; the same records as recordIds, in order). */
  sources: SpanSourceTokens[];
  text: string;
  recordIds: string[];
  clusterIds: string[];
}

export interface TraceResult {
  /** The tracing method version the trace followed (the index's). */
  methodVersion: string;
  /** Covered tokens only, in text order. */
  tokens: TracedToken[];
  /** Word tokens in the whole text (the denominator of coverage). */
  totalTokens: number;
  spans: TraceSpan[];
  /** Set when the paraphrase tier took part: the model it ran (semantic/add-semantic-evidence.ts). */
  embeddingModel?: string;
  /** And the version of its rules (semantic/semantic-tier.ts). */
  semanticTier?: number;
}

interface Candidate {
  first: number; // token index
  length: number; // tokens
  docs: number[]; // eligible documents, ascending
  offsets: Map<number, number>; // match offset (tokens) in each document
  clusterIds: string[];
  logProb: number;
}

export function traceText(corpus: TraceCorpus, text: string, options: TraceOptions = {}): TraceResult {
  const minWords = Math.max(1, options.minWords ?? TRACE_DEFAULTS.minWords);
  const maxClusters = options.maxClusters ?? TRACE_DEFAULTS.maxClusters;
  const maxRecords = options.maxRecordsPerSpan ?? TRACE_DEFAULTS.maxRecordsPerSpan;
  const maxScan = options.maxScan ?? TRACE_DEFAULTS.maxScan;
  const vocab = corpus.vocabulary;
  const method = options.method ?? corpus.method;
  if (!sameIndexScheme(method, corpus.method)) {
    throw new Error(`an index built for ${corpus.method.version} cannot trace by ${method.version} (different tokens or stream)`);
  }

  const toks = tokenize(text, method.tokenizer);
  const m = toks.length;
  const ids = new Int32Array(m);
  toks.forEach((t, i) => (ids[i] = vocab.idOf(t.norm)));
  // span-trace/2's rules: commonness by rarity, quotes across sentence ends, source offsets, the NEAR tier.
  const byRarity = method.commonness === 'rarity';
  // sentenceLimit[i]: first token index a run starting at token i may not reach. span-trace/1: the end of i's
  // sentence; span-trace/2: the end of the text (crossing a sentence end is judged by the rarity rule).
  const sentenceLimit = new Int32Array(m);
  for (let i = m - 1; i >= 0; i--) sentenceLimit[i] = i === m - 1 || (!byRarity && toks[i]!.sentenceEnd) ? i + 1 : sentenceLimit[i + 1]!;

  const isEligible = eligibilityCache(corpus, options.eligible);
  const acceptanceRule = byRarity ? { ...TRACE_DEFAULTS.rarity, ...options.rarity } : null;
  const acceptance: SpanAcceptance = acceptanceRule ? rarityAcceptance(toks, ids, vocab, acceptanceRule) : { maxClusters, accepts: () => true };
  // Every start's longest match in every shard, once: the exact tier reads it at each start, the NEAR tier for its
  // seeds (span-trace/2 and later search to the end of the text, so a seed's words are a prefix of the match).
  const matches = corpus.shards.map(({ index }) => index.matchAll(ids, sentenceLimit));
  const finder = new LongestEligibleFinder(corpus, matches, isEligible, minWords, acceptance, maxScan);
  const promptMatcher = new PromptMatcher(options.prompt, vocab, method);

  const kept: Candidate[] = [];
  let coveredUntil = 0; // end (token index) of the furthest-reaching candidate so far
  for (let i = 0; i < m; i++) {
    const found = finder.find(ids, i, coveredUntil);
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
    kept.push({ first: i, length: found.length, docs: found.docs, offsets: found.offsets, clusterIds, logProb });
  }

  // Each covered token goes to the rarest kept span covering it (ties: the earlier span).
  const owner = new Int32Array(m).fill(-1);
  kept.forEach((span, s) => {
    for (let t = span.first; t < span.first + span.length; t++) {
      const current = owner[t]!;
      if (current < 0 || span.logProb < kept[current]!.logProb) owner[t] = s;
    }
  });
  const exactTokens: TracedToken[] = [];
  for (let t = 0; t < m; t++) {
    const s = owner[t]!;
    if (s < 0) continue;
    exactTokens.push({ start: toks[t]!.start, end: toks[t]!.end, kind: 'EXACT', weight: vocab.surprisal(ids[t]!), clusterIds: kept[s]!.clusterIds });
  }
  const spans = kept.map((span): TraceSpan => {
    const start = toks[span.first]!.start;
    const end = toks[span.first + span.length - 1]!.end;
    const listed = span.docs.slice(0, maxRecords);
    return {
      start,
      end,
      text: text.slice(start, end),
      kind: 'EXACT',
      similarity: 1,
      recordIds: listed.map((d) => corpus.recordIdOf(d)),
      clusterIds: span.clusterIds,
      sources: byRarity
        ? listed.map((d) => ({ recordId: corpus.recordIdOf(d), tokenStart: span.offsets.get(d)!, tokenEnd: span.offsets.get(d)! + span.length }))
        : [],
    };
  });
  if (!acceptanceRule || method.near === 'none' || options.near === false) return { methodVersion: method.version, tokens: exactTokens, totalTokens: m, spans };

  // span-trace/2 and later: the NEAR tier explains words the exact tier did not, inside one sentence (version 2) or
  // across sentence ends (version 3: the window is the whole text, as for exact spans).
  const exact = new Uint8Array(m);
  for (let t = 0; t < m; t++) if (owner[t]! >= 0) exact[t] = 1;
  const bySentence = method.near === 'sentence';
  const sentenceStart = new Int32Array(m);
  for (let t = 0; t < m; t++) sentenceStart[t] = t === 0 || (bySentence && toks[t - 1]!.sentenceEnd) ? t : sentenceStart[t - 1]!;
  const sentenceEnd = new Int32Array(m);
  for (let t = m - 1; t >= 0; t--) sentenceEnd[t] = t === m - 1 || (bySentence && toks[t]!.sentenceEnd) ? t + 1 : sentenceEnd[t + 1]!;
  const sentenceEnds = new Uint8Array(m);
  for (let t = 0; t < m; t++) if (toks[t]!.sentenceEnd) sentenceEnds[t] = 1;
  const near = findNearSpans({
    corpus, matches, vocab, ids, sentenceLimit: sentenceEnd, sentenceStart, sentenceEnds, isEligible, exact, rarity: acceptanceRule,
    rule: { ...(bySentence ? NEAR_DEFAULTS : NEAR_DEFAULTS_V3), ...options.nearRule },
  });
  const nearTokens: TracedToken[] = [];
  for (const n of near) {
    const clusterIds = [corpus.clusterName(corpus.clusterOf(n.doc))];
    for (const t of n.owned) {
      nearTokens.push({ start: toks[t]!.start, end: toks[t]!.end, kind: 'NEAR', weight: vocab.surprisal(ids[t]!) * n.similarity, clusterIds });
    }
    const start = toks[n.first]!.start;
    const end = toks[n.end - 1]!.end;
    const recordId = corpus.recordIdOf(n.doc);
    spans.push({
      start, end, text: text.slice(start, end), kind: 'NEAR', similarity: n.similarity, recordIds: [recordId], clusterIds,
      sources: [{ recordId, tokenStart: n.docFirst, tokenEnd: n.docEnd }],
    });
  }
  const tokens = [...exactTokens, ...nearTokens].sort((a, b) => a.start - b.start);
  spans.sort((a, b) => a.start - b.start || a.end - b.end);
  return { methodVersion: method.version, tokens, totalTokens: m, spans };
}

/** Whether a run may count as evidence, beyond being long enough and eligible. */
interface SpanAcceptance {
  /** Runs held by more clusters than this are common (and so is every shorter run from the same start). */
  maxClusters: number;
  /** Does the run of `length` tokens from `from`, found in `clusters` distinct clusters, count? */
  accepts(from: number, length: number, clusters: number): boolean;
}

/** span-trace/2's rule: information against clusters, and both sides of a crossed sentence end rare enough. */
function rarityAcceptance(toks: readonly Token[], ids: Int32Array, vocab: Vocabulary, rule: RarityRule): SpanAcceptance {
  const m = ids.length;
  // information[i]: summed surprisal of tokens [0, i).
  const information = new Float64Array(m + 1);
  for (let t = 0; t < m; t++) information[t + 1] = information[t]! + vocab.surprisal(ids[t]!);
  const info = (from: number, to: number): number => information[to]! - information[from]!;
  return {
    maxClusters: rule.commonClusters,
    accepts(from, length, clusters) {
      const end = from + length;
      if (info(from, end) < rule.informationBase + rule.informationPerCluster * Math.log(clusters)) return false;
      let first = -1;
      let last = -1;
      for (let t = from; t < end - 1; t++) {
        if (!toks[t]!.sentenceEnd) continue;
        if (first < 0) first = t;
        last = t;
      }
      if (first < 0) return true;
      return info(from, first + 1) >= rule.sideInformation && info(last + 1, end) >= rule.sideInformation;
    },
  };
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
 * occurrences; those ranges widen as l shrinks (SuffixArray.widen). We walk l down from the longest match, scanning only occurrences
 * not seen at a longer length, until one is in an eligible record. While scanning we count distinct clusters of
 * ALL occurrences: once that exceeds maxClusters the phrase (and every shorter one from this start) is common.
 */
class LongestEligibleFinder {
  /** Per shard: the length of its longest match, and the SA range [lo, hi) of the length scanned last. */
  private readonly lengths: number[];
  private readonly lo: number[];
  private readonly hi: number[];
  private readonly scannedLo: number[];
  private readonly scannedHi: number[];
  private readonly shards: TraceCorpus['shards'];

  constructor(
    private readonly corpus: TraceCorpus,
    /** Per shard, every start's longest match (SuffixArray.matchAll). */
    private readonly matches: readonly StartMatches[],
    private readonly isEligible: (doc: number) => boolean,
    private readonly minWords: number,
    private readonly acceptance: SpanAcceptance,
    private readonly maxScan: number,
  ) {
    this.shards = corpus.shards;
    const count = this.shards.length;
    this.lengths = new Array<number>(count).fill(0);
    this.lo = new Array<number>(count).fill(0);
    this.hi = new Array<number>(count).fill(0);
    this.scannedLo = new Array<number>(count).fill(0);
    this.scannedHi = new Array<number>(count).fill(0);
  }

  /** Token offset of the match in each eligible document found (from the document's start). */
  private offsets = new Map<number, number>();

  /** The span starting at token `from`, or null (too short, contained in an earlier span ending at `coveredUntil`, or common). */
  find(ids: Int32Array, from: number, coveredUntil: number): { length: number; docs: number[]; offsets: Map<number, number> } | null {
    const shards = this.shards;
    let longest = 0;
    for (let s = 0; s < shards.length; s++) {
      const { lengths, ranks } = this.matches[s]!;
      const length = lengths[from]!;
      this.lengths[s] = length;
      this.lo[s] = ranks[from]!;
      this.hi[s] = ranks[from]! + 1;
      this.scannedLo[s] = this.scannedHi[s] = -1; // nothing scanned yet
      if (length > longest) longest = length;
    }
    // The eligible match is no longer than the overall one; if even that ends inside an earlier span, skip. Most
    // starts end here, before any range is worked out.
    if (longest < this.minWords || from + longest <= coveredUntil) return null;

    const clusters: number[] = [];
    const docs: number[] = [];
    this.offsets = new Map();
    let scanned = 0;
    for (let l = longest; l >= this.minWords; l--) {
      for (let s = 0; s < shards.length; s++) {
        if (this.lengths[s]! < l) continue;
        const { index, docBase } = shards[s]!;
        // The occurrences of the first l tokens: the range of l + 1 tokens (or the matched rank) widened.
        const lo = index.widen(ids, from, l, this.lo[s]!, this.hi[s]!);
        const hi = index.widenHi;
        this.lo[s] = lo;
        this.hi[s] = hi;
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
              if (clusters.length > this.acceptance.maxClusters) return null;
            }
            if (++scanned > this.maxScan) return null;
            if (this.isEligible(doc) && !this.offsets.has(doc)) {
              docs.push(doc);
              this.offsets.set(doc, index.sa[k]! - index.docStarts[doc - docBase]!);
            }
          }
        }
        this.scannedLo[s] = lo;
        this.scannedHi[s] = hi;
      }
      if (docs.length > 0 && this.acceptance.accepts(from, l, clusters.length)) {
        const unique = [...docs].sort((a, b) => a - b);
        return { length: l, docs: unique, offsets: this.offsets };
      }
    }
    return null;
  }
}

/** Does a token sequence of the output also occur in the prompt? */
class PromptMatcher {
  private readonly ids: Int32Array;
  private readonly positions = new Map<number, number[]>();

  constructor(prompt: string | undefined, vocab: Vocabulary, method: TraceMethod) {
    const toks = prompt ? tokenize(prompt, method.tokenizer) : [];
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
