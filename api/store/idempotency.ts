import neo4j from 'neo4j-driver';
import type { GraphStore } from './graph-store.js';

/** How many expired keys one transaction deletes: small transactions, so a sweep never holds many locks. */
const SWEEP_BATCH = 5_000;

/**
 * Deletes idempotency keys older than `ttlMs`. A key is honoured for at least that long; after it a retry with the
 * same key runs as a new request. Seeks on the createdAt range index (schema/constraints.cypher), in batches.
 */
export async function expireIdempotencyKeys(graph: GraphStore, ttlMs: number, now: Date = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - ttlMs).toISOString();
  let removed = 0;
  for (;;) {
    const deleted = await graph.write(async (tx) => {
      const res = await tx.run(
        `MATCH (k:IdempotencyKey) WHERE k.createdAt < datetime($cutoff)
         WITH k LIMIT $batch DELETE k RETURN count(*) AS deleted`,
        { cutoff, batch: neo4j.int(SWEEP_BATCH) },
      );
      return neo4j.integer.toNumber(res.records[0]!.get('deleted'));
    });
    removed += deleted;
    if (deleted < SWEEP_BATCH) return removed;
  }
}

/** Sweeps at start and then every `everyMs` in the background; `stop()` ends it (and waits for a running sweep). */
export function scheduleIdempotencyExpiry(
  graph: GraphStore,
  options: { ttlMs: number; everyMs?: number; log?: (line: string) => void },
): { stop(): Promise<void> } {
  const log = options.log ?? (() => {});
  let running: Promise<void> = Promise.resolve();
  const sweep = () => {
    running = expireIdempotencyKeys(graph, options.ttlMs).then(
      (n) => { if (n > 0) log(`Expired ${n} idempotency key(s) older than ${options.ttlMs / 3_600_000} h.`); },
      (error: unknown) => log(`Idempotency key sweep failed (will retry): ${(error as Error).message}`),
    );
  };
  sweep();
  const timer = setInterval(sweep, options.everyMs ?? 3_600_000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
