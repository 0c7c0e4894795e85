import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Progress } from './index-file.js';
import { loadTieredIndex, saveTieredIndex } from './tier-files.js';
import { TierMerger } from './tier-merger.js';
import { dirname } from 'node:path';
import type { GraphStore } from '../store/graph-store.js';
import type { AttributionShape } from '../attribution/attribution-shape.js';
import { acceptedRecordIds, type AcceptedRecordRow } from '../store/corpus.js';
import { walkAcceptedSince } from './accepted-since.js';
import { decodeRecordsFile, encodeRecordsFile } from './records-file.js';
import { attributeWith, type AttributeOptions } from './attribute-with.js';
import type { ParaphraseTier } from './paraphrase-tier.js';
import { resolveSemanticSources } from '../attribution/semantic/add-semantic-evidence.js';
import { CURRENT_SEMANTIC_TIER } from '../attribution/semantic/semantic-tier.js';
import { recordPaths, type AcceptedRecordMeta } from '../attribution/model-reach.js';

export type { AttributeOptions } from './attribute-with.js';
import { CorpusIndex } from '../attribution/trace/corpus-index.js';
import { corpusDigest } from '../attribution/trace/corpus-digest.js';
import { ReplicaPublisher } from '../trace-pool/corpus-replica.js';
import { resolveTraceThreads, TracePool, type TraceThreads } from '../trace-pool/trace-pool.js';
import { CURRENT_TRACE_METHOD, sameIndexScheme, type TraceMethod } from '../attribution/trace/trace-method.js';

/**
 * Records indexed per tier while catching up: tokenizing and sorting this many takes tens of milliseconds, so the event
 * loop gets a turn between tiers; the merge thread joins them (docs/architecture.md#the-trace-index-in-tiers).
 */
const TIER_BATCH = 500;
/**
 * How long traceText waits for the index to catch up with Neo4j before tracing over the index as it is: tracing needs
 * no database once the index is built, so a slow, frozen or dead Neo4j must not stop it (the catch-up goes on behind).
 */
const TRACE_CATCH_UP_WAIT_MS = 500;
/**
 * The least time between two saves of the index. A save writes the head and the records file, which grow with the
 * corpus (~120 MB of records at 10^6), so saving after every batch and merge cost O(records) each time and, queued up
 * during a first build from Neo4j, kept start-up busy for many minutes. Neo4j stays the source of truth: a restart
 * after a missed save catches up from the older file's watermark.
 */
const SAVE_INTERVAL_MS = 30_000;
/** A long catch-up (a build from Neo4j: 10^6 records at scale 1) says how far it has come every this many records. */
const CATCH_UP_PROGRESS_RECORDS = 100_000;

/** The corpus an attribution was computed over: how many accepted records, and the latest acceptance time among them. */
export interface CorpusState {
  records: number;
  asOfMs: number;
}

export interface CorpusServiceOptions {
  /** Where the index is persisted so a restart does not rebuild from scratch; null keeps it in memory only. */
  file: string | null;
  log?: (line: string) => void;
  /**
   * Threads that trace off the event loop (docs/architecture.md#tracing-off-the-event-loop); 0 or absent traces on
   * the event loop, as the engine's tests and the CLI tools do.
   */
  threads?: TraceThreads;
  /**
   * The paraphrase tier (docs/architecture.md#the-paraphrase-tier-semantic), when the embedding model is loaded; its
   * evidence is found here, before the trace, because the model stays in this process.
   */
  paraphrase?: ParaphraseTier | null;
}

/**
 * The attribution engine's view of the corpus: a suffix-array index over every ACCEPTED record, plus what each record
 * needs for eligibility and credit (datanet, contributor, cluster, acceptance time). Neo4j is the source of truth:
 * the index catches up with a range seek on acceptedAt before each use, and is rebuilt from Neo4j when the persisted
 * copy does not match it (different records, unreadable file, other format version).
 */
