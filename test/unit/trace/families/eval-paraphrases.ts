/**
 * The paraphrase tier (SEMANTIC) over the evaluation corpus, as the API runs it (api/corpus/paraphrase-tier.ts and
 * attribute-with.ts): record sentences with BM25, the pinned embedding model, evidence found by `traceSemantic`, its
 * sources located in the records' tokens, and folded into the trace by `addSemanticEvidence`. Only the corpus comes
 * from memory instead of Neo4j (records accepted in corpus order, every record eligible, as in the evaluation).
 */
import { addSemanticEvidence, resolveSemanticSources } from '../../../../api/attribution/semantic/add-semantic-evidence.js';
import type { Embedder } from '../../../../api/attribution/semantic/embedder.js';
import { SemanticCorpus } from '../../../../api/attribution/semantic/semantic-corpus.js';
import { traceSemantic } from '../../../../api/attribution/semantic/semantic-evidence.js';
import { CURRENT_SEMANTIC_TIER, type SemanticTierRules } from '../../../../api/attribution/semantic/semantic-tier.js';
import type { CorpusIndex } from '../../../../api/attribution/trace/corpus-index.js';
import type { TraceResult } from '../../../../api/attribution/trace/trace.js';
import { EmbeddingCache } from '../../../../api/embedding/embedding-cache.js';
import type { EvalCorpus } from './eval-corpus.js';

export interface ParaphraseTotals {
  /** Output sentences the tier compared, and of those, sentences it embedded (BM25 found candidates). */
  sentences: number;
  embedded: number;
  /** Time spent in the tier (BM25, embedding the output sentences, rerank), ms. */
  ms: number;
}

export class EvalParaphrases {
  readonly totals: ParaphraseTotals = { sentences: 0, embedded: 0, ms: 0 };

  private constructor(
    private readonly corpus: SemanticCorpus,
    private readonly cache: EmbeddingCache,
    private readonly embedder: Embedder,
    readonly rules: SemanticTierRules,
    private readonly records: EvalCorpus['byId'],
  ) {}

  /**
   * The tier over `evalCorpus`, its record sentences embedded (cached in `cacheFile` between runs when given; the
   * first run embeds them all, with progress).
   */
  static async open(evalCorpus: EvalCorpus, embedder: Embedder, options: { cacheFile?: string; log?: (line: string) => void; rules?: SemanticTierRules } = {}): Promise<EvalParaphrases> {
    const corpus = SemanticCorpus.build(
      evalCorpus.records.map((r, i) => ({ id: r.recordId, text: r.text, acceptedAt: i })),
      { modelVersion: embedder.modelVersion },
    );
    const loaded = options.cacheFile ? EmbeddingCache.load(options.cacheFile, embedder.modelVersion, embedder.dimensions).cache : new EmbeddingCache(embedder.modelVersion, embedder.dimensions);
    let last = 0;
    const embedded = await loaded.embedMissing(corpus.sentences, embedder, {
      onProgress: ({ done, total, perSecond }) => {
        if (done === total || performance.now() - last > 5_000) {
          last = performance.now();
          options.log?.(`embedding record sentences: ${done}/${total} (${perSecond.toFixed(0)}/s)`);
        }
      },
    });
    if (embedded > 0 && options.cacheFile) loaded.save(options.cacheFile);
    return new EvalParaphrases(corpus, loaded, embedder, options.rules ?? CURRENT_SEMANTIC_TIER, evalCorpus.byId);
  }

  get modelVersion(): string {
    return this.embedder.modelVersion;
  }

  /** The trace of `text` over `index` with the tier's evidence folded in, as the API attributes it. */
  async trace(index: CorpusIndex, text: string, traced: TraceResult): Promise<TraceResult> {
    const started = performance.now();
    const { spans, stats } = await traceSemantic(text, this.corpus, this.cache, this.embedder, { minOverlap: this.rules.minOverlap });
    this.totals.ms += performance.now() - started;
    this.totals.sentences += stats.sentences;
    this.totals.embedded += stats.embedded;
    const tokenizer = index.method.tokenizer;
    const recordText = (id: string) => {
      const n = this.corpus.recordNumber(id);
      return n === undefined ? undefined : this.corpus.records[n]!.text;
    };
    return addSemanticEvidence({
      trace: traced,
      text,
      spans: resolveSemanticSources(spans, recordText, tokenizer),
      modelVersion: this.embedder.modelVersion,
      tierVersion: this.rules.version,
      tokenizer,
      surprisal: (norm) => index.vocabulary.surprisal(index.vocabulary.idOf(norm)),
      clusterOf: (id) => this.records.get(id)?.clusterId,
    });
  }
}
