/**
 * recordOutput in parallel: outputs per second through the API (trace, attribution, payouts, the log entry with its
 * proof) one at a time and with 16 in flight, in the same run on the same Neo4j (the demo graph, a throwaway store).
 * Prints one JSON line per row on stdout for bench/run.ts, and a summary on stderr.
 *
 *   npx tsx bench/outputs.ts [--sequential 60] [--concurrent 400] [--concurrency 16]
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createGraphStore } from '../api/store/graph-store.js';
import { seedDemoGraph } from '../seed/demo-graph.js';
import { startThrowawayNeo4j } from '../tools/neo4j-local/throwaway-neo4j.js';
import { spawnServer } from './graph/servers/spawn.js';

const { values } = parseArgs({
  options: { sequential: { type: 'string', default: '60' }, concurrent: { type: 'string', default: '400' }, concurrency: { type: 'string', default: '16' } },
});
const log = (line: string) => console.error(line);

const RECORD_OUTPUT = `mutation($input: RecordOutputInput!) { recordOutput(input: $input) { output { id logEntry { index inclusionProof } } } }`;

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
    await run(20, 4); // warm-up: JIT, the trace index, Neo4j's page cache
    const concurrency = Number(values.concurrency);
    const sequential = await run(Number(values.sequential), 1);
    const concurrent = await run(Number(values.concurrent), concurrency);
    log(`recordOutput sequential: ${sequential.perSecond.toFixed(1)}/s, p50 ${sequential.median.toFixed(0)} ms, p99 ${sequential.p99.toFixed(0)} ms`);
    log(`recordOutput ${concurrency} in flight: ${concurrent.perSecond.toFixed(1)}/s, p50 ${concurrent.median.toFixed(0)} ms, p99 ${concurrent.p99.toFixed(0)} ms`);
    console.log(JSON.stringify({ kind: 'outputs', concurrency, sequential, concurrent }));
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
