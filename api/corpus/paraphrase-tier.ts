/**
 * The paraphrase tier's view of the corpus (docs/architecture.md#the-paraphrase-tier-semantic): every accepted
 * record cut into sentences with a BM25 index over them (SemanticCorpus), and an embedding cache of those sentences
 * under the pinned model. Neo4j is the source of truth, as for the trace index: the corpus catches up with a range
 * seek on acceptance time before each use.
 *
 * Determinism: a record sentence's vector is a function of its text (one text per ONNX run), and a candidate whose
 * vector is not cached yet is embedded on demand before the output is matched, so the same output over the same
 * corpus always gives the same evidence, whether or not the background warm-up has reached those sentences.
 */
import { traceSemantic, type SemanticOptions, type SemanticSpan } from '../attribution/semantic/semantic-evidence.js';
import { SemanticCorpus } from '../attribution/semantic/semantic-corpus.js';
import type { Embedder } from '../attribution/semantic/embedder.js';
import { EmbeddingCache } from '../embedding/embedding-cache.js';
import { walkAcceptedSince } from './accepted-since.js';
import type { GraphStore } from '../store/graph-store.js';


export interface ParaphraseTierOptions {
  /** Where embeddings are kept between runs; null keeps them in memory only. */
  cacheFile: string | null;
  log?: (line: string) => void;
}

export class ParaphraseTier {
  private readonly corpus: SemanticCorpus;
  private readonly cache: EmbeddingCache;
  private watermarkMs = 0;
  private refreshing: Promise<void> | null = null;

  constructor(
    private readonly graph: GraphStore,
    private readonly embedder: Embedder,
    private readonly options: ParaphraseTierOptions,
  ) {
    this.corpus = new SemanticCorpus({ modelVersion: embedder.modelVersion });
    if (options.cacheFile) {
      const { cache, reason } = EmbeddingCache.load(options.cacheFile, embedder.modelVersion, embedder.dimensions);
      if (reason) this.log(`Embedding cache: ${reason}; starting empty.`);
      this.cache = cache;
    } else {
      this.cache = new EmbeddingCache(embedder.modelVersion, embedder.dimensions);
    }
  }

  /** Names the model exactly: recorded with every attribution the tier took part in. */
  get modelVersion(): string {
    return this.embedder.modelVersion;
  }

  /** A record's text (sources point into it), if the tier has the record. */
  recordText(recordId: string): string | undefined {
    const n = this.corpus.recordNumber(recordId);
    return n === undefined ? undefined : this.corpus.records[n]!.text;
  }

  /** Adds the records accepted since the watermark; concurrent callers share one catch-up. */
  async catchUp(): Promise<void> {
    this.refreshing ??= (async () => {
      // SemanticCorpus.add skips records it already holds.
      this.watermarkMs = await walkAcceptedSince(this.graph, this.watermarkMs, (rows) =>
        this.corpus.add(rows.map((r) => ({ id: r.recordId, text: r.text, acceptedAt: r.acceptedAtMs }))),
      );
    })().finally(() => {
      this.refreshing = null;
    });
    await this.refreshing;
  }

  /**
   * Embeds every record sentence not cached yet, with progress, and saves the cache: run in the background at
   * start so that outputs rarely wait for on-demand embedding.
   */
  async warm(): Promise<number> {
    await this.catchUp();
    let lastReport = 0;
    const embedded = await this.cache.embedMissing(this.corpus.sentences, this.embedder, {
      onProgress: ({ done, total, perSecond }) => {
        if (done === total || performance.now() - lastReport > 5_000) {
          lastReport = performance.now();
          this.log(`Embedding record sentences: ${done}/${total} (${perSecond.toFixed(0)}/s).`);
        }
      },
    });
    if (embedded > 0) this.save();
    return embedded;
  }

  /**
   * Paraphrase evidence for an output: its sentences (minus `skip`) matched against eligible records' sentences.
   */
  async evidence(text: string, options: Pick<SemanticOptions, 'eligible' | 'skip' | 'minOverlap'> = {}): Promise<SemanticSpan[]> {
    await this.catchUp();
    const search = { ...options };
    // The cache embeds candidates it does not hold yet before the rerank, so the answer does not depend on the
    // warm-up's progress.
    const { spans, stats } = await traceSemantic(text, this.corpus, this.cache, this.embedder, search);
    if (stats.filled > 0) this.save();
    return spans;
  }

  private save(): void {
    if (!this.options.cacheFile) return;
    try {
      this.cache.save(this.options.cacheFile);
    } catch (error) {
      // The cache only saves time: failing to write it must not fail an attribution.
      this.log(`Embedding cache not saved: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private log(line: string): void {
    (this.options.log ?? (() => {}))(line);
  }
}
