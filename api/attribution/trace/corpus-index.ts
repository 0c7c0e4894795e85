/**
 * The searchable corpus behind `traceText`: every accepted record's tokens in suffix arrays, plus what is needed to
 * turn a match back into record and cluster ids (docs/architecture.md#the-trace-index-in-tiers).
 *
 * Tiered, LSM-style: the index is a list of *tiers*, each a suffix array over a contiguous run of documents (oldest
 * first, so a document's number is its tier's `docBase` plus its place in the tier). A batch of new records becomes a
 * new small tier (O(batch)); a tier that holds at least `mergeFraction` of the tokens of the tier before it is merged
 * with it (its streams joined, one suffix array built). Sizes so decrease geometrically towards the newest tier: a
 * trace consults O(log n) arrays and every token is re-sorted O(log n) times over the index's life, where rebuilding
 * one main array per merge cost O(n) per merge. A tier that reaches `maxShardTokens` is a document shard, never
 * merged again: a merge's time and memory stay bounded whatever the corpus (10^9 tokens = a few shards).
 *
 * Merges run inside addBatch (`merges: 'inline'`: tests, CLI tools, a past corpus) or are left to the caller
 * (`'deferred'`: planMerge, mergeTiers on another thread, installMerge), which swaps the merged tier in atomically: a
 * trace, a replica handle or a file being written keeps the tier list it took (tiers are never written once built).
 *
 * Spans do not depend on how the records are cut into tiers: the tracer consults every tier, and counts the clusters
 * holding a phrase over all of them (trace.ts; a property test splits random corpora in random ways).
 *
 * Persisted with `serialize`/`deserialize` (one buffer) or `toSegments` (a head and one file per tier,
 * api/corpus/tier-files.ts); `digest` (record count + hash of ids) lets the API notice that the file no longer matches
 * Neo4j and rebuild. Restricting to a model's eligible records needs no rebuild: `trace` takes a predicate.
 */
import { randomBytes } from 'node:crypto';
import { IndexFormatError, packSections, unpackSections, type SectionArray } from './binary-sections.js';
import { corpusDigest } from './corpus-digest.js';
import { SuffixArray } from './suffix-array.js';
import { joinStreams, TokenStreamBuilder } from './token-stream.js';
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
  /** A tier is merged with the tier before it once it holds at least this fraction of that tier's tokens. */
  mergeFraction?: number;
  /** Tiers stop growing at this many tokens: document shards, never merged again. */
  maxShardTokens?: number;
  /** 'inline' (default): addBatch runs the merges it makes due; 'deferred': the caller runs them (see the class comment). */
  merges?: 'inline' | 'deferred';
  /** The tracing method the index serves (its tokenizer and token stream); the current one by default. */
  method?: TraceMethod;
}

export interface AddBatchResult {
  /** Records indexed by this call (already-indexed ids are skipped, so replays are harmless). */
  added: number;
  /** Whether tiers were merged by this call (only ever with inline merges). */
  merged: boolean;
}

/** Adjacent tiers due to be merged, oldest first, as they were when planned. */
export interface TierMerge {
  readonly tiers: readonly SuffixArray[];
}

/** A full build's progress: records and tokens indexed so far. */
export type BuildProgress = (records: number, tokens: number) => void;

/** The index file's magic (binary-sections.ts layout). */
export const INDEX_MAGIC = 'STRTRC01';
/**
 * A tier file's magic (api/corpus/tier-files.ts). STRTIER2 files end in a CRC-32 of their bytes, STRTIER1 files (still
 * read) in a SHA-256: the same layout, a cheaper check (api/corpus/index-file.ts says why).
 */
export const TIER_MAGIC = 'STRTIER2';
export const TIER_MAGIC_SHA256 = 'STRTIER1';
// 2: the header names the record-id check `digest` (it was `fingerprint`, a word now kept for near-duplicate signatures).
// 3: the header names the tracing method the index was built for (tokenizer and sentence separators follow from it).
// 4: tiers: any number of suffix arrays, each with its first-token table, inline or in files of their own. Format 3
//    files (a main array and a delta) still load, as two tiers.
export const INDEX_FORMAT_VERSION = 4;
const READABLE_FORMATS = [3, 4];
const DEFAULT_MERGE_FRACTION = 0.25;
/**
 * 2^28 tokens: a shard's suffix array build (or the merge that fills it) peaks near 17 bytes a token (~4.3 GiB), its
 * arrays hold ~8 (2 GiB). A trace searches every start in every shard, so fewer, larger shards are faster: 10^9 tokens
 * are 4 shards at 2^28 where they were 8 at 2^27, and one more binary-search step per shard costs less than a shard.
 * An index keeps the cap it was built with (its file says which).
 */
