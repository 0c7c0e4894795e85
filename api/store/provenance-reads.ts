import type { GraphStore } from './graph-store.js';
import { provenanceBy, type OutputProvenance, type ProvenanceKey } from './reads/output-provenance.js';

/**
 * Provenance reads of concurrent requests coalesced into one query (docs/architecture.md#provenance-reads-in-batches).
 *
 * A request's DataLoaders batch the reads of one request; under load, many requests each ask for one output at about
 * the same time, and each read costs a managed transaction of its own: BEGIN, RUN + PULL, COMMIT, three writes to the
 * socket and their answers, which is most of what a cold lookup costs the API process. Here the outputs asked for by
 * every request during one turn of the event loop go out as one read (`UNWIND`, the statement the loaders already
 * send), in one managed read transaction, and each caller gets its own rows: one batch per kind of key (by id, by
 * content hash, by words hash), so the lookups by text the extension makes share their queries too. Nothing is kept
 * after the answer (that is the provenance cache's job): a read that arrives after a batch went out waits for the
 * next one.
 *
 * Quiet, a batch holds one read and waits for nothing but the end of the current turn (`setImmediate`); busy, the turns
 * get longer and the batches bigger on their own, so the cost per lookup falls as the load rises. A batch is at most
 * `maxIds` keys; more go out as several.
 */
export interface ProvenanceReadOptions {
  /** Keys per query at most (default 100). */
  maxIds?: number;
}

interface Waiting {
  keys: readonly string[];
  resolve: (found: Map<string, OutputProvenance>) => void;
  reject: (error: unknown) => void;
}

interface Batch {
  graph: GraphStore;
  by: ProvenanceKey;
  waiting: Waiting[];
  keys: Set<string>;
}

export class ProvenanceReads {
  private readonly maxIds: number;
  private readonly pending = new Map<ProvenanceKey, Batch>();
  /** Reads asked for and queries sent, since start: reads / queries is the mean batch. */
  readonly counts = { reads: 0, queries: 0 };

  constructor(options: ProvenanceReadOptions = {}) {
    this.maxIds = options.maxIds ?? 100;
  }

  /** The provenance of the outputs these keys name (those found), read with whatever else is asked for by the same kind of key in this turn. */
  read(graph: GraphStore, keys: readonly string[], by: ProvenanceKey = 'id'): Promise<Map<string, OutputProvenance>> {
    this.counts.reads += 1;
    return new Promise((resolve, reject) => {
      let batch = this.pending.get(by);
      // A different store (never in one server) or a full batch: send what is waiting, start a new one.
      if (batch && (batch.graph !== graph || batch.keys.size + keys.length > this.maxIds)) {
        this.send(batch);
        batch = undefined;
      }
      if (!batch) {
        const started: Batch = { graph, by, waiting: [], keys: new Set() };
        this.pending.set(by, started);
        setImmediate(() => {
          if (this.pending.get(by) === started) this.send(started);
        });
        batch = started;
      }
      batch.waiting.push({ keys, resolve, reject });
      for (const key of keys) batch.keys.add(key);
    });
  }

  private send(batch: Batch): void {
    if (this.pending.get(batch.by) === batch) this.pending.delete(batch.by);
    this.counts.queries += 1;
    provenanceBy(batch.graph, batch.by, [...batch.keys]).then(
      (found) => {
        for (const w of batch.waiting) {
          if (batch.waiting.length === 1) {
            w.resolve(found);
            continue;
          }
          const own = new Map<string, OutputProvenance>();
          for (const key of w.keys) {
            const p = found.get(key);
            if (p) own.set(key, p);
          }
          w.resolve(own);
        }
      },
      (error: unknown) => {
        for (const w of batch.waiting) w.reject(error);
      },
    );
  }
}
