/**
 * The Strata API as the benchmark runs it: its own process (so the load generator and the server do not share an
 * event loop), production settings, on a free loopback port. Prints "READY <url>" when it listens.
 * Env: BENCH_NEO4J_URI, STRATA_ADMIN_KEY (for the ingest benchmark's setup), BENCH_PROVENANCE_CACHE_SIZE (optional),
 * BENCH_DIRECT_LOOKUPS (optional).
 */
import { readConfig } from '../../../api/config.js';
import { createGraphStore } from '../../../api/store/graph-store.js';
import { createStrataServer } from '../../../api/server.js';
import { serveForBenchmark } from './serve.js';

// Diagnostic only (BENCH_SOURCE_MAPS=off): tsx turns on source-mapped stack traces, and the driver captures a stack per
// query result; the default run keeps them on, as `npm start` (tsx) does.
if (process.env.BENCH_SOURCE_MAPS === 'off') process.setSourceMapsEnabled(false);

const graph = createGraphStore({ uri: process.env.BENCH_NEO4J_URI!, database: 'neo4j' });
const config = {
  ...readConfig({}),
  adminKey: process.env.STRATA_ADMIN_KEY,
  production: true,
  port: 0,
  attributionIndexFile: null,
  logSigningKeyFile: null,
  // The lookup benches compare reads: the paraphrase tier would only add its start-up embedding to the run.
  semantic: false,
  embeddingCacheFile: null,
  env: { STRATA_LOG_SIGNING_KEY: Buffer.alloc(32, 9).toString('base64') },
  // The rows compare query paths, not operability: autocannon from one address would spend an anonymous budget, and a
  // log line per request would share the cores (bench/hardening.ts measures their cost).
  rateLimit: { windowMs: 60_000, anonymous: 0, keyed: 0 },
  logLevel: 'silent',
  // BENCH_PROVENANCE_CACHE_SIZE=0: a process with the provenance and lookup-answer caches off (the "cold" rows).
  ...(process.env.BENCH_PROVENANCE_CACHE_SIZE !== undefined
    ? { provenanceCache: { ...readConfig({}).provenanceCache, max: Number(process.env.BENCH_PROVENANCE_CACHE_SIZE) } }
    : {}),
};
// Diagnostic only (BENCH_DIRECT_LOOKUPS=off): trusted lookups through Apollo's pipeline, as before they skipped it.
const { app, apollo } = await createStrataServer(graph, config, { directLookups: process.env.BENCH_DIRECT_LOOKUPS !== 'off' });
await serveForBenchmark(app, async () => {
  await apollo.stop();
  await graph.close();
});
