/**
 * A corpus as tracing threads see it (docs/architecture.md#tracing-off-the-event-loop).
 *
 * The API process owns the index. Each trace task carries a `ReplicaHandle`: the index's big arrays by reference
 * (SharedArrayBuffers, so one copy in memory whatever the number of threads) and a list of *updates* — the words
 * and record metadata added since the corpus began, one UTF-8 JSON blob per catch-up, also in shared memory. A
 * thread keeps a `CorpusReplica` per corpus and applies the updates it has not seen, so a task costs the posting of
 * a few references, not a copy of the corpus. Suffix arrays are never written once built (a batch makes a new tier,
 * a merge a new tier in place of those it joins), and each handle carries its own copy of the word counts, so a handle is a consistent snapshot
 * however the API's index moves on meanwhile.
 */
import type { AcceptedRecordMeta } from '../attribution/model-reach.js';
import type { CorpusIndex } from '../attribution/trace/corpus-index.js';
import { sharedFloat64 } from '../attribution/trace/shared-array.js';
import { SuffixArray } from '../attribution/trace/suffix-array.js';
import type { TraceCorpus } from '../attribution/trace/trace.js';
import { TRACE_METHODS, type TraceMethod } from '../attribution/trace/trace-method.js';
import { Vocabulary } from '../attribution/trace/vocabulary.js';
import { SharedInt32s } from './shared-int32s.js';
import { sharedStringAt, SharedStrings, type SharedStringsView } from './shared-strings.js';

export interface ShardHandle {
  tokens: Int32Array;
  sa: Int32Array;
  docStarts: Int32Array;
  firstTokens: Int32Array;
  docBase: number;
}

export interface ReplicaHandle {
  /** Which corpus ("live", "past"): a thread keeps one replica per key. */
  key: string;
  /** A new epoch means: start over (a rebuilt index, or updates compacted into one). */
  epoch: number;
  /** Grows with every publication of new records; a replica at another version adopts this handle's arrays. */
  version: number;
  method: string;
  updates: SharedArrayBuffer[];
  shards: ShardHandle[];
  counts: Float64Array;
  documentCount: number;
  recordIds: SharedStringsView;
  clusterNames: SharedStringsView;
  /** Each document's cluster number. */
  docClusters: Int32Array;
}

/** One catch-up: what was added to the corpus since the previous update (record ids and clusters are in shared tables). */
interface Update {
  words: string[];
  /** The new records that have metadata (for attribution), in document order. */
  metas: Array<{ id: string; meta: AcceptedRecordMeta }>;
}

/** More updates than this and the next publication starts a new epoch with one update holding everything. */
const MAX_UPDATES = 64;

let epochs = 0;

/** The API process's side: turns a CorpusIndex (and its record metadata) into handles, incrementally. */
export class ReplicaPublisher {
  private index: CorpusIndex | null = null;
  private epoch = 0;
  private version = 0;
  private updates: SharedArrayBuffer[] = [];
  private words = 0;
  private clusters = 0;
  private docs = 0;
  private generation = -1;
  private counts: Float64Array | null = null;
  private handle: ReplicaHandle | null = null;
  private recordIds = new SharedStrings();
  private clusterNames = new SharedStrings();
  private docClusters = new SharedInt32s();

  constructor(readonly key: string) {}

  /**
   * A handle for the index as it is now. O(new records + vocabulary) when the index grew; a new handle over the same
   * updates when only its tiers changed (a merge swapped in: threads adopt the merged arrays and let the old ones go);
   * O(1) otherwise.
   */
  publish(index: CorpusIndex, metaOf?: (recordId: string) => AcceptedRecordMeta | undefined): ReplicaHandle {
    if (index !== this.index || this.updates.length >= MAX_UPDATES) this.restart(index);
    if (this.handle && index.documentCount === this.docs && index.generation === this.generation) return this.handle;
    const vocab = index.vocabulary;
    if (!this.handle || index.documentCount !== this.docs) {
      const update: Update = { words: [], metas: [] };
      for (let id = this.words; id < vocab.size; id++) update.words.push(vocab.wordOf(id)!);
      for (let c = this.clusters; c < index.clusterCount; c++) this.clusterNames.push(index.clusterName(c));
      for (let doc = this.docs; doc < index.documentCount; doc++) {
        const id = index.recordIdOf(doc);
        this.recordIds.push(id);
        this.docClusters.push(index.clusterOf(doc));
        const meta = metaOf?.(id);
        if (meta) update.metas.push({ id, meta });
      }
      this.words = vocab.size;
      this.clusters = index.clusterCount;
      this.docs = index.documentCount;
      const bytes = Buffer.from(JSON.stringify(update), 'utf8');
      const shared = new SharedArrayBuffer(bytes.length);
      new Uint8Array(shared).set(bytes);
      this.updates.push(shared);
      const counts = sharedFloat64(vocab.size);
      for (let id = 0; id < counts.length; id++) counts[id] = vocab.count(id);
      this.counts = counts;
    }
    this.generation = index.generation;
    this.handle = {
      key: this.key,
      epoch: this.epoch,
      version: ++this.version,
      method: index.method.version,
      updates: this.updates.slice(),
      shards: index.shards.map(({ index: sa, docBase }) => ({ tokens: sa.tokens, sa: sa.sa, docStarts: sa.docStarts, firstTokens: sa.firstTokens, docBase })),
      counts: this.counts!,
      documentCount: index.documentCount,
      recordIds: this.recordIds.view(),
      clusterNames: this.clusterNames.view(),
      docClusters: this.docClusters.view(),
    };
    return this.handle;
  }