export const DEFAULT_MAX_SHARD_TOKENS = 1 << 28;
const BUILD_PROGRESS_RECORDS = 50_000;

interface TierMeta {
  docs: number;
  tokens: number;
  /** The tier's file (segmented persistence); absent when its arrays follow the head's. */
  file?: string;
}

interface Meta {
  format: number;
  method: string;
  /** Names this index's tier files: a rebuilt index starts a new lineage, so its files never collide with old ones. */
  lineage: string;
  mergeFraction: number;
  maxShardTokens: number;
  recordIds: string[];
  clusterNames: string[];
  vocabulary: string[];
  tiers: TierMeta[];
  digest: string;
}

/** Format 3's header (one main array and at most one delta). */
interface MetaV3 {
  format: 3;
  method: string;
  recordIds: string[];
  clusterNames: string[];
  vocabulary: string[];
  mainDocs: number;
  hasMain: boolean;
  hasDelta: boolean;
  digest: string;
}

/** One suffix array over the tiers' documents back to back: what a merge computes (pure; run on any thread). */
export function mergeTiers(tiers: readonly { tokens: Int32Array; docStarts: Int32Array }[]): SuffixArray {
  const parts = joinStreams(tiers);
  return SuffixArray.build(parts.tokens, parts.docStarts);
}

export class CorpusIndex implements TraceCorpus {
  readonly vocabulary: Vocabulary;
  readonly method: TraceMethod;
  merges: 'inline' | 'deferred';
  readonly mergeFraction: number;
  readonly maxShardTokens: number;
  lineage: string = randomBytes(6).toString('hex');
  private recordIds: string[] = [];
  private docClusters: Int32Array<ArrayBufferLike> = new Int32Array(1024);
  private clusterNames: string[] = [];
  // The maps from ids back to numbers are only needed to add records, so a loaded index (millions of ids) builds them
  // on the first batch, not while it loads: a trace never looks an id up.
  private recordNumbers: Map<string, number> | null = new Map();
  private clusterNumbers: Map<string, number> | null = new Map();
  /** Oldest first; replaced, never changed in place, so whoever took the list keeps a consistent one. */
  private tiers: SuffixArray[] = [];
  private tierShards: Array<{ index: SuffixArray; docBase: number }> = [];
  private tierGeneration = 0;
  private cachedDigest: string | null = null;

  constructor(options: CorpusIndexOptions = {}, vocabulary = new Vocabulary()) {
    this.mergeFraction = options.mergeFraction ?? DEFAULT_MERGE_FRACTION;
    this.maxShardTokens = options.maxShardTokens ?? DEFAULT_MAX_SHARD_TOKENS;
    this.merges = options.merges ?? 'inline';
    this.method = options.method ?? CURRENT_TRACE_METHOD;
    if (!(this.mergeFraction > 0)) throw new RangeError('mergeFraction must be positive');
    if (!(this.maxShardTokens >= 1)) throw new RangeError('maxShardTokens must be at least 1');
    this.vocabulary = vocabulary;
  }

  /**
   * A full build: records streamed into shards of `maxShardTokens`, each suffix array built once (no merges), with
   * progress every BUILD_PROGRESS_RECORDS records and after each shard's sort.
   */
  static build(records: Iterable<CorpusRecord>, options: CorpusIndexOptions = {}, progress?: BuildProgress): CorpusIndex {
    const index = new CorpusIndex(options);
    let stream = new TokenStreamBuilder();
    let tokens = 0;
    const cut = () => {
      if (stream.documentCount === 0) return;
      const parts = stream.finish();
      // The builder's growable arrays (up to 1.5 times the stream) go before the sort allocates its own: a shard's
      // peak is then its sort's (suffix-array.ts), not that plus the builder's.
      stream = new TokenStreamBuilder();
      tokens += parts.tokens.length;
      index.setTiers([...index.tiers, SuffixArray.build(parts.tokens, parts.docStarts)]);
      progress?.(index.documentCount, tokens);
    };
    for (const record of records) {
      if (!index.appendRecord(stream, record)) continue;
      if (stream.tokenCount >= index.maxShardTokens) cut();
      else if (index.documentCount % BUILD_PROGRESS_RECORDS === 0) progress?.(index.documentCount, tokens + stream.tokenCount);
    }
    cut();
    index.cachedDigest = null;
    return index;
  }

