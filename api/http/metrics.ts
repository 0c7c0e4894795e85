import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { GraphStore } from '../store/graph-store.js';

/** Operation names are chosen by clients: only this many distinct ones become labels, the rest count as "other". */
const MAX_OPERATION_LABELS = 200;
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/**
 * The process's Prometheus metrics, served at /metrics (docs/architecture.md#logs-and-metrics). One registry per
 * server (not prom-client's global one), so two servers in one process (tests) do not share counters.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly operations = new Set<string>();
  readonly requests = new Counter({ name: 'strata_graphql_requests_total', help: 'GraphQL requests answered, by operation name and HTTP status.', labelNames: ['operation', 'status'] as const, registers: [this.registry] });
  readonly duration = new Histogram({
    name: 'strata_graphql_request_duration_seconds',
    help: 'Time from receiving a GraphQL request to the end of its response, by operation name.',
    labelNames: ['operation'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly cost = new Histogram({ name: 'strata_graphql_request_cost', help: 'Cost of each GraphQL operation (the rate limiter charges it).', buckets: [1, 10, 100, 1_000, 5_000, 20_000], registers: [this.registry] });
  readonly errors = new Counter({ name: 'strata_graphql_errors_total', help: 'Errors in GraphQL responses, by extensions.code.', labelNames: ['code'] as const, registers: [this.registry] });
  readonly rateLimited = new Counter({ name: 'strata_rate_limited_total', help: 'Requests refused with HTTP 429.', registers: [this.registry] });
  readonly neo4jCalls = new Histogram({
    name: 'strata_neo4j_call_duration_seconds',
    help: 'Calls to Neo4j (a read, a write or read transaction with its retries, a readiness ping), by kind and outcome.',
    labelNames: ['kind', 'outcome'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  readonly neo4jInFlight = new Gauge({ name: 'strata_neo4j_calls_in_flight', help: 'Calls to Neo4j under way (each holds a pooled connection while it runs).', registers: [this.registry] });

  constructor(sources: { traceIndexRecords: () => number; neo4jPoolSize: number; provenanceCache?: () => { hits: number; misses: number; size: number }; lookupResponses?: () => { hits: number; misses: number; size: number }; provenanceReads?: () => { reads: number; queries: number }; directLookups?: () => { answered: number; passed: number } }) {
    collectDefaultMetrics({ register: this.registry, prefix: 'strata_' });
    new Gauge({ name: 'strata_trace_index_records', help: 'Records in the in-memory trace index.', registers: [this.registry], collect() { this.set(sources.traceIndexRecords()); } });
    const cache = sources.provenanceCache ?? (() => ({ hits: 0, misses: 0, size: 0 }));
    // Counters read from the cache when scraped (the cache counts; prom-client only reports).
    new Counter({ name: 'strata_provenance_cache_lookups_total', help: 'Provenance lookups of outputs, answered from memory (hit) or Neo4j (miss).', labelNames: ['result'] as const, registers: [this.registry],
      collect() { const c = cache(); this.reset(); this.inc({ result: 'hit' }, c.hits); this.inc({ result: 'miss' }, c.misses); } });
    new Gauge({ name: 'strata_provenance_cache_hit_ratio', help: 'Share of provenance lookups answered from memory since start.', registers: [this.registry],
      collect() { const c = cache(); this.set(c.hits + c.misses === 0 ? 0 : c.hits / (c.hits + c.misses)); } });
    new Gauge({ name: 'strata_provenance_cache_entries', help: 'Outputs whose provenance is kept in memory.', registers: [this.registry], collect() { this.set(cache().size); } });
    const responses = sources.lookupResponses ?? (() => ({ hits: 0, misses: 0, size: 0 }));
    new Counter({ name: 'strata_lookup_response_cache_lookups_total', help: 'Anonymous GET lookups of trusted documents, answered whole from memory (hit) or executed (miss).', labelNames: ['result'] as const, registers: [this.registry],
      collect() { const c = responses(); this.reset(); this.inc({ result: 'hit' }, c.hits); this.inc({ result: 'miss' }, c.misses); } });
    new Gauge({ name: 'strata_lookup_response_cache_entries', help: 'Whole lookup answers kept in memory.', registers: [this.registry], collect() { this.set(responses().size); } });
    const reads = sources.provenanceReads ?? (() => ({ reads: 0, queries: 0 }));
    new Counter({ name: 'strata_provenance_reads_total', help: 'Provenance reads sent to Neo4j (cache misses), before coalescing.', registers: [this.registry],
      collect() { this.reset(); this.inc(reads().reads); } });
    new Counter({ name: 'strata_provenance_read_queries_total', help: 'Queries the provenance reads went out in (reads of concurrent requests share one).', registers: [this.registry],
      collect() { this.reset(); this.inc(reads().queries); } });
    const direct = sources.directLookups ?? (() => ({ answered: 0, passed: 0 }));
    new Counter({ name: 'strata_direct_lookups_total', help: 'Anonymous trusted lookups answered without Apollo\'s pipeline (answered) or handed to it after all (passed).', labelNames: ['result'] as const, registers: [this.registry],
      collect() { const c = direct(); this.reset(); this.inc({ result: 'answered' }, c.answered); this.inc({ result: 'passed' }, c.passed); } });
    new Gauge({ name: 'strata_neo4j_pool_max_connections', help: 'Connections the Neo4j driver may open.', registers: [this.registry] }).set(sources.neo4jPoolSize);
  }

  /** The label for a client-chosen operation name: the name, "anonymous", or "other" past the label budget. */
  operationLabel(name: string | null): string {
    if (!name) return 'anonymous';
    if (!OPERATION_NAME.test(name)) return 'other';
    if (this.operations.has(name)) return name;
    if (this.operations.size >= MAX_OPERATION_LABELS) return 'other';
    this.operations.add(name);
    return name;
  }

  /** The graph store, timing every call into the Neo4j histograms. */
  instrument(graph: GraphStore): GraphStore {
    const timed = <T>(kind: string, call: () => Promise<T>): Promise<T> => {
      const end = this.neo4jCalls.startTimer({ kind });
      this.neo4jInFlight.inc();
      return call().then(
        (value) => {
          end({ outcome: 'ok' });
          return value;
        },
        (error: { code?: string }) => {
          end({ outcome: error?.code === 'GraphStoreTimeout' ? 'timeout' : 'error' });
          throw error;
        },
      ).finally(() => this.neo4jInFlight.dec());
    };
    return {
      ...graph,
      read: (cypher, params) => timed('read', () => graph.read(cypher, params)),
      write: (work) => timed('write', () => graph.write(work)),
      readTx: (work) => timed('readTx', () => graph.readTx(work)),
      ping: () => timed('ping', () => graph.ping()),
      close: () => graph.close(),
    };
  }
}
