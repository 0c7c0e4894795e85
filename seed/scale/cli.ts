import { parseArgs } from 'node:util';
import { createGraphStore } from '../../api/store/graph-store.js';
import { loadScaleGraph } from './load.js';
import { BENCH_NEO4J_PORT, BENCH_STORE_DIR, LOADING_DEADLINES, startBenchNeo4j } from './store.js';

/**
 * Loads the deterministic scale graph into the benchmarks' own Neo4j (store .strata/neo4j/bench, Bolt port 7692;
 * STRATA_BENCH_NEO4J_URI for another server). The store is deleted first when this process starts the server.
 *
 *   npx tsx seed/scale/cli.ts --scale 0.01              # ~10k records
 *   npx tsx seed/scale/cli.ts --scale 0.1 --seed 7      # ~100k records
 *   npx tsx seed/scale/cli.ts --scale 1                 # 10^6 records (~10^7 words)
 *   npx tsx seed/scale/cli.ts --scale 0.1 --lsh         # also the LSH band keys of every cluster
 *
 * Clusters always carry what submitRecords stores (shingle hashes and fingerprint version; the MinHash behind them
 * costs ~0.15 ms of CPU per new cluster, ~2.5 min at --scale 1, computed while the previous batch is written); their
 * 32 LSH band keys (`ContentCluster.lshBands`, their integer hashes) are opt-in: read into every API process's band
 * index at its first batch, and no read measured here touches them. Without them, submitRecords still finds exact duplicates of scale
 * records (contentHash index) and near-duplicates of anything submitted through it.
 */
const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '0.01' },
    seed: { type: 'string', default: '1' },
    batch: { type: 'string', default: '10000' },
    lsh: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log('usage: npx tsx seed/scale/cli.ts [--scale 0.01] [--seed 1] [--batch 10000] [--lsh]');
  process.exit(0);
}

const server = await startBenchNeo4j({ fresh: true });
console.log(`Neo4j ${server.uri}${server.owned ? ` (store ${BENCH_STORE_DIR}, port ${BENCH_NEO4J_PORT})` : ''}`);
// Stop the server on Ctrl-C too (Node skips 'exit' handlers on a signal).
const interrupted = async () => {
  await server.stop();
  process.exit(130);
};
process.once('SIGINT', interrupted);
process.once('SIGTERM', interrupted);
const graph = createGraphStore({ uri: server.uri, database: process.env.NEO4J_DATABASE || 'neo4j', maxRetryMs: 60_000, ...LOADING_DEADLINES });
try {
  await loadScaleGraph(graph, { scale: Number(values.scale), seed: Number(values.seed), batch: Number(values.batch), lsh: values.lsh });
} finally {
  await graph.close();
  await server.stop();
}