export class CorpusService {
  private index: CorpusIndex | null = null;
  private readonly meta = new Map<string, AcceptedRecordMeta>();
  private readonly clusterMembers = new Map<string, AcceptedRecordMeta[]>();
  private watermarkMs = 0;
  private loading: Promise<void> | null = null;
  private checkedAgainstGraph = false;
  /**
   * The accepted record ids read once at load (when a persisted index was found), kept for the check against the
   * graph after the first catch-up, so start-up reads them once rather than twice (10^6 ids at scale 1).
   */
  private acceptedAtLoad: Set<string> | null = null;
  /** True once the index has been loaded and checked against the graph: from then on it can answer alone. */
  private servable = false;
  private refreshing: Promise<void> | null = null;
  /** The persisted index read by a load that then failed, for the next attempt. */
  private persistedRead: Promise<{ index: CorpusIndex; meta: AcceptedRecordMeta[]; watermarkMs: number } | null> | null = null;
  /** The last past corpus rebuilt for attributeAsOf. */
  private pastCorpus: {
    digest: string;
    index: CorpusIndex;
    meta: Map<string, AcceptedRecordMeta>;
    members: Map<string, AcceptedRecordMeta[]>;
  } | null = null;

  private pool: TracePool | null = null;
  private readonly livePublisher = new ReplicaPublisher('live');
  private readonly pastPublisher = new ReplicaPublisher('past');
  /** Merges the live index's tiers on a thread of its own when there are tracing threads; null merges inline. */
  private readonly merger: TierMerger | null;
  /** Saves run one after another (a catch-up's and a merge's). */
  private saving: Promise<void> = Promise.resolve();
  /** A save queued behind the one running and not yet started: it will write the latest state, so no second is queued. */
  private queuedSave: Promise<void> | null = null;
  /** A save scheduled for when SAVE_INTERVAL_MS has passed since the last one. */
  private saveTimer: NodeJS.Timeout | null = null;
  private lastSaveMs = Number.NEGATIVE_INFINITY;

  constructor(private readonly graph: GraphStore, private readonly options: CorpusServiceOptions) {
    const log = options.log ?? (() => {});
    this.merger = resolveTraceThreads(options.threads ?? 0) === 0 ? null : new TierMerger({
      current: () => this.index,
      log,
      merged: (index, tiers, tokens, ms) => {
        log(`Attribution index: merged ${tiers} tiers (${tokens} tokens) in ${(ms / 1000).toFixed(1)} s on the merge thread; ${index.shards.length} tiers now.`);
        // While the first catch-up runs, its own save at the end covers the merges made meanwhile.
        if (this.servable) this.persistSoon();
      },
    });
  }

  /** Trace + split over `index`, on a tracing thread when there are any: same function, same answer. */
  private async run(
    publisher: ReplicaPublisher,
    index: CorpusIndex,
    meta: ReadonlyMap<string, AcceptedRecordMeta>,
    members: ReadonlyMap<string, readonly AcceptedRecordMeta[]>,
    text: string,
    options: AttributeOptions,
  ): Promise<AttributionShape> {
    const semantic = await this.paraphrases(index, meta, text, options);
    const withEvidence = semantic ? { ...options, semantic } : options;
    const threads = resolveTraceThreads(this.options.threads ?? 0);
    if (threads === 0) return attributeWith(index, meta, members, text, withEvidence);
    this.pool ??= new TracePool(threads);
    return this.pool.attribute(publisher.publish(index, (id) => meta.get(id)), text, withEvidence);
  }

  /** The paraphrase tier's evidence over the records of `meta` the model could have learned, or undefined when it is off. */
  private async paraphrases(
    index: CorpusIndex,
    meta: ReadonlyMap<string, AcceptedRecordMeta>,
    text: string,
    options: AttributeOptions,
  ): Promise<AttributeOptions['semantic']> {
    const tier = this.options.paraphrase;
    if (!tier || options.paraphrases === false) return undefined;
    const eligible = (recordId: string) => {
      const m = meta.get(recordId);
      return m !== undefined && recordPaths(m, options.training).length > 0;
    };
    const rules = options.paraphrases ?? CURRENT_SEMANTIC_TIER;
    const spans = await tier.evidence(text, { eligible, minOverlap: rules.minOverlap });
    const tokenizer = (options.method ?? index.method).tokenizer;
    return { modelVersion: tier.modelVersion, tierVersion: rules.version, spans: resolveSemanticSources(spans, (id) => tier.recordText(id), tokenizer) };
  }

  /** The model the paraphrase tier runs, or null when it is off. */
  get paraphraseModel(): string | null {
    return this.options.paraphrase?.modelVersion ?? null;
  }

