/**
 * recordOutput in parallel: outputs per second through the API (trace, attribution, payouts, the log entry with its
 * proof) one at a time and with 16 in flight, in the same run on the same Neo4j (the demo graph, a throwaway store).
 * Prints one JSON line per row on stdout for bench/run.ts, and a summary on stderr.
 *
 * The Neo4j is started for this run, so its JVM starts cold: on this 2-core machine the rate at 16 in flight climbed
 * from ~35/s to ~110-125/s over the first ~40 s, and past 150/s after a minute, while the JIT compiled Neo4j's write
 * path (and Cypher re-planned as the graph grew). A Neo4j that serves an API has long passed that point, so both rows are measured after a warm-up that
 * runs windows of outputs at full concurrency until two windows in a row agree within 10% (at most --warm-up-max
 * seconds); the windows are reported.
 *
 *   npx tsx bench/outputs.ts [--sequential 60] [--concurrent 1000] [--concurrency 16] [--warm-up-max 150]
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createGraphStore } from '../api/store/graph-store.js';
import { seedDemoGraph } from '../seed/demo-graph.js';
import { startThrowawayNeo4j } from '../tools/neo4j-local/throwaway-neo4j.js';
import { spawnServer } from './graph/servers/spawn.js';

const { values } = parseArgs({
  options: {
    sequential: { type: 'string', default: '60' },
    concurrent: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '16' },
    'warm-up-max': { type: 'string', default: '150' },
  },
});
const log = (line: string) => console.error(line);

const RECORD_OUTPUT = `mutation($input: RecordOutputInput!) { recordOutput(input: $input) { output { id logEntry { index inclusionProof } } } }`;

/** Outputs per warm-up window, and how close two windows in a row must be for the rate to count as settled. */
const WARM_UP_WINDOW = 500;
const SETTLED_WITHIN = 0.1;

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

async function main() {
  const neo4j = await startThrowawayNeo4j('bench-outputs', { log: (l) => log(`[neo4j] ${l}`) });
  const graph = createGraphStore({ uri: neo4j.uri, database: 'neo4j', maxRetryMs: 60_000, writeTimeoutMs: 600_000 });
  const adminKey = `bench-admin-${randomBytes(12).toString('hex')}`;
  let server: Awaited<ReturnType<typeof spawnServer>> | null = null;
  try {
    const plan = await seedDemoGraph(graph);
    const model = plan.models[1]!;
    const texts = plan.records.filter((r) => r.status === 'ACCEPTED').map((r) => r.text.split(' '));
    server = await spawnServer('strata-server', { BENCH_NEO4J_URI: neo4j.uri, STRATA_ADMIN_KEY: adminKey });
    let n = 0;
    // A passage of a record the model learned, and words of its own, so each output is new and earns credit.
    const text = () => {
      const words = texts[n % texts.length]!;
      const from = (n * 7) % Math.max(1, words.length - 20);
      return `${words.slice(from, from + 20).join(' ')}. Closing words number ${n++} from the bench.`;
    };
    const one = async () => {
      const t0 = performance.now();
      const response = await fetch(server!.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${adminKey}` },
        body: JSON.stringify({ query: RECORD_OUTPUT, variables: { input: { modelId: `Model:${model.id}`, text: text(), fee: '1000000' } } }),
      });
      const body = (await response.json()) as { data?: { recordOutput: { output: { logEntry: { inclusionProof: string[] } } } }; errors?: unknown[] };
      if (body.errors?.length || !body.data) throw new Error(`recordOutput failed: ${JSON.stringify(body.errors).slice(0, 400)}`);
      return performance.now() - t0;
    };
    const run = async (count: number, concurrency: number) => {
      const latencies: number[] = [];
      const t0 = performance.now();
      let started = 0;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (started < count) {
            started += 1;
            latencies.push(await one());
          }
        }),
      );
      const seconds = (performance.now() - t0) / 1000;
      return { perSecond: count / seconds, median: quantile(latencies, 0.5), p99: quantile(latencies, 0.99) };
    };
    const concurrency = Number(values.concurrency);
    // Warm-up: the JITs of Neo4j and Node, the trace index, Neo4j's page cache and plans (see the file's comment).
    const warmUp = { window: WARM_UP_WINDOW, windows: [] as number[], seconds: 0, settled: false };
    const warmStart = performance.now();
    while (performance.now() - warmStart < Number(values['warm-up-max']) * 1000) {
      warmUp.windows.push((await run(WARM_UP_WINDOW, concurrency)).perSecond);
      const last = warmUp.windows.at(-1)!;
      const before = warmUp.windows.at(-2) ?? 0;
      log(`warm-up window ${warmUp.windows.length}: ${last.toFixed(1)} outputs/s`);
      if (warmUp.windows.length >= 3 && Math.abs(last - before) <= SETTLED_WITHIN * before) {
        warmUp.settled = true;
        break;
      }
    }
    warmUp.seconds = (performance.now() - warmStart) / 1000;
    const sequential = await run(Number(values.sequential), 1);
    const concurrent = await run(Number(values.concurrent), concurrency);
    log(`recordOutput sequential: ${sequential.perSecond.toFixed(1)}/s, p50 ${sequential.median.toFixed(0)} ms, p99 ${sequential.p99.toFixed(0)} ms`);
    log(`recordOutput ${concurrency} in flight: ${concurrent.perSecond.toFixed(1)}/s, p50 ${concurrent.median.toFixed(0)} ms, p99 ${concurrent.p99.toFixed(0)} ms`);
    console.log(JSON.stringify({ kind: 'outputs', concurrency, sequential, concurrent, warmUp }));
  } finally {
    await server?.stop();
    await graph.close();
    await neo4j.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
