import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { boltAnswers, repoRoot, startLocalNeo4j, type LocalNeo4j } from '../../tools/neo4j-local/local-neo4j.js';

/**
 * The benchmarks' own Neo4j: its own store and port, never the developer's (7687) or the tests' (7688+).
 * STRATA_BENCH_NEO4J_URI points at another server instead (then nothing is started or deleted).
 */
/** The loader's deadlines: generous, as a slow answer while loading on a busy machine is load, not an outage. */
export const LOADING_DEADLINES = { readTimeoutMs: 60_000, writeTimeoutMs: 300_000 };
export const BENCH_NEO4J_PORT = Number(process.env.STRATA_BENCH_NEO4J_PORT ?? 7692);
export const BENCH_STORE_DIR = join(repoRoot, '.strata', 'neo4j', 'bench');

export interface BenchNeo4j {
  uri: string;
  /** True when this process started the server from the bench store (so it may delete the store while stopped). */
  owned: boolean;
  stop(): Promise<void>;
}

export async function startBenchNeo4j(options: { fresh?: boolean; log?: (line: string) => void } = {}): Promise<BenchNeo4j> {
  const log = options.log ?? ((line: string) => console.error(`[neo4j] ${line}`));
  const given = process.env.STRATA_BENCH_NEO4J_URI;
  if (given) return { uri: given, owned: false, stop: async () => {} };
  if (options.fresh && existsSync(BENCH_STORE_DIR) && !(await boltAnswers(`bolt://127.0.0.1:${BENCH_NEO4J_PORT}`))) {
    // Nothing runs on the store: deleting it is much faster than DETACH DELETE of millions of nodes.
    rmSync(BENCH_STORE_DIR, { recursive: true, force: true });
    log(`Deleted the bench store ${BENCH_STORE_DIR}.`);
  }
  // A server already answering on the port is reused (and then wiped with Cypher by the loader).
  const local: LocalNeo4j = await startLocalNeo4j({ storeDir: BENCH_STORE_DIR, port: BENCH_NEO4J_PORT, log });
  return local;
}
