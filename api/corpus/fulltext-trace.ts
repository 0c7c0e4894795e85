/**
 * The trace's exact tier with the candidate search in Neo4j's full-text index (docs/architecture.md#the-full-text-candidate-path):
 * phrase queries find the records a trace needs and tell which phrases are common (phrase-search.ts); the candidates'
 * tokens come back and the ordinary tracer runs over them (candidate-corpus.ts). The process holds no token of the
 * corpus: only the corpus-wide unigram model (word ids and counts, O(vocabulary)), counted once from the records'
 * canonical tokens and caught up from there.
 */
import { CandidateCorpus } from '../attribution/trace/candidate-corpus.js';
import { searchPhrases, type PhraseSearchRule } from '../attribution/trace/phrase-search.js';
import { tokenize } from '../attribution/trace/tokenize.js';
import { TRACE_DEFAULTS, type TraceOptions, type TraceResult } from '../attribution/trace/trace.js';
import { CURRENT_TRACE_METHOD, type TraceMethod } from '../attribution/trace/trace-method.js';
import { Vocabulary } from '../attribution/trace/vocabulary.js';
import type { GraphStore } from '../store/graph-store.js';
import { ACCEPTANCE_START, candidateRecords, phraseHolders, recordTokensAfter, type AcceptanceCursor } from '../store/trace-fulltext.js';

/** Records counted by a phrase's first query (a cut-off answer that could still be rare is asked again, ×10). */
const FIRST_LIMIT = 128;
/** Records per page while counting the unigram model. */
const PAGE = 5000;
/** Candidate ids per fetch. */
const FETCH = 2000;
/** Phrases per read: a round's reads go out together, so a cluster spreads them over its readers. */
const PHRASES_PER_READ = 64;

export interface FullTextTraceStats {
  queries: number;
  rounds: number;
  candidates: number;
  commonPhrases: number;
}

export class FullTextTracer {
  private cursor: AcceptanceCursor = ACCEPTANCE_START;
  private records = 0;

  private constructor(
    private readonly graph: GraphStore,
    readonly method: TraceMethod,
    readonly vocabulary: Vocabulary,
  ) {
    if (method.sentenceSeparators) throw new Error(`the full-text candidate path serves span-trace/2 and later, not ${method.version}`);
  }

  /** Counts the unigram model over every accepted record, in acceptance order (so word ids are the suffix index's). */
  static async open(graph: GraphStore, options: { method?: TraceMethod; progress?: (records: number) => void } = {}): Promise<FullTextTracer> {
    const tracer = new FullTextTracer(graph, options.method ?? CURRENT_TRACE_METHOD, new Vocabulary());
    await tracer.catchUp(options.progress);
    return tracer;
  }

  /** Records counted into the unigram model so far. */
  get recordCount(): number {
    return this.records;
  }

  /** Counts the words of records accepted since the last catch-up; returns how many records were new. */
  async catchUp(progress?: (records: number) => void): Promise<number> {
    let added = 0;
    for (;;) {
      const page = await recordTokensAfter(this.graph, this.cursor, PAGE);
      for (const tokens of page.tokens) {
        if (tokens.length > 0) for (const word of tokens.split(' ')) this.vocabulary.add(word);
      }
      this.cursor = page.cursor;
      added += page.tokens.length;
      this.records += page.tokens.length;
      progress?.(this.records);
      if (page.tokens.length < PAGE) return added;
    }
  }

  /** The EXACT spans of `text` (the NEAR tier is not served by this path: `options.near` is ignored). */
  trace(text: string, options: TraceOptions = {}): Promise<{ result: TraceResult; stats: FullTextTraceStats }> {
    return this.traceOnce(text, options, false);
  }

  private async traceOnce(text: string, options: TraceOptions, caughtUp: boolean): Promise<{ result: TraceResult; stats: FullTextTraceStats }> {
    const method = options.method ?? this.method;
    const rule: PhraseSearchRule = {
      minWords: Math.max(1, options.minWords ?? TRACE_DEFAULTS.minWords),
      commonClusters: options.rarity?.commonClusters ?? TRACE_DEFAULTS.rarity.commonClusters,
      maxScan: options.maxScan ?? TRACE_DEFAULTS.maxScan,
      firstLimit: FIRST_LIMIT,
    };
    const words = tokenize(text, method.tokenizer).map((t) => t.norm);
    const ids = Int32Array.from(words, (w) => this.vocabulary.idOf(w));
    const search = await searchPhrases(words, ids, rule, async (queries) => {
      const parts = [];
      for (let at = 0; at < queries.length; at += PHRASES_PER_READ) parts.push(phraseHolders(this.graph, queries.slice(at, at + PHRASES_PER_READ), rule.commonClusters));
      return new Map((await Promise.all(parts)).flatMap((answers) => [...answers]));
    });
    const wanted = [...search.recordIds];
    const candidates = [];
    for (let at = 0; at < wanted.length; at += FETCH) candidates.push(...(await candidateRecords(this.graph, wanted.slice(at, at + FETCH))));
    // A candidate accepted after the last catch-up may hold words the model has not counted yet: catch up once.
    if (!caughtUp && candidates.some((c) => c.tokens.length > 0 && c.tokens.split(' ').some((w) => this.vocabulary.idOf(w) < 0))) {
      await this.catchUp();
      return this.traceOnce(text, options, true);
    }
    const corpus = new CandidateCorpus(method, this.vocabulary, candidates, search.commonPhrases, rule.commonClusters);
    return {
      result: corpus.trace(text, options),
      stats: { queries: search.queries, rounds: search.rounds, candidates: candidates.length, commonPhrases: search.commonPhrases.length },
    };
  }
}
