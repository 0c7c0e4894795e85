import type { GraphStore } from './graph-store.js';
import { outputProvenance, type OutputProvenance } from './reads/output-provenance.js';

/**
 * Provenance reads of concurrent requests coalesced into one query (docs/architecture.md#provenance-reads-in-batches).
 *
 * A request's DataLoaders batch the reads of one request; under load, many requests each ask for one output at about
 * the same time, and each read costs a managed transaction of its own: BEGIN, RUN + PULL, COMMIT, three writes to the
 * socket and their answers, which is most of what a cold lookup costs the API process. Here the outputs asked for by
 * every request during one turn of the event loop go out as one `outputProvenance` read (`UNWIND $ids`, the statement
 * the loaders already send), in one managed read transaction, and each caller gets its own rows. Nothing is kept after
 * the answer (that is the provenance cache's job): a read that arrives after a batch went out waits for the next one.
 *
 * Quiet, a batch holds one read and waits for nothing but the end of the current turn (`setImmediate`); busy, the turns
 * get longer and the batches bigger on their own, so the cost per lookup falls as the load rises. A batch is at most
 * `maxIds` outputs; more go out as several.
 */
export interface ProvenanceReadOptions {
  /** Outputs per query at most (default 100). */
  maxIds?: number;
}

interface Waiting {
  ids: readonly string[];
  resolve: (found: Map<string, OutputProvenance>) => void;
  reject: (error: unknown) => void;
}

export class ProvenanceReads {
  private readonly maxIds: number;
  private pending: { graph: GraphStore; waiting: Waiting[]; ids: Set<string> } | null = null;
  /** Reads asked for and queries sent, since start: reads / queries is the mean batch. */
  readonly counts = { reads: 0, queries: 0 };

  constructor(options: ProvenanceReadOptions = {}) {
    this.maxIds = options.maxIds ?? 100;
  }

  /** The provenance of these outputs (those found), read together with whatever else is asked for in this turn. */
  read(graph: GraphStore, ids: readonly string[]): Promise<Map<string, OutputProvenance>> {
    this.counts.reads += 1;
    return new Promise((resolve, reject) => {
      // A different store (never in one server) or a full batch: send what is waiting, start a new one.
      if (this.pending && (this.pending.graph !== graph || this.pending.ids.size + ids.length > this.maxIds)) this.send();
      if (!this.pending) {
        this.pending = { graph, waiting: [], ids: new Set() };
        const batch = this.pending;
        setImmediate(() => {
          if (this.pending === batch) this.send();
        });
      }
      this.pending.waiting.push({ ids, resolve, reject });
      for (const id of ids) this.pending.ids.add(id);
    });
  }

  private send(): void {
    const batch = this.pending;
    if (!batch) return;
    this.pending = null;
    this.counts.queries += 1;
    outputProvenance(batch.graph, [...batch.ids]).then(
      (found) => {
        for (const w of batch.waiting) {
          if (batch.waiting.length === 1) {
            w.resolve(found);
            continue;
          }
          const own = new Map<string, OutputProvenance>();
          for (const id of w.ids) {
            const p = found.get(id);
            if (p) own.set(id, p);
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
