/**
 * What bounding, rate limiting, logging and metrics cost and how fast refusals are (issue 14), written to
 * bench/HARDENING.md:
 *
 *   STRATA_BENCH_NEO4J_URI=bolt://127.0.0.1:7690 npx tsx bench/hardening.ts [--requests 400]
 *
 * It WIPES the graph at that URI and seeds the demo graph. Client and servers share one process (and the machine's
 * cores), so absolute numbers are pessimistic; the on/off rows are measured the same way, one after the other.
 */
import { writeFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { availableParallelism, loadavg } from 'node:os';
import { readConfig, type StrataConfig } from '../api/config.js';
import { createStrataServer } from '../api/server.js';
import { createGraphStore } from '../api/store/graph-store.js';
import { applyConstraints } from '../api/store/constraints.js';
import { wipeGraph } from '../api/store/graph-admin.js';
import { seedDemoGraph } from '../seed/demo-graph.js';

const uri = process.env.STRATA_BENCH_NEO4J_URI;
if (!uri) throw new Error('Set STRATA_BENCH_NEO4J_URI to a Neo4j whose graph this benchmark may wipe.');
const argIndex = process.argv.indexOf('--requests');
const N = argIndex > 0 ? Number(process.argv[argIndex + 1]) : 400;

const graph = createGraphStore({ uri, database: 'neo4j' });
await wipeGraph(graph);
await applyConstraints(graph);
await seedDemoGraph(graph);

const base: StrataConfig = { ...readConfig({}), port: 0, attributionIndexFile: null, logSigningKeyFile: null, production: true, env: { STRATA_LOG_SIGNING_KEY: Buffer.alloc(32, 5).toString('base64') } };
const devNull = new Writable({ write: (_c, _e, done) => done() });

async function serve(config: StrataConfig) {
  const { app, apollo } = await createStrataServer(graph, config, { logDestination: devNull });
  const http = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => http.once('listening', () => resolve()));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/graphql`;
  return { url, stop: async () => { http.closeAllConnections(); http.close(); await apollo.stop(); } };
}

const post = async (url: string, query: string, variables: Record<string, unknown> = {}) => {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  const body = await res.text();
  return { status: res.status, body };
};
const q = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!;
const ms = (v: number) => `${v.toFixed(v < 10 ? 2 : 1)} ms`;

async function latencies(n: number, call: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await call();
    out.push(performance.now() - t);
  }
  return out;
}

/** Lookups per second with `concurrency` clients, and their p99. */
async function throughput(url: string, query: string, variables: Record<string, unknown>, total: number, concurrency: number) {
  const times: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next++ < total) {
      const t = performance.now();
      const r = await post(url, query, variables);
      if (r.status !== 200 || r.body.includes('"errors"')) throw new Error(`lookup failed: ${r.status} ${r.body.slice(0, 200)}`);
      times.push(performance.now() - t);
    }
  }));
  return { perSecond: total / ((performance.now() - started) / 1000), p50: q(times, 50), p99: q(times, 99) };
}

const rows: string[] = [];
// The provenance lookup of the README, by id.
const off = await serve({ ...base, rateLimit: { ...base.rateLimit, anonymous: 0, keyed: 0 }, logLevel: 'silent' });
const outputId = JSON.parse((await post(off.url, '{ outputs(first: 1) { edges { node { id } } } }')).body).data.outputs.edges[0].node.id as string;
const LOOKUP = 'query Lookup($id: ID!) { output(id: $id) { id text model { name } attribution { coverage datanets { datanet { name } share } contributors { contributor { handle } share } } } }';
await throughput(off.url, LOOKUP, { id: outputId }, 100, 4); // warm-up
const offRun = await throughput(off.url, LOOKUP, { id: outputId }, N, 8);
await off.stop();
const on = await serve({ ...base, logLevel: 'info' });
await throughput(on.url, LOOKUP, { id: outputId }, 100, 4);
const onRun = await throughput(on.url, LOOKUP, { id: outputId }, N, 8);
rows.push(`| Provenance lookups by id, ${N} requests, 8 in flight: logging off, rate limits off | ${offRun.perSecond.toFixed(0)} /s | p50 ${ms(offRun.p50)} · p99 ${ms(offRun.p99)} |`);
rows.push(`| The same with a JSON log line per request (info, to a null stream) and rate limits on (defaults) | ${onRun.perSecond.toFixed(0)} /s (${(((onRun.perSecond - offRun.perSecond) / offRun.perSecond) * 100).toFixed(1)} %) | p50 ${ms(onRun.p50)} · p99 ${ms(onRun.p99)} |`);

// Refusals, on the server with everything on.
const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: __typename`).join(' ')} }`;
const long = Array.from({ length: 9_000 }, (_, i) => `word${i % 977}`).join(' ').slice(0, 60_000);
const traces = `query($t: String!) { ${Array.from({ length: 30 }, (_, i) => `t${i}: traceText(text: $t) { attribution { coverage } }`).join(' ')} }`;
const plans = `query($m: ID!, $ids: [ID!]!) { model(id: $m) { ${Array.from({ length: 30 }, (_, i) => `p${i}: coalitionsToScore(datanetIds: $ids) { coalitions { datanetIds } }`).join(' ')} } }`;
const modelId = JSON.parse((await post(on.url, '{ models(first: 1) { edges { node { id } } } }')).body).data.models.edges[0].node.id as string;
const cases: Array<[string, () => Promise<{ status: number; body: string }>]> = [
  ['31 top-level `__typename` aliases (alias limit)', () => post(on.url, aliases(31))],
  ['2,840 top-level `__typename` aliases (token limit)', () => post(on.url, aliases(2840))],
  ['30 aliased `traceText` of 60 KB, one request (cost)', () => post(on.url, traces, { t: long })],
  ['30 aliased `coalitionsToScore` of 15 made-up datanet ids (cost)', () => post(on.url, plans, { m: modelId, ids: Array.from({ length: 15 }, (_, i) => `Datanet:made-up-${i}`) })],
  ['`coalitionsToScore` of 15 made-up datanet ids, once (unknown ids)', () => post(on.url, plans.replace(/p[1-9]\d*: coalitionsToScore\(datanetIds: \$ids\) \{ coalitions \{ datanetIds \} \} /g, ''), { m: modelId, ids: Array.from({ length: 15 }, (_, i) => `Datanet:made-up-${i}`) })],
];
for (const [name, call] of cases) {
  const first = await call();
  if (first.status === 200 && !first.body.includes('"errors"')) throw new Error(`${name} was not refused`);
  const times = await latencies(50, call);
  rows.push(`| Refusal: ${name} → HTTP ${first.status} ${JSON.parse(first.body).errors[0].extensions.code} | | p50 ${ms(q(times, 50))} · p99 ${ms(q(times, 99))} |`);
}
// A light query while one client sends refused abuse back to back.
let abusing = true;
const abuse = (async () => { while (abusing) await post(on.url, traces, { t: long }); })();
const light = await latencies(200, () => post(on.url, '{ __typename }'));
abusing = false;
await abuse;
rows.push(`| \`{ __typename }\` while another client sends the refused 30 × 60 KB trace back to back | | p50 ${ms(q(light, 50))} · p99 ${ms(q(light, 99))} |`);
await on.stop();
// 429s.
const tiny = await serve({ ...base, logLevel: 'silent', rateLimit: { windowMs: 60_000, anonymous: 10, keyed: 10 } });
for (let i = 0; i < 10; i++) await post(tiny.url, '{ __typename }');
const limited = await latencies(200, async () => {
  const r = await post(tiny.url, '{ __typename }');
  if (r.status !== 429) throw new Error(`expected 429, got ${r.status}`);
});
rows.push(`| Over budget: HTTP 429 with Retry-After | | p50 ${ms(q(limited, 50))} · p99 ${ms(q(limited, 99))} |`);
await tiny.stop();
await graph.close();

const report = `# Hardening benchmarks (issue 14)

Generated by \`npx tsx bench/hardening.ts --requests ${N}\` on ${new Date().toISOString()}; do not edit by hand.
Demo graph; client and API in one Node process on a machine with ${loadavg().map((l) => l.toFixed(2)).join(' / ')} load (1/5/15 min) at the end, shared with Neo4j and other work: pessimistic numbers. Metrics are always on.
${loadavg()[0]! > 2 * availableParallelism() ? `\n**The load was over twice the ${availableParallelism()} cores: the on/off difference below is within the noise of other work and is not a measurement of the operability cost; rerun on a quiet machine.**\n` : ''}
| Measurement | Rate | Latency |
|---|---|---|
${rows.join('\n')}
`;
writeFileSync(new URL('./HARDENING.md', import.meta.url), report);
console.log(report);