  private restart(index: CorpusIndex): void {
    this.index = index;
    this.epoch = ++epochs;
    this.updates = [];
    this.words = this.clusters = this.docs = 0;
    this.handle = null;
    this.recordIds = new SharedStrings();
    this.clusterNames = new SharedStrings();
    this.docClusters = new SharedInt32s();
  }
}

/** A tracing thread's side: the corpus rebuilt from handles, read-only, tracing like the CorpusIndex it mirrors. */
export class CorpusReplica implements TraceCorpus {
  readonly vocabulary = new Vocabulary();
  readonly method: TraceMethod;
  shards: Array<{ index: SuffixArray; docBase: number }> = [];
  documentCount = 0;
  readonly meta = new Map<string, AcceptedRecordMeta>();
  readonly clusterMembers = new Map<string, AcceptedRecordMeta[]>();
  private recordIds: SharedStringsView = { bytes: new Uint8Array(0), ends: new Uint32Array(0), count: 0 };
  private clusterNames: SharedStringsView = { bytes: new Uint8Array(0), ends: new Uint32Array(0), count: 0 };
  private docClusters: Int32Array = new Int32Array(0);
  private applied = 0;
  private version = -1;

  constructor(readonly epoch: number, methodVersion: string) {
    const method = TRACE_METHODS.find((m) => m.version === methodVersion);
    if (!method) throw new Error(`unknown tracing method ${methodVersion}`);
    this.method = method;
  }

  /** Whether this replica can be brought to `handle` (same epoch, not ahead of it). */
  canServe(handle: ReplicaHandle): boolean {
    return handle.epoch === this.epoch && handle.method === this.method.version && handle.updates.length >= this.applied;
  }

  /** Applies the updates not yet seen and adopts the handle's arrays. */
  apply(handle: ReplicaHandle): void {
    if (!this.canServe(handle)) throw new Error('replica cannot serve this handle');
    if (handle.version === this.version) return;
    const decoder = new TextDecoder();
    const words: string[] = [];
    for (; this.applied < handle.updates.length; this.applied++) {
      // TextDecoder refuses views of shared memory: copy the blob out first (it is small: one catch-up's records).
      const update = JSON.parse(decoder.decode(new Uint8Array(handle.updates[this.applied]!).slice())) as Update;
      // One element at a time: a first update holds every word of the corpus, and spreading hundreds of thousands of
      // arguments overflows the call stack (found at 10^8 tokens).
      for (const word of update.words) words.push(word);
      for (const { id, meta } of update.metas) {
        this.meta.set(id, meta);
        const list = this.clusterMembers.get(meta.clusterId) ?? [];
        list.push(meta);
        this.clusterMembers.set(meta.clusterId, list);
      }
    }
    this.recordIds = handle.recordIds;
    this.clusterNames = handle.clusterNames;
    this.docClusters = handle.docClusters;
    this.vocabulary.extend(words, handle.counts);
    this.shards = handle.shards.map((s) => ({ index: new SuffixArray(s.tokens, s.sa, s.docStarts, s.firstTokens), docBase: s.docBase }));
    this.documentCount = handle.documentCount;
    this.version = handle.version;
  }

  recordIdOf(doc: number): string {
    return sharedStringAt(this.recordIds, doc);
  }

  clusterOf(doc: number): number {
    return this.docClusters[doc]!;
  }

  clusterName(cluster: number): string {
    return sharedStringAt(this.clusterNames, cluster);
  }
}
