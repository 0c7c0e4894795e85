/**
 * The searchable corpus behind `traceText`: every accepted record's tokens in suffix arrays, plus what is needed to
 * turn a match back into record and cluster ids.
 *
 * Incremental: records arrive in batches as they are accepted. Rebuilding one big suffix array per batch would
 * cost O(corpus) each time, so new records go to a small delta index that is rebuilt alone (O(delta)); when the
 * delta outgrows `deltaFraction` of the main index both are merged into a new main. Main sizes then grow
 * geometrically, so each token is re-sorted O(1/deltaFraction) times over the index's life, and a trace consults
 * just two arrays.
 *
 * Persisted with `serialize`/`deserialize`; `digest` (record count + hash of ids) lets the API notice that the
 * file no longer matches Neo4j and rebuild. Restricting to a model's eligible records needs no rebuild: `trace`
 * takes a predicate. Removing a record is also just a predicate (a full rebuild reclaims the space).
 */
import { IndexFormatError, packSections, unpackSections, type SectionArray } from './binary-sections.js';
import { corpusDigest } from './corpus-digest.js';
import { SuffixArray } from './suffix-array.js';
import { TokenStreamBuilder } from './token-stream.js';
import { forEachToken } from './tokenize.js';
import { traceText, type TraceCorpus, type TraceOptions, type TraceResult } from './trace.js';
import { CURRENT_TRACE_METHOD, sameIndexScheme, TRACE_METHODS, type TraceMethod } from './trace-method.js';
import { Vocabulary } from './vocabulary.js';

export interface CorpusRecord {
  recordId: string;
  clusterId: string;
  text: string;
}

export interface CorpusIndexOptions {
  /** Merge the delta into the main index once it holds more than this fraction of the main index's tokens. */
  deltaFraction?: number;
  /** The tracing method the index serves (its tokenizer and token stream); the current one by default. */
  method?: TraceMethod;
}

export interface AddBatchResult {
  /** Records indexed by this call (already-indexed ids are skipped, so replays are harmless). */
  added: number;
  /** Whether the main index was rebuilt (merge) rather than only the delta. */
  merged: boolean;
}

/** The index file's magic (binary-sections.ts layout). */
export const INDEX_MAGIC = 'STRTRC01';
// 2: the header names the record-id check `digest` (it was `fingerprint`, a word now kept for near-duplicate signatures).
// 3: the header names the tracing method the index was built for (tokenizer and sentence separators follow from it).
const FORMAT_VERSION = 3;
const DEFAULT_DELTA_FRACTION = 0.125;

interface Meta {
  format: number;
  method: string;
  deltaFraction: number;
  recordIds: string[];
  clusterNames: string[];
  vocabulary: string[];
  mainDocs: number;
  hasMain: boolean;
  hasDelta: boolean;
  digest: string;
}

export class CorpusIndex implements TraceCorpus {
  readonly vocabulary: Vocabulary;
  readonly method: TraceMethod;
  private readonly deltaFraction: number;
  private readonly recordIds: string[] = [];
  private readonly recordIndex = new Map<string, number>();
  private docClusters = new Int32Array(1024);
  private readonly clusterNames: string[] = [];
  private readonly clusterIndex = new Map<string, number>();
  private main: SuffixArray | null = null;
  private delta: SuffixArray | null = null;
  private cachedDigest: string | null = null;

  constructor(options: CorpusIndexOptions = {}, vocabulary = new Vocabulary()) {
    this.deltaFraction = options.deltaFraction ?? DEFAULT_DELTA_FRACTION;
    this.method = options.method ?? CURRENT_TRACE_METHOD;
    if (!(this.deltaFraction > 0)) throw new RangeError('deltaFraction must be positive');
    this.vocabulary = vocabulary;
  }

  static build(records: Iterable<CorpusRecord>, options: CorpusIndexOptions = {}): CorpusIndex {
    const index = new CorpusIndex(options);
    index.addBatch(records);
    return index;
  }

  get documentCount(): number {
    return this.recordIds.length;
  }

  /** Tokens in the suffix arrays, separators included. */
  get tokenCount(): number {
    return (this.main?.length ?? 0) + (this.delta?.length ?? 0);
  }

  get shards(): ReadonlyArray<{ index: SuffixArray; docBase: number }> {
    const shards: Array<{ index: SuffixArray; docBase: number }> = [];
    if (this.main) shards.push({ index: this.main, docBase: 0 });
    if (this.delta) shards.push({ index: this.delta, docBase: this.main?.documentCount ?? 0 });
    return shards;
  }

  has(recordId: string): boolean {
    return this.recordIndex.has(recordId);
  }

  recordIdOf(doc: number): string {
    const id = this.recordIds[doc];
    if (id === undefined) throw new RangeError(`no document ${doc}`);
    return id;
  }

  clusterOf(doc: number): number {
    return this.docClusters[doc]!;
  }

  clusterName(cluster: number): string {
    return this.clusterNames[cluster]!;
  }

  /** Distinct clusters (numbered 0 … clusterCount − 1 in order of first use). */
  get clusterCount(): number {
    return this.clusterNames.length;
  }

  /** `<count>:<sha256>` over the indexed record ids; compare with `corpusDigest(ids from Neo4j)`. */
  digest(): string {
    this.cachedDigest ??= corpusDigest(this.recordIds);
    return this.cachedDigest;
  }