  get documentCount(): number {
    return this.recordIds.length;
  }

  /** Tokens in the suffix arrays, separators included. */
  get tokenCount(): number {
    let n = 0;
    for (const tier of this.tiers) n += tier.length;
    return n;
  }

  /** The tiers with the number of their first document, oldest first (a new array whenever the tiers change). */
  get shards(): ReadonlyArray<{ index: SuffixArray; docBase: number }> {
    return this.tierShards;
  }

  /** Changes whenever the tier list does (a batch added, a merge installed). */
  get generation(): number {
    return this.tierGeneration;
  }

  has(recordId: string): boolean {
    return this.recordIndex().has(recordId);
  }

  private recordIndex(): Map<string, number> {
    this.recordNumbers ??= new Map(this.recordIds.map((id, doc) => [id, doc]));
    return this.recordNumbers;
  }

  private clusterIndex(): Map<string, number> {
    this.clusterNumbers ??= new Map(this.clusterNames.map((name, c) => [name, c]));
    return this.clusterNumbers;
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

  /** Adds the records not yet indexed as a new tier (O(batch)); with inline merges, then merges what is due. */
  addBatch(records: Iterable<CorpusRecord>): AddBatchResult {
    const stream = new TokenStreamBuilder();
    let added = 0;
    for (const record of records) if (this.appendRecord(stream, record)) added++;
    if (added === 0) return { added, merged: false };
    this.cachedDigest = null;
    const parts = stream.finish();
    this.setTiers([...this.tiers, SuffixArray.build(parts.tokens, parts.docStarts)]);
    let merged = false;
    if (this.merges === 'inline') {
      for (let plan = this.planMerge(); plan; plan = this.planMerge()) {
        this.installMerge(plan, mergeTiers(plan.tiers));
        merged = true;
      }
    }
    return { added, merged };
  }

  /**
   * The next merge due, or null: the newest tier that holds at least `mergeFraction` of the tokens of the tier before
   * it, with that tier, and with the tiers before whenever the merged one would in turn be due (merged now rather
   * than sorted twice). Never past `maxShardTokens`.
   */
  planMerge(): TierMerge | null {
    const sizes = this.tiers.map((t) => t.length);
    const due = (prev: number, next: number) => next >= this.mergeFraction * prev && prev + next <= this.maxShardTokens;
    for (let i = sizes.length - 1; i >= 1; i--) {
      if (!due(sizes[i - 1]!, sizes[i]!)) continue;
      let from = i - 1;
      let total = sizes[i - 1]! + sizes[i]!;
      while (from >= 1 && due(sizes[from - 1]!, total)) {
        from--;
        total += sizes[from]!;
      }
      return { tiers: this.tiers.slice(from, i + 1) };
    }
    return null;
  }

  /**
   * Swaps `merged` (mergeTiers of the plan's tiers) in for them. False, and nothing changes, when those tiers are no
   * longer the index's (another merge took them).
   */
  installMerge(plan: TierMerge, merged: SuffixArray): boolean {
    const at = plan.tiers.length > 0 ? this.tiers.indexOf(plan.tiers[0] as SuffixArray) : -1;
    if (at < 0 || plan.tiers.some((t, k) => this.tiers[at + k] !== t)) return false;
    let tokens = 0;
    let docs = 0;
    for (const t of plan.tiers) {
      tokens += t.length;
      docs += t.documentCount;
    }
    if (merged.length !== tokens || merged.documentCount !== docs) throw new Error('a merged tier must hold exactly the tiers it replaces');
    this.setTiers([...this.tiers.slice(0, at), merged, ...this.tiers.slice(at + plan.tiers.length)]);
    return true;
  }

  trace(text: string, options: TraceOptions = {}): TraceResult {
    return traceText(this, text, options);
  }

  serialize(): Buffer {
    const { meta, arrays } = this.toSections();
    return packSections(INDEX_MAGIC, meta, arrays);
  }

  /** What one file holds: JSON metadata, then the typed arrays, every tier's inline (written in pieces by api/corpus/index-file.ts). */
  toSections(): { meta: unknown; arrays: SectionArray[] } {
    const { meta, arrays, tiers } = this.snapshot();
    for (const tier of tiers) arrays.push(tier.tokens, tier.sa, tier.docStarts, tier.firstTokens);
    return { meta, arrays };
  }

  /**
   * The same as a head (metadata, word counts, clusters) naming one file per tier, and the tiers' files. A tier's name
   * is fixed by its lineage and document range, so a tier already on disk is never written again.
   */
  toSegments(): { head: { meta: unknown; arrays: SectionArray[] }; tiers: Array<{ name: string; meta: unknown; arrays: SectionArray[] }> } {
    const { meta, arrays, tiers } = this.snapshot();
    let docBase = 0;
    const files = tiers.map((tier, k) => {
      const name = `${this.lineage}-${docBase}-${tier.documentCount}.tier`;
      meta.tiers[k]!.file = name;
      const tierMeta = { format: INDEX_FORMAT_VERSION, lineage: this.lineage, docBase, docs: tier.documentCount, tokens: tier.length };
      docBase += tier.documentCount;
      return { name, meta: tierMeta, arrays: [tier.tokens, tier.sa, tier.docStarts, tier.firstTokens] as SectionArray[] };
    });
    return { head: { meta, arrays }, tiers: files };
  }

  private snapshot(): { meta: Meta; arrays: SectionArray[]; tiers: readonly SuffixArray[] } {
    const vocab = this.vocabulary.snapshot();
    const tiers = this.tiers;
    const meta: Meta = {
      format: INDEX_FORMAT_VERSION,
      method: this.method.version,
      lineage: this.lineage,
      mergeFraction: this.mergeFraction,
      maxShardTokens: this.maxShardTokens,
      recordIds: this.recordIds.slice(),
      clusterNames: this.clusterNames.slice(),
      vocabulary: vocab.words,
      tiers: tiers.map((t) => ({ docs: t.documentCount, tokens: t.length })),
      digest: this.digest(),
    };
    return { meta, arrays: [vocab.counts, this.docClusters.slice(0, this.recordIds.length)], tiers };
  }

  /**
   * Throws IndexFormatError when the file is corrupt, of another format version, or built for a method whose tokens
   * differ from `method`'s (the current one by default).
   */
  static deserialize(buf: Buffer, method: TraceMethod = CURRENT_TRACE_METHOD): CorpusIndex {
    const { meta, arrays } = unpackSections(buf, INDEX_MAGIC);
    return CorpusIndex.fromSections(meta, arrays, method);
  }

  /** The file format version of a head's metadata (to say why a file is rebuilt). */
  static formatOf(rawMeta: unknown): unknown {
    return (rawMeta as { format?: unknown } | null)?.format;
  }

  /**
   * The inverse of toSections (and of toSegments, the tiers' arrays appended to the head's in order); throws
   * IndexFormatError like deserialize. Reads format 3 (main + delta) as two tiers.
   */
  static fromSections(rawMeta: unknown, arrays: SectionArray[], method: TraceMethod = CURRENT_TRACE_METHOD): CorpusIndex {
    const meta = rawMeta as Meta | MetaV3;
    const built = TRACE_METHODS.find((m) => m.version === meta.method);
    if (!READABLE_FORMATS.includes(meta.format) || !built || !sameIndexScheme(built, method)) {
      throw new IndexFormatError(`index format ${meta.format}/method ${meta.method} does not serve ${method.version}`);
    }
    const [counts, clusters, ...parts] = arrays;
    const v3 = meta.format === 3 ? (meta as MetaV3) : null;
    const perTier = v3 ? 3 : 4;
    const tierCount = v3 ? Number(v3.hasMain) + Number(v3.hasDelta) : (meta as Meta).tiers.length;
    if (!(counts instanceof Float64Array) || !(clusters instanceof Int32Array) || parts.length !== perTier * tierCount) {
      throw new IndexFormatError('index file sections do not match its metadata');
    }
    const v4 = v3 ? null : (meta as Meta);
    const index = new CorpusIndex(
      { method, ...(v4 ? { mergeFraction: v4.mergeFraction, maxShardTokens: v4.maxShardTokens } : {}) },
      Vocabulary.fromSnapshot({ words: meta.vocabulary, counts }),
    );
    if (v4) index.lineage = v4.lineage;
    // The file's arrays as they are, with the same numbering (its checksum vouches for them); the id maps wait for a
    // first batch (recordIndex).
    if (clusters.length !== meta.recordIds.length || clusters.some((c) => !(c >= 0 && c < meta.clusterNames.length))) {
      throw new IndexFormatError('index file cluster numbers do not match its metadata');
    }
    index.recordIds = meta.recordIds;
    index.clusterNames = meta.clusterNames;
    index.docClusters = clusters;
    index.recordNumbers = null;
    index.clusterNumbers = null;
    const tiers: SuffixArray[] = [];
    for (let k = 0; k < tierCount; k++) {
      const [tokens, sa, docStarts, firstTokens] = parts.slice(perTier * k, perTier * (k + 1));
      if (!(tokens instanceof Int32Array) || !(sa instanceof Int32Array) || !(docStarts instanceof Int32Array) || (firstTokens && !(firstTokens instanceof Int32Array))) {
        throw new IndexFormatError('index file has a malformed suffix array section');
      }
      const expected = v4?.tiers[k];
      if (expected && (expected.docs !== docStarts.length || expected.tokens !== tokens.length)) {
        throw new IndexFormatError('index file tier does not match its metadata');
      }
      tiers.push(new SuffixArray(tokens, sa, docStarts, firstTokens as Int32Array | undefined));
    }
    index.setTiers(tiers);
    const docs = tiers.reduce((n, t) => n + t.documentCount, 0);
    // The digest written with the ids is taken as it is (the checksum covers both); sorting millions of ids again
    // to recompute it was a good part of a cold load. Its count must still agree.
    if (!meta.digest.startsWith(`${meta.recordIds.length}:`) || docs !== index.documentCount || (v3 && (tiers[0]?.documentCount ?? 0) !== (v3.hasMain ? v3.mainDocs : 0))) {
      throw new IndexFormatError('index file is internally inconsistent');
    }
    index.cachedDigest = meta.digest;
    return index;
  }

  private setTiers(tiers: SuffixArray[]): void {
    this.tiers = tiers;
    let docBase = 0;
    this.tierShards = tiers.map((index) => {
      const shard = { index, docBase };
      docBase += index.documentCount;
      return shard;
    });
    this.tierGeneration++;
  }

  /** Tokenizes one record into `stream` unless already indexed; true when it was added. */
  private appendRecord(stream: TokenStreamBuilder, record: CorpusRecord): boolean {
    if (this.recordIndex().has(record.recordId)) return false;
    if (!record.recordId || !record.clusterId) throw new TypeError('records need a recordId and a clusterId');
    this.registerDocument(record.recordId, record.clusterId);
    stream.beginDocument();
    const separators = this.method.sentenceSeparators;
    forEachToken(record.text, (norm, _start, _end, sentenceEnd) => {
      stream.pushToken(this.vocabulary.add(norm));
      if (sentenceEnd && separators) stream.endSentence();
    }, this.method.tokenizer);
    stream.endDocument();
    return true;
  }

  private registerDocument(recordId: string, clusterId: string): void {
    const doc = this.recordIds.length;
    this.recordIds.push(recordId);
    this.recordIndex().set(recordId, doc);
    if (doc === this.docClusters.length) {
      const grown = new Int32Array(this.docClusters.length * 2);
      grown.set(this.docClusters);
      this.docClusters = grown;
    }
    this.docClusters[doc] = this.internCluster(clusterId);
  }

  private internCluster(name: string): number {
    const numbers = this.clusterIndex();
    let c = numbers.get(name);
    if (c === undefined) {
      c = this.clusterNames.length;
      numbers.set(name, c);
      this.clusterNames.push(name);
    }
    return c;
  }
}
