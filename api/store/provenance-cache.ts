import { LRUCache } from 'lru-cache';
import type { GraphStore } from './graph-store.js';
import { provenanceBy, type OutputHashKey, type OutputProvenance } from './reads/output-provenance.js';
import type { ProvenanceReads } from './provenance-reads.js';

/**
 * Provenance lookups served from memory (docs/architecture.md#lookups-from-memory). An output, its model and its
 * attribution change only when a governance vote corrects the attribution (a new log entry supersedes the old one,
 * and the output's credit edges are replaced), so a provenance read is kept, bounded by count, per process, and the
 * process that executes a decision forgets everything it kept. What can change is on the credited neighbours (a datanet's admission, an
 * adapter's training metadata): an entry is therefore dropped after `ttlMs`, so those are at most that old.
 * Outputs not found are never kept (one may be recorded a moment later).
 */
export interface ProvenanceCacheOptions {
  /** At most this many outputs kept (least recently used out first). 0 turns the cache off. */
  max: number;
  ttlMs: number;
}

export class ProvenanceCache {
  private readonly entries: LRUCache<string, OutputProvenance> | null;
  /** Lookups answered from memory and from Neo4j, since start: the hit rate is hits / (hits + misses). */
  readonly counts = { hits: 0, misses: 0 };
  /**
   * Bumped by every `clear()`: whatever was derived from kept answers before (a whole lookup response kept by
   * api/http/lookup-responses.ts) is stale once it moves.
   */
  generation = 0;

  /**
   * `reads`: misses of concurrent requests coalesced into one query (docs/architecture.md#provenance-reads-in-batches);
   * without it, each miss is a query of its own.
   */
  constructor(options: ProvenanceCacheOptions, private readonly reads?: ProvenanceReads) {
    this.entries = options.max > 0 ? new LRUCache<string, OutputProvenance>({ max: options.max, ttl: options.ttlMs, ttlAutopurge: false }) : null;
  }

  get size(): number {
    return this.entries?.size ?? 0;
  }

  /** Drops every kept answer (an executed governance decision may have re-attributed an output). */
  clear(): void {
    this.generation += 1;
    this.entries?.clear();
  }

  /** The provenance of these outputs: from memory when kept, the rest in one query (outputProvenance), then kept. */
  async read(graph: GraphStore, ids: readonly string[]): Promise<Map<string, OutputProvenance>> {
    if (!this.entries) return this.fromStore(graph, ids);
    const found = new Map<string, OutputProvenance>();
    const missing: string[] = [];
    for (const id of ids) {
      const kept = this.entries.get(id);
      if (kept) found.set(id, kept);
      else missing.push(id);
    }
    this.counts.hits += found.size;
    this.counts.misses += missing.length;
    if (missing.length > 0) {
      for (const [id, p] of await this.fromStore(graph, missing)) {
        this.entries.set(id, p);
        found.set(id, p);
      }
    }
    return found;
  }

  /**
   * The newest output of each content hash or words hash, with its provenance, always from Neo4j (which output a
   * hash names can change: a newer output with the same text), kept by output id for later lookups by id.
   */
  async readByHash(graph: GraphStore, by: OutputHashKey, hashes: readonly string[]): Promise<Map<string, OutputProvenance>> {
    const found = await (this.reads ? this.reads.read(graph, hashes, by) : provenanceBy(graph, by, hashes));
    if (this.entries) for (const p of found.values()) this.entries.set(p.output.id, p);
    return found;
  }

  private fromStore(graph: GraphStore, ids: readonly string[]): Promise<Map<string, OutputProvenance>> {
    return this.reads ? this.reads.read(graph, ids) : provenanceBy(graph, 'id', ids);
  }
}