  addBatch(records: Iterable<CorpusRecord>): AddBatchResult {
    const stream = new TokenStreamBuilder();
    if (this.delta) stream.appendStream(this.delta);
    let added = 0;
    for (const record of records) {
      if (this.recordIndex.has(record.recordId)) continue;
      if (!record.recordId || !record.clusterId) throw new TypeError('records need a recordId and a clusterId');
      this.registerDocument(record.recordId, record.clusterId);
      stream.beginDocument();
      const separators = this.method.sentenceSeparators;
      forEachToken(record.text, (norm, _start, _end, sentenceEnd) => {
        stream.pushToken(this.vocabulary.add(norm));
        if (sentenceEnd && separators) stream.endSentence();
      }, this.method.tokenizer);
      stream.endDocument();
      added++;
    }
    if (added === 0) return { added, merged: false };
    this.cachedDigest = null;
    const deltaParts = stream.finish();
    const mainLength = this.main?.length ?? 0;
    if (!this.main || deltaParts.tokens.length > this.deltaFraction * mainLength) {
      const merged = new TokenStreamBuilder();
      if (this.main) merged.appendStream(this.main);
      merged.appendStream(deltaParts);
      const parts = merged.finish();
      this.main = SuffixArray.build(parts.tokens, parts.docStarts);
      this.delta = null;
      return { added, merged: true };
    }
    this.delta = SuffixArray.build(deltaParts.tokens, deltaParts.docStarts);
    return { added, merged: false };
  }

  trace(text: string, options: TraceOptions = {}): TraceResult {
    return traceText(this, text, options);
  }

  serialize(): Buffer {
    const { meta, arrays } = this.toSections();
    return packSections(INDEX_MAGIC, meta, arrays);
  }

  /** What a file holds: JSON metadata and typed arrays (written in pieces by api/corpus/index-file.ts). */
  toSections(): { meta: unknown; arrays: SectionArray[] } {
    const vocab = this.vocabulary.snapshot();
    const meta: Meta = {
      format: FORMAT_VERSION,
      method: this.method.version,
      deltaFraction: this.deltaFraction,
      recordIds: this.recordIds,
      clusterNames: this.clusterNames,
      vocabulary: vocab.words,
      mainDocs: this.main?.documentCount ?? 0,
      hasMain: this.main !== null,
      hasDelta: this.delta !== null,
      digest: this.digest(),
    };
    const arrays: SectionArray[] = [vocab.counts, this.docClusters.subarray(0, this.recordIds.length)];
    for (const part of [this.main, this.delta]) if (part) arrays.push(part.tokens, part.sa, part.docStarts);
    return { meta, arrays };
  }

  /**
   * Throws IndexFormatError when the file is corrupt, of another format version, or built for a method whose tokens
   * differ from `method`'s (the current one by default).
   */
  static deserialize(buf: Buffer, method: TraceMethod = CURRENT_TRACE_METHOD): CorpusIndex {
    const { meta, arrays } = unpackSections(buf, INDEX_MAGIC);
    return CorpusIndex.fromSections(meta, arrays, method);
  }

  /** The inverse of toSections; throws IndexFormatError like deserialize. */
  static fromSections(rawMeta: unknown, arrays: SectionArray[], method: TraceMethod = CURRENT_TRACE_METHOD): CorpusIndex {
    const meta = rawMeta as Meta;
    const built = TRACE_METHODS.find((m) => m.version === meta.method);
    if (meta.format !== FORMAT_VERSION || !built || !sameIndexScheme(built, method)) {
      throw new IndexFormatError(`index format ${meta.format}/method ${meta.method} does not serve ${method.version}`);
    }
    const [counts, clusters, ...parts] = arrays;
    const expectedParts = 3 * (Number(meta.hasMain) + Number(meta.hasDelta));
    if (!(counts instanceof Float64Array) || !(clusters instanceof Int32Array) || parts.length !== expectedParts) {
      throw new IndexFormatError('index file sections do not match its metadata');
    }
    const index = new CorpusIndex(
      { deltaFraction: meta.deltaFraction, method },
      Vocabulary.fromSnapshot({ words: meta.vocabulary, counts }),
    );
    // Same cluster numbering as when written (registerDocument would otherwise number them by first use).
    meta.clusterNames.forEach((name) => index.internCluster(name));
    meta.recordIds.forEach((id, doc) => index.registerDocument(id, meta.clusterNames[clusters[doc]!]!));
    const readPart = (at: number): SuffixArray => {
      const [tokens, sa, docStarts] = [parts[at], parts[at + 1], parts[at + 2]];
      if (!(tokens instanceof Int32Array) || !(sa instanceof Int32Array) || !(docStarts instanceof Int32Array)) {
        throw new IndexFormatError('index file has a malformed suffix array section');
      }
      return new SuffixArray(tokens, sa, docStarts);
    };
    if (meta.hasMain) index.main = readPart(0);
    if (meta.hasDelta) index.delta = readPart(meta.hasMain ? 3 : 0);
    if (index.digest() !== meta.digest || (index.main?.documentCount ?? 0) !== meta.mainDocs) {
      throw new IndexFormatError('index file is internally inconsistent');
    }
    return index;
  }

  private registerDocument(recordId: string, clusterId: string): void {
    const doc = this.recordIds.length;
    this.recordIds.push(recordId);
    this.recordIndex.set(recordId, doc);
    if (doc === this.docClusters.length) {
      const grown = new Int32Array(this.docClusters.length * 2);
      grown.set(this.docClusters);
      this.docClusters = grown;
    }
    this.docClusters[doc] = this.internCluster(clusterId);
  }

  private internCluster(name: string): number {
    let c = this.clusterIndex.get(name);
    if (c === undefined) {
      c = this.clusterNames.length;
      this.clusterIndex.set(name, c);
      this.clusterNames.push(name);
    }
    return c;
  }
}