  /** Stops the tracing threads (traces under way are abandoned). */
  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    await pool?.close();
    await this.merger?.close();
    if (this.saveTimer) {
      // The scheduled save is written now rather than lost with the process.
      clearTimeout(this.saveTimer);
      this.saveTimer = null;
      void this.persist();
    }
    await this.saving;
  }

  /**
   * Trace a text and split the credit, for a model (its snapshot-eligible records) or the whole corpus (null). Once the
   * index has been built and checked against the graph, this answers even while Neo4j is down, over the records
   * indexed so far (the records a model could have learned are read by the caller, not here).
   */
  async attribute(text: string, options: AttributeOptions): Promise<AttributionShape> {
    if (!this.servable) return (await this.attributeWithCorpus(text, options)).attribution;
    const caughtUp = this.ready().catch((error: Error) => (this.options.log ?? (() => {}))(`Attribution index not caught up (${error.message.split('\n')[0]}); tracing over the ${this.meta.size} records indexed.`));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([caughtUp, new Promise<void>((resolve) => { timer = setTimeout(resolve, TRACE_CATCH_UP_WAIT_MS); })]);
    clearTimeout(timer);
    return this.run(this.livePublisher, this.index!, this.meta, this.clusterMembers, text, options);
  }

  /**
   * The same, plus which corpus it was computed over. Token weights (unigram surprisal) and commonness (clusters per
   * phrase) are statistics of the whole accepted corpus, so an attribution is reproducible only against the same
   * corpus: recordOutput stores `corpus` with the output and `attributeAsOf` recomputes against it.
   */
  async attributeWithCorpus(text: string, options: AttributeOptions): Promise<{ attribution: AttributionShape; corpus: CorpusState }> {
    await this.ready();
    let asOfMs = 0;
    for (const m of this.meta.values()) if (m.acceptedAtMs > asOfMs) asOfMs = m.acceptedAtMs;
    const attribution = await this.run(this.livePublisher, this.index!, this.meta, this.clusterMembers, text, options);
    return { attribution, corpus: { records: this.meta.size, asOfMs } };
  }

  /**
   * Recomputes against the corpus as it was: the records accepted at or before `asOfMs`. Uses the live index when it
   * holds exactly those records (nothing accepted since); otherwise builds a temporary index from Neo4j.
   */
  async attributeAsOf(
    text: string,
    options: AttributeOptions & { asOfMs: number },
  ): Promise<{ attribution: AttributionShape; corpus: CorpusState; rebuilt: boolean }> {
    await this.ready();
    const method = options.method ?? CURRENT_TRACE_METHOD;
    // An attribution made with another tracing method is recomputed over an index built for that method.
    let newer = !sameIndexScheme(method, this.index!.method);
    for (const m of newer ? [] : this.meta.values()) {
      if (m.acceptedAtMs > options.asOfMs) {
        newer = true;
        break;
      }
    }
    if (!newer) {
      const attribution = await this.run(this.livePublisher, this.index!, this.meta, this.clusterMembers, text, options);
      return { attribution, corpus: { records: this.meta.size, asOfMs: options.asOfMs }, rebuilt: false };
    }
    // In pages, as the catch-up reads (one read of a 10^6-record corpus would outlast the read deadline); a page
    // boundary's millisecond is read twice, so repeats are dropped by id.
    const byId = new Map<string, AcceptedRecordRow>();
    await walkAcceptedSince(this.graph, 0, (page) => {
      for (const r of page) if (!byId.has(r.recordId)) byId.set(r.recordId, r);
    }, options.asOfMs);
    const rows = [...byId.values()];
    // Outputs of one period share one past corpus: keep the last rebuild while the record set and method are the same.
    const digest = `${method.version}/${corpusDigest(rows.map((r) => r.recordId))}`;
    if (this.pastCorpus?.digest !== digest) {
      const index = CorpusIndex.build(rows.map((r) => ({ recordId: r.recordId, clusterId: r.clusterId, text: r.text })), { method });
      const meta = new Map<string, AcceptedRecordMeta>();
      const members = new Map<string, AcceptedRecordMeta[]>();
      for (const r of rows) {
        const m: AcceptedRecordMeta = { recordId: r.recordId, clusterId: r.clusterId, datanetId: r.datanetId, contributorId: r.contributorId, acceptedAtMs: r.acceptedAtMs };
        meta.set(m.recordId, m);
        const list = members.get(m.clusterId) ?? [];
        list.push(m);
        members.set(m.clusterId, list);
      }
      this.pastCorpus = { digest, index, meta, members };
    }
    const past = this.pastCorpus;
    const attribution = await this.run(this.pastPublisher, past.index, past.meta, past.members, text, options);
    return { attribution, corpus: { records: past.meta.size, asOfMs: options.asOfMs }, rebuilt: true };
  }

  /** Loads (or rebuilds) the index once, then catches up with records accepted since. */
  async ready(): Promise<void> {
    this.loading ??= this.load().catch((error) => {
      this.loading = null;
      throw error;
    });
    await this.loading;
    await this.refresh();
    if (!this.checkedAgainstGraph) {
      // Once per process: the index must hold exactly Neo4j's accepted records, or it is rebuilt from them.
      this.checkedAgainstGraph = true;
      if (!(await this.agreesWithGraph())) {
        (this.options.log ?? (() => {}))('The attribution index disagrees with the graph: rebuilding it from Neo4j.');
        this.reset();
        await this.refresh();
      }
    }
    this.servable = true;
  }

  /**
   * Whether the index holds exactly Neo4j's accepted records. With the ids read at load: the persisted records were
   * all among them (else the file was not used), the catch-up added only records Neo4j returned as accepted, so the
   * index agrees when it holds every one of them. Without (a build from Neo4j): the digest of the ids read now.
   */
  private async agreesWithGraph(): Promise<boolean> {
    const known = this.acceptedAtLoad;
    this.acceptedAtLoad = null;
    if (known) {
      for (const id of known) if (!this.meta.has(id)) return false;
      return true;
    }
    return corpusDigest(await acceptedRecordIds(this.graph)) === this.index!.digest();
  }

  private reset(): void {
    this.index = new CorpusIndex({ merges: this.merger ? 'deferred' : 'inline' });
    this.meta.clear();
    this.clusterMembers.clear();
    this.watermarkMs = 0;
  }

  get recordCount(): number {
    return this.meta.size;
  }

  private async load(): Promise<void> {
    const log = this.options.log ?? (() => {});
    // Kept when the load fails after it (Neo4j busy or down while the ids are read): the retry does not read the files again.
    const persisted = await (this.persistedRead ??= this.readPersisted());
    this.persistedRead = null;
    if (persisted) {
      let known: Set<string>;
      try {
        known = new Set(await acceptedRecordIds(this.graph));
      } catch (error) {
        this.persistedRead = Promise.resolve(persisted);
        throw error;
      }
      const stale = persisted.meta.some((m) => !known.has(m.recordId));
      if (!stale) {
        this.acceptedAtLoad = known;
        this.index = persisted.index;
        this.index.merges = this.merger ? 'deferred' : 'inline';
        this.merger?.schedule();
        for (const m of persisted.meta) this.remember(m);
        this.watermarkMs = persisted.watermarkMs;
        log(`Attribution index loaded from ${this.options.file} (${this.meta.size} records).`);
        return;
      }
      log('The persisted attribution index does not match the graph: rebuilding it from Neo4j.');
    }
    this.reset();
  }

  /** Adds records accepted since the watermark, in batches; concurrent callers share one refresh. */
  private async refresh(): Promise<void> {
    this.refreshing ??= (async () => {
      let added = 0;
      // Records already indexed (the walk re-reads a grace window behind the watermark) are skipped.
      this.watermarkMs = await walkAcceptedSince(this.graph, this.watermarkMs, async (rows) => {
        const fresh = rows.filter((r) => !this.meta.has(r.recordId));
        for (let at = 0; at < fresh.length; at += TIER_BATCH) {
          // One tier per slice, a turn for the event loop between them; merges follow on the merge thread.
          if (at > 0) await nextTurn();
          const slice = fresh.slice(at, at + TIER_BATCH);
          this.index!.addBatch(slice.map((r) => ({ recordId: r.recordId, clusterId: r.clusterId, text: r.text })));
          for (const r of slice) this.remember({ recordId: r.recordId, clusterId: r.clusterId, datanetId: r.datanetId, contributorId: r.contributorId, acceptedAtMs: r.acceptedAtMs });
          added += slice.length;
          this.merger?.schedule();
          if (added % CATCH_UP_PROGRESS_RECORDS < slice.length && added >= CATCH_UP_PROGRESS_RECORDS) {
            (this.options.log ?? (() => {}))(`Attribution index: ${added} records indexed so far, accepted up to ${new Date(slice.at(-1)!.acceptedAtMs).toISOString()}.`);
          }
        }
      });
      if (added > 0) {
        (this.options.log ?? (() => {}))(`Attribution index: +${added} records (${this.meta.size} in all).`);
        // The first catch-up (a build from Neo4j, or the records since the file) is saved at once; later ones at most
        // every SAVE_INTERVAL_MS.
        if (this.servable) this.persistSoon();
        else await this.persist();
      }
    })().finally(() => {
      this.refreshing = null;
    });
    await this.refreshing;
  }

  private remember(m: AcceptedRecordMeta): void {
    this.meta.set(m.recordId, m);
    const list = this.clusterMembers.get(m.clusterId) ?? [];
    list.push(m);
    this.clusterMembers.set(m.clusterId, list);
  }

  /** Logs how far a long load or save has come, every 10 % (a 10^9-token index is ~12 GB). */
  private progress(what: string): Progress {
    const log = this.options.log ?? (() => {});
    let shown = 0;
    return (done, total) => {
      const tenth = Math.floor((10 * done) / total);
      if (total > 256 << 20 && tenth > shown) {
        shown = tenth;
        log(`Attribution index: ${what} ${(done / 2 ** 30).toFixed(2)} of ${(total / 2 ** 30).toFixed(2)} GiB`);
      }
    };
  }

  private async readPersisted(): Promise<{ index: CorpusIndex; meta: AcceptedRecordMeta[]; watermarkMs: number } | null> {
    const file = this.options.file;
    const log = this.options.log ?? (() => {});
    if (!file || !existsSync(file) || !existsSync(`${file}.meta.json`)) return null;
    try {
      const started = performance.now();
      const index = await loadTieredIndex(file, CURRENT_TRACE_METHOD, this.progress('loaded'));
      let saved: { meta: AcceptedRecordMeta[]; watermarkMs: number };
      try {
        saved = decodeRecordsFile(JSON.parse(readFileSync(`${file}.meta.json`, 'utf8')), index);
      } catch (error) {
        log(`Attribution index file ${file} and its records file disagree (${(error as Error).message}): rebuilding it from Neo4j.`);
        return null;
      }
      log(`Attribution index: ${index.tokenCount} tokens in ${index.shards.length} tiers read in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
      return { index, meta: saved.meta, watermarkMs: saved.watermarkMs };
    } catch (error) {
      // An older format, a damaged or missing file: said once, then rebuilt (the next save writes the current format).
      log(`Attribution index file ${file} cannot be used (${(error as Error).message}): rebuilding it from Neo4j.`);
      return null;
    }
  }

  /**
   * Saves the index (new tiers and the head) and its records after any save under way. A save already queued and not
   * started is shared: it takes the index as it is when it starts.
   */
  private persist(): Promise<void> {
    if (this.queuedSave) return this.queuedSave;
    const queued = this.saving
      .then(() => {
        this.queuedSave = null;
        this.lastSaveMs = performance.now();
        return this.save();
      })
      .catch((error: Error) => (this.options.log ?? (() => {}))(`Attribution index not saved: ${error.message}`));
    this.queuedSave = queued;
    this.saving = queued;
    return queued;
  }

  /** A save once SAVE_INTERVAL_MS has passed since the last one (at once if it has); one scheduled at a time. */
  private persistSoon(): void {
    if (this.saveTimer || !this.options.file) return;
    const wait = Math.max(0, this.lastSaveMs + SAVE_INTERVAL_MS - performance.now());
    this.saveTimer = setTimeout(() => {
      this.saveTimer = null;
      void this.persist();
    }, wait);
    // A pending save must not keep a finished process (a CLI tool, a test) alive: close() writes it.
    this.saveTimer.unref();
  }

  private async save(): Promise<void> {
    const file = this.options.file;
    if (!file || !this.index) return;
    mkdirSync(dirname(file), { recursive: true });
    // Taken now, together: the index may grow and merge while the files are written (its tiers are never written in place).
    const index = this.index;
    const records = JSON.stringify(encodeRecordsFile(index, this.meta, this.watermarkMs));
    // Tiers, then the head (write then rename), then the records file last: a reader checks that head and records
    // agree (digest) and rebuilds otherwise, so a crash mid-save leaves a usable or a refused copy, never a wrong one.
    await saveTieredIndex(file, index, this.progress('saved'));
    writeFileSync(`${file}.meta.json.tmp`, records);
    renameSync(`${file}.meta.json.tmp`, `${file}.meta.json`);
  }
}
