/**
 * `npm run bench`: Strata side by side with the hand-written Cypher and with @neo4j/graphql, on the same Neo4j and the
 * same deterministic scale graph, in one run; writes bench/RESULTS.md and bench/results.json (the targeted rows).
 *
 *   npx tsx bench/run.ts                       # scale 0.1 (loads it first if the bench store holds another graph)
 *   npx tsx bench/run.ts --scale 1             # 10^6 records
 *   npx tsx bench/run.ts --quick               # fewer samples, 5 s load tests: a smoke run
 *   npx tsx bench/run.ts --only lookup,lineage # a subset (lookup, lineage, profile, throughput, ingest, startup, outputs, trace, semantic)
 *   npx tsx bench/run.ts --render              # rewrite RESULTS.md from the last run's measurements (no new measurement)
 *
 * The benchmarks' own Neo4j: store .strata/neo4j/bench, Bolt 127.0.0.1:7692 (STRATA_BENCH_NEO4J_URI for another).
 * The Strata API and the @neo4j/graphql server run in their own processes on free loopback ports; the load generator
 * and the latency client run here. Everything started is stopped at the end, also on Ctrl-C.
 */
import { execSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import neo4j, { type Driver } from 'neo4j-driver';
import { outputProvenanceByContentHashCypher, outputProvenanceCypher } from '../api/store/reads/output-provenance.js';
import { applyConstraints } from '../api/store/constraints.js';
import { createGraphStore, type GraphStore } from '../api/store/graph-store.js';
import { lineageCypher, lineageGraphCypher } from '../api/store/reads/lineage.js';
import { followRules } from '../api/core/lineage-direction.js';
import { repoRoot } from '../tools/neo4j-local/local-neo4j.js';
import { GENERATOR_VERSION } from '../seed/scale/plan.js';
import { graphScaleInfo, loadScaleGraph } from '../seed/scale/load.js';
import { rng } from '../seed/scale/random.js';
import { LOADING_DEADLINES, startBenchNeo4j, type BenchNeo4j } from '../seed/scale/store.js';
import { benchIngest, type IngestResult } from './graph/ingest.js';
import { lineageCypherBefore, lineageGraphCypherBefore } from './graph/lineage-before.js';
import { driverLoadTest, loadTest, type LoadResult } from './graph/load.js';
import { compareLatency } from './graph/measure.js';
import { profileQuery } from './graph/profile.js';
import {
  NARROW_PROVENANCE, PEER_LINEAGE, PEER_LOOKUP, peerAnswer, RAW_LINEAGE, RAW_LOOKUP, rawAnswer, rawLineageParams, sameAnswer, STRATA_LINEAGE, STRATA_LINEAGE_PAGE_ONLY, STRATA_LOOKUP, STRATA_LOOKUP_BY_HASH, strataAnswer,
  strataLookupGetPath,
} from './graph/queries.js';
import { benchStartup } from './graph/startup.js';
import { lookupCacheCounts, provenanceReadCounts } from './graph/cache-counts.js';
import { renderResults, type BenchReport } from './graph/report.js';
import { outputsWarmUpNote, renderResultRows, resultRows, type OutputsResult, type SeparateResults } from './graph/results-json.js';
import { resultsSections } from './graph/results-section.js';
import { spawnServer, type ServerProcess } from './graph/servers/spawn.js';

const SECTIONS = ['lookup', 'lineage', 'profile', 'throughput', 'ingest', 'startup', 'outputs', 'trace', 'semantic'] as const;
type Section = (typeof SECTIONS)[number];

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '0.1' },
    seed: { type: 'string', default: '1' },
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    out: { type: 'string', default: join(repoRoot, 'bench', 'RESULTS.md') },
    connections: { type: 'string', default: '16' },
    render: { type: 'boolean', default: false },
  },
});
/** Every run's measurements, so the report can be re-rendered (`--render`) without measuring again. */
const LAST_RUN = join(repoRoot, 'bench', '.data', 'last-run.json');
/** The targeted rows, machine-readable (bench/graph/results-json.ts). */
const RESULTS_JSON = join(repoRoot, 'bench', 'results.json');
/** Rows measured by benchmarks too long for this command, each file written by its own script. */
const SEPARATE_RESULTS = [join(repoRoot, 'bench', 'results-trace-index.json')];

function separateResults(): SeparateResults[] {
  return SEPARATE_RESULTS.filter((file) => existsSync(file)).map((file) => JSON.parse(readFileSync(file, 'utf8')) as SeparateResults);
}
const scale = Number(values.scale);
const seed = Number(values.seed);
const quick = values.quick;
const only = new Set<Section>((values.only ? values.only.split(',') : SECTIONS) as Section[]);
for (const s of only) if (!SECTIONS.includes(s)) throw new Error(`unknown section "${s}" (one of ${SECTIONS.join(', ')})`);
const log = (line: string) => console.error(line);

const stoppers: Array<() => Promise<void>> = [];
async function stopAll(): Promise<void> {
  while (stoppers.length > 0) await stoppers.pop()!().catch((e: unknown) => log(`stop failed: ${String(e)}`));
}
const interrupted = async () => {
  log('Interrupted: stopping servers…');
  await stopAll();
  process.exit(130);
};
process.once('SIGINT', interrupted);
process.once('SIGTERM', interrupted);

function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(join(repoRoot, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

function machine() {
  const nproc = (() => {
    try {
      return Number(execSync('nproc', { encoding: 'utf8' }).trim());
    } catch {
      return cpus().length;
    }
  })();
  return { nproc, cpu: cpus()[0]?.model ?? 'unknown', memoryGB: totalmem() / 2 ** 30, freeGB: freemem() / 2 ** 30, loadavg: loadavg() };
}

async function post(url: string, query: string, variables: Record<string, unknown>): Promise<any> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  const text = await response.text();
  const body = JSON.parse(text) as { data?: any; errors?: Array<{ message: string }> };
  if (!response.ok || body.errors?.length) throw new Error(`GraphQL ${response.status}: ${body.errors?.map((e) => e.message).join('; ') ?? text.slice(0, 200)}`);
  return Object.assign(body.data, { __bytes: text.length });
}

async function ensureGraph(server: BenchNeo4j): Promise<{ server: BenchNeo4j; graph: GraphStore; loadSeconds: number | null }> {
  let graph = createGraphStore({ uri: server.uri, database: 'neo4j', maxRetryMs: 60_000, ...LOADING_DEADLINES });
  // A Neo4j that just started on a busy machine may not hand out a connection within the driver's 3 s at first.
  let info: Awaited<ReturnType<typeof graphScaleInfo>> = null;
  for (let attempt = 1; ; attempt++) {
    try {
      info = await graphScaleInfo(graph);
      break;
    } catch (error) {
      if (attempt >= 6) throw error;
      log(`  the bench store did not answer yet (${(error as Error).message.slice(0, 80)}); retrying…`);
      await new Promise((resolve) => setTimeout(resolve, 5_000));
    }
  }
  if (info && info.scale === scale && info.seed === seed && info.generator === GENERATOR_VERSION) {
    // A store kept from an earlier run gets the indexes added since (each statement is IF NOT EXISTS).
    await applyConstraints(graph);
    return { server, graph, loadSeconds: null };
  }
  log(info ? `The bench store holds scale ${info.scale} seed ${info.seed} (${info.generator}): reloading scale ${scale} seed ${seed}.` : `The bench store holds no scale graph: loading scale ${scale}.`);
  if (server.owned) {
    // Restart on a deleted store: much faster than wiping millions of nodes.
    await graph.close();
    await server.stop();
    server = await startBenchNeo4j({ fresh: true });
    graph = createGraphStore({ uri: server.uri, database: 'neo4j', maxRetryMs: 60_000, ...LOADING_DEADLINES });
  }
  const loaded = await loadScaleGraph(graph, { scale, seed, batch: 10_000, lsh: false, log });
  return { server, graph, loadSeconds: loaded.seconds };
}

async function graphCounts(driver: Driver) {
  // Per label and type, so each count comes from Neo4j's count store instead of a scan.
  const names = async (cypher: string) => (await driver.executeQuery(cypher, {}, { database: 'neo4j' })).records.map((r) => r.get(0) as string);
  const count = async (cypher: string) => neo4j.integer.toNumber((await driver.executeQuery(cypher, {}, { database: 'neo4j' })).records[0]!.get(0));
  const labels: Record<string, number> = {};
  for (const l of (await names('CALL db.labels()')).sort()) labels[l] = await count(`MATCH (n:\`${l}\`) RETURN count(n)`);
  const types: Record<string, number> = {};
  for (const t of (await names('CALL db.relationshipTypes()')).sort()) types[t] = await count(`MATCH ()-[r:\`${t}\`]->() RETURN count(r)`);
  const words = neo4j.integer.toNumber(
    (await driver.executeQuery('MATCH (r:Record) RETURN sum(size(split(r.text, " "))) AS w', {}, { database: 'neo4j' })).records[0]!.get('w'),
  );
  const biggest = (await driver.executeQuery('MATCH (d:Datanet) RETURN d.id AS id, COUNT { (d)<-[:IN]-() } AS n ORDER BY n DESC LIMIT 3', {}, { database: 'neo4j' })).records.map(
    (r) => `${r.get('id')} ${neo4j.integer.toNumber(r.get('n'))}`,
  );
  return { labels, types, words, biggestDatanets: biggest };
}

function sample<T>(list: readonly T[], n: number, seedValue: number): T[] {
  const r = rng(seedValue);
  return Array.from({ length: Math.min(n, list.length) }, () => list[Math.floor(r() * list.length)]!);
}

/** Counts objects with an id in a JSON answer: how many graph nodes a response carries. */
function countNodes(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((s: number, v) => s + countNodes(v), 0);
  if (value && typeof value === 'object') {
    const own = 'id' in value ? 1 : 0;
    return own + Object.values(value).reduce((s: number, v) => s + countNodes(v), 0);
  }
  return 0;
}

/** Runs a benchmark script of its own (bench/trace.ts, bench/semantic.ts) in a child process, keeping its output. */
async function runScript(script: string, args: string[] = []): Promise<{ output: string; seconds: number }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'bench', script), ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  stoppers.push(async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => {
    output += c.toString('utf8');
    process.stderr.write(c);
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  stoppers.pop();
  if (code !== 0) throw new Error(`bench/${script} exited with ${code}`);
  return { output, seconds: (performance.now() - t0) / 1000 };
}

/**
 * RESULTS.md (with the targets table) and results.json, from one report. The sections other scripts write into
 * RESULTS.md (bench/graph/results-section.ts) are kept at the end, and the rows of their own runs
 * (bench/results-trace-index.json) are listed apart, each with its command and date.
 */
function writeResults(report: BenchReport & { outputs?: OutputsResult | null }): void {
  const rows = resultRows(report);
  const separate = separateResults();
  const markdown = renderResults(report);
  const table = renderResultRows(rows, separate, outputsWarmUpNote(report.outputs)).join('\n');
  // The targets table goes right after the title block, ahead of the detailed sections.
  const at = markdown.indexOf('## Machine and versions');
  const kept = existsSync(values.out!) ? resultsSections(readFileSync(values.out!, 'utf8')) : [];
  const body = at < 0 ? `${markdown}\n${table}` : `${markdown.slice(0, at)}${table}\n${markdown.slice(at)}`;
  writeFileSync(values.out!, kept.length === 0 ? body : `${body}${body.endsWith('\n') ? '' : '\n'}\n${kept.join('\n\n')}\n`);
  writeFileSync(RESULTS_JSON, `${JSON.stringify({ startedAt: report.startedAt, command: report.command, machine: report.machine, rows, separately: separate }, null, 2)}\n`);
}

async function main() {
  const startedAt = new Date();
  const machineBefore = machine();
  log(`Strata graph benchmarks: scale ${scale}, seed ${seed}${quick ? ' (quick)' : ''}; sections ${[...only].join(', ')}.`);

  let server = await startBenchNeo4j();
  stoppers.push(() => server.stop());
  const ensured = await ensureGraph(server);
  server = ensured.server; // the stopper above stops whichever server runs now
  const graph = ensured.graph;
  stoppers.push(() => graph.close());
  const driver = graph.driver;
  const neo4jVersion = (await driver.executeQuery('CALL dbms.components() YIELD name, versions, edition RETURN name + " " + versions[0] + " " + edition AS v', {}, { database: 'neo4j' })).records[0]!.get('v') as string;
  const info = (await graphScaleInfo(graph))!;
  const counts = await graphCounts(driver);

  const outputIds = (await driver.executeQuery('MATCH (o:Output) RETURN o.id AS id ORDER BY id', {}, { database: 'neo4j' })).records.map((r) => r.get('id') as string);
  const lookupIds = sample(outputIds, 400, 11);
  const lineageIds = sample(outputIds, 40, 12);
  // The extension asks by content hash: the hash seek and the provenance in one query (docs/architecture.md#the-flow-of-a-provenance-lookup).
  const hashOf = new Map(
    (await driver.executeQuery('UNWIND $ids AS id MATCH (o:Output {id: id}) RETURN id, o.contentHash AS hash', { ids: lookupIds }, { database: 'neo4j' })).records.map(
      (r) => [r.get('id') as string, r.get('hash') as string],
    ),
  );

  const report: BenchReport & { outputs?: OutputsResult | null } = {
    startedAt: startedAt.toISOString(),
    command: `npx tsx bench/run.ts ${process.argv.slice(2).join(' ')}`.trim(),
    quick,
    machine: machineBefore,
    loadavgAfter: [],
    versions: {
      node: process.version, neo4j: neo4jVersion, driver: packageVersion('neo4j-driver'), peer: packageVersion('@neo4j/graphql'),
      apollo: packageVersion('@apollo/server'), autocannon: packageVersion('autocannon'),
    },
    graph: { info, counts, loadSeconds: ensured.loadSeconds },
    profiles: [],
    lookup: null, lineage: null, throughput: [], ingest: [], trace: null, semantic: null, equivalence: null, sizes: null, lineageBeforeAfter: [],
    caches: null, startup: null,
  };

  const adminKey = `bench-admin-${randomBytes(12).toString('hex')}`;
  let strata: ServerProcess | null = null;
  let peer: ServerProcess | null = null;
  // The same API with its provenance and lookup-answer caches off: every lookup runs its query (the "cold" rows).
  let strataCold: ServerProcess | null = null;
  // A second API process with caches on, for the two-process throughput row.
  let strataSecond: ServerProcess | null = null;
  const needServers = only.has('lookup') || only.has('lineage') || only.has('throughput') || only.has('ingest');
  if (needServers) {
    strata = await spawnServer('strata-server', { BENCH_NEO4J_URI: server.uri, STRATA_ADMIN_KEY: adminKey });
    stoppers.push(() => strata!.stop());
    if (only.has('lookup') || only.has('throughput')) {
      strataCold = await spawnServer('strata-server', { BENCH_NEO4J_URI: server.uri, BENCH_PROVENANCE_CACHE_SIZE: '0' });
      stoppers.push(() => strataCold!.stop());
    }
    peer = await spawnServer('peer-server', { BENCH_NEO4J_URI: server.uri });
    stoppers.push(() => peer!.stop());
    log(`Strata API ${strata.url} (pid ${strata.pid}); @neo4j/graphql ${peer.url} (pid ${peer.pid}).`);
  }

  const raw = async (cypher: string, params: Record<string, unknown>) =>
    (await driver.executeQuery(cypher, params, { database: 'neo4j', routing: neo4j.routing.READ })).records.map((r) => r.toObject());
  /** The same by an auto-commit transaction (`session.run`: no BEGIN or COMMIT), for the rows that compare the two. */
  const rawAutoCommit = async (cypher: string, params: Record<string, unknown>) => {
    const session = driver.session({ database: 'neo4j', defaultAccessMode: neo4j.session.READ });
    try {
      return (await session.run(cypher, params)).records;
    } finally {
      await session.close();
    }
  };
  const strataLookup = (id: string) => post(strata!.url, STRATA_LOOKUP, { id: `Output:${id}` });
  /** The same lookup over GET, by the trusted document's hash alone (docs/architecture.md#lookups-over-get). */
  const strataGet = async (base: ServerProcess, id: string) => {
    const response = await fetch(new URL(strataLookupGetPath(`Output:${id}`), base.url), { headers: { 'apollo-require-preflight': 'true' } });
    const text = await response.text();
    const body = JSON.parse(text) as { data?: any; errors?: Array<{ message: string }> };
    if (!response.ok || body.errors?.length) throw new Error(`GraphQL GET ${response.status}: ${text.slice(0, 200)}`);
    return body.data;
  };
  const peerLookup = (id: string) => post(peer!.url, PEER_LOOKUP, { id });

  if (needServers && (only.has('lookup') || only.has('throughput'))) {
    // Same answers first: the three must agree on every sampled output before any timing means anything.
    let agree = 0;
    const checked = lookupIds.slice(0, 50);
    for (const id of checked) {
      const a = strataAnswer(await strataLookup(id));
      const b = rawAnswer((await raw(RAW_LOOKUP, { id }))[0]!);
      const c = peerAnswer(await peerLookup(id));
      const d = strataAnswer(await strataGet(strata!, id));
      const e = strataAnswer(await strataGet(strataCold!, id));
      if (sameAnswer(a, b) && sameAnswer(a, c) && sameAnswer(a, d) && sameAnswer(a, e)) agree += 1;
      else log(`  answers differ for ${id}: ${JSON.stringify({ strata: a, raw: b, peer: c }).slice(0, 600)}`);
    }
    report.equivalence = { checked: checked.length, agree };
    log(`Lookup answers identical on ${agree}/${checked.length} outputs.`);
  }

  const rounds = quick ? 3 : 6;
  if (only.has('lookup')) {
    log('(1) Provenance lookup: median and p99 over sequential requests, warm-up first…');
    const pick = (i: number) => lookupIds[i % lookupIds.length]!;
    // Where Strata's time goes: the one query the API sends for this lookup, by the driver (no HTTP, no GraphQL),
    // and each server's floor (an HTTP POST of `{ __typename }`).
    const strataQueries = (id: string) => raw(outputProvenanceCypher, { ids: [id] });
    for (const id of lookupIds.slice(0, 20)) {
      const byHash = await post(strataCold!.url, STRATA_LOOKUP_BY_HASH, { contentHash: hashOf.get(id) });
      if (!sameAnswer(strataAnswer({ output: byHash.outputByContent }), strataAnswer(await strataLookup(id)))) throw new Error(`the lookup by content hash of ${id} differs from the lookup by id`);
    }
    // Every sampled output asked for once over GET first, so the "warm" row measures answers kept in memory.
    for (const id of lookupIds) await strataGet(strata!, id);
    report.lookup = await compareLatency(
      [
        { name: 'strata', call: (i) => strataLookup(pick(i)) },
        { name: 'strataGet', call: (i) => strataGet(strata!, pick(i)) },
        { name: 'strataGetCold', call: (i) => strataGet(strataCold!, pick(i)) },
        { name: 'strataCold', call: (i) => post(strataCold!.url, STRATA_LOOKUP, { id: `Output:${pick(i)}` }) },
        { name: 'strataByHashCold', call: (i) => post(strataCold!.url, STRATA_LOOKUP_BY_HASH, { contentHash: hashOf.get(pick(i)) }) },
        { name: 'raw', call: (i) => raw(RAW_LOOKUP, { id: pick(i) }) },
        { name: 'peer', call: (i) => peerLookup(pick(i)) },
        { name: 'strataQueries', call: (i) => strataQueries(pick(i)) },
        // What the cold rows' query would cost done differently (diagnostics for "what would fix it", not what the API
        // does): only the selected properties instead of whole nodes, and the same query auto-commit (no BEGIN/COMMIT).
        { name: 'strataQueriesNarrow', call: (i) => raw(NARROW_PROVENANCE, { ids: [pick(i)] }) },
        { name: 'strataQueriesAutoCommit', call: (i) => rawAutoCommit(outputProvenanceCypher, { ids: [pick(i)] }) },
        { name: 'strataFloor', call: () => post(strata!.url, '{ __typename }', {}) },
        { name: 'peerFloor', call: () => post(peer!.url, '{ __typename }', {}) },
      ],
      { warmup: quick ? 50 : 200, rounds, perRound: quick ? 50 : 100, log },
    );
    // How much of the raw query's time is the driver's own CPU in the client process (one query at a time).
    const before = process.cpuUsage();
    const count = quick ? 200 : 600;
    for (let i = 0; i < count; i++) await raw(RAW_LOOKUP, { id: pick(i) });
    const used = process.cpuUsage(before);
    report.rawClientCpuMs = (used.user + used.system) / 1000 / count;
  }

  if (only.has('lineage')) {
    log('(2) Upstream lineage, depth 4, first page of 50 (and Strata\'s second page)…');
    const pick = (i: number) => lineageIds[i % lineageIds.length]!;
    const cursors = new Map<string, string>();
    const sizes = { strata: 0, strataTotal: 0, raw: 0, peer: 0, peerBytes: 0, strataBytes: 0, complete: 0, outputs: lineageIds.length };
    for (const id of lineageIds) {
      const page1 = await post(strata!.url, STRATA_LINEAGE, { of: `Output:${id}` });
      if (page1.lineage.pageInfo.endCursor) cursors.set(id, page1.lineage.pageInfo.endCursor);
      sizes.strata += page1.lineage.edges.length;
      sizes.strataTotal += page1.lineage.totalCount;
      sizes.strataBytes += page1.__bytes;
      if (page1.lineage.completeness.isComplete) sizes.complete += 1;
      const peerAnswerNodes = await post(peer!.url, PEER_LINEAGE, { id });
      sizes.peer += countNodes(peerAnswerNodes.outputs);
      sizes.peerBytes += peerAnswerNodes.__bytes;
      sizes.raw += ((await raw(RAW_LINEAGE, rawLineageParams(id)))[0]!.page as unknown[]).length;
    }
    report.sizes = sizes;
    report.lineage = await compareLatency(
      [
        { name: 'strata', call: (i) => post(strata!.url, STRATA_LINEAGE, { of: `Output:${pick(i)}` }) },
        { name: 'strataPage2', call: (i) => post(strata!.url, STRATA_LINEAGE, { of: `Output:${pick(i)}`, after: cursors.get(pick(i)) ?? null }) },
        { name: 'strataPageOnly', call: (i) => post(strata!.url, STRATA_LINEAGE_PAGE_ONLY, { of: `Output:${pick(i)}` }) },
        { name: 'raw', call: (i) => raw(RAW_LINEAGE, rawLineageParams(pick(i))) },
        { name: 'peer', call: (i) => post(peer!.url, PEER_LINEAGE, { id: pick(i) }) },
      ],
      { warmup: quick ? 10 : 40, rounds, perRound: quick ? 10 : 20, log },
    );
  }

  if (only.has('profile')) {
    log('PROFILE of the read queries on the scale graph (after the latency runs, so Neo4j is warm)…');
    const lineageParams = rawLineageParams(lineageIds[0]!);
    // The old query takes the direction's edge kinds as parameters; the current one writes them into its text.
    const beforeParams = { ...lineageParams, ...followRules('UPSTREAM') };
    const one = lookupIds[0]!;
    const profiles: Array<[string, string, Record<string, unknown>]> = [
      ['lookup: provenance query (output, model, influences)', outputProvenanceCypher, { ids: [one] }],
      ['lookup: hand-written query', RAW_LOOKUP, { id: one }],
      ['lookup: provenance query by content hash', outputProvenanceByContentHashCypher, { hashes: [hashOf.get(one)] }],
      ['lineage depth 4 (current)', RAW_LINEAGE, lineageParams],
      ['lineage depth 2 (current)', lineageCypher('Output', 2), lineageParams],
      ['lineage depth 2 (before)', lineageCypherBefore('Output', 2), beforeParams],
      ['lineageGraph depth 2 (current)', lineageGraphCypher('Output', 2), { ...lineageParams, maxNodes: neo4j.int(200) }],
      ['lineageGraph depth 2 (before)', lineageGraphCypherBefore('Output', 2), { ...beforeParams, maxNodes: neo4j.int(200) }],
    ];
    for (const [name, cypher, params] of profiles) {
      const p = await profileQuery(driver, name, cypher, params, 11);
      report.profiles.push(p);
      log(`  ${name}: ${p.medianMs.toFixed(1)} ms, ${p.totalDbHits} db hits${p.scans.length ? `, SCANS: ${p.scans.join('; ')}` : ''}`);
    }
    // Depth-4 lineage, before vs current, on several outputs. The old query can run for minutes: each run has a deadline.
    const deadline = quick ? 10_000 : 30_000;
    for (const id of [outputIds[0]!, ...lineageIds.slice(0, quick ? 1 : 5)]) {
      const params = { ...rawLineageParams(id), ...followRules('UPSTREAM') };
      const session = driver.session({ database: 'neo4j', defaultAccessMode: neo4j.session.READ });
      try {
        const times: number[] = [];
        for (let k = 0; k < 3; k++) {
          const t0 = performance.now();
          await session.run(RAW_LINEAGE, params);
          times.push(performance.now() - t0);
        }
        const total = neo4j.integer.toNumber((await session.run(RAW_LINEAGE, params)).records[0]!.get('total'));
        let beforeMs: number | null = null;
        const t0 = performance.now();
        try {
          await session.run(lineageCypherBefore('Output', 4), params, { timeout: deadline });
          beforeMs = performance.now() - t0;
        } catch {
          beforeMs = null;
        }
        const currentMs = times.sort((a, b) => a - b)[1]!;
        report.lineageBeforeAfter.push({ id, total, currentMs, beforeMs, deadlineMs: deadline });
        log(`  lineage depth 4 of ${id} (${total} nodes): current ${currentMs.toFixed(0)} ms, before ${beforeMs === null ? `> ${deadline / 1000} s (stopped)` : `${beforeMs.toFixed(0)} ms`}`);
      } finally {
        await session.close();
      }
    }
  }

  if (only.has('throughput')) {
    const seconds = quick ? 5 : 10;
    const connections = Number(values.connections);
    log(`(3) Throughput: autocannon, ${connections} connections, ${seconds} s each after a 3 s warm-up…`);
    const variables = (i: number) => ({ id: `Output:${lookupIds[i % lookupIds.length]}` });
    const getPath = (i: number) => strataLookupGetPath(`Output:${lookupIds[i % lookupIds.length]}`);
    const contenders = [
      { name: 'strata', url: strata!.url, query: STRATA_LOOKUP, variables },
      { name: 'strata GET', url: strata!.url, query: STRATA_LOOKUP, variables, getPath },
      { name: 'strata GET cold', url: strataCold!.url, query: STRATA_LOOKUP, variables, getPath },
      { name: 'strata POST cold', url: strataCold!.url, query: STRATA_LOOKUP, variables },
      { name: 'strata POST by hash cold', url: strataCold!.url, query: STRATA_LOOKUP_BY_HASH, variables: (i: number) => ({ contentHash: hashOf.get(lookupIds[i % lookupIds.length]!) }) },
      { name: 'peer', url: peer!.url, query: PEER_LOOKUP, variables: (i: number) => ({ id: lookupIds[i % lookupIds.length] }) },
    ];
    const cachesBefore = await lookupCacheCounts(strata!.url);
    // The server process's CPU over a run (prom-client's process metrics): whether it is the one core Node has that limits.
    const cpuSeconds = async (url: string) => Number(/^strata_process_cpu_seconds_total (\S+)$/m.exec(await (await fetch(new URL('/metrics', url))).text())?.[1] ?? Number.NaN);
    for (const c of contenders) await loadTest({ ...c, connections, seconds: 3 });
    const show = (result: LoadResult) =>
      log(`    ${result.name}: ${result.requestsPerSecond.toFixed(0)} lookups/s, p50 ${result.latencyMedian} ms, p99 ${result.latencyP99} ms, errors ${result.errors + result.graphqlErrors + result.non2xx}` +
        (result.serverCpuSeconds !== undefined ? `, API process ${(result.serverCpuSeconds / result.seconds).toFixed(2)} cores` : ''));
    const coldReadsBefore = await provenanceReadCounts(strataCold!.url);
    for (const c of contenders) {
      const cpuBefore = c.name === 'peer' ? Number.NaN : await cpuSeconds(c.url);
      const result: LoadResult = await loadTest({ ...c, connections, seconds });
      if (Number.isFinite(cpuBefore)) result.serverCpuSeconds = (await cpuSeconds(c.url)) - cpuBefore;
      report.throughput.push(result);
      show(result);
    }
    // How the cold process's reads shared queries over the measured runs (docs/architecture.md#provenance-reads-in-batches).
    const coldReads = await provenanceReadCounts(strataCold!.url);
    const reads = coldReads.reads - coldReadsBefore.reads;
    const queries = coldReads.queries - coldReadsBefore.queries;
    log(`    cold process: ${reads} provenance reads in ${queries} queries (${(reads / Math.max(1, queries)).toFixed(1)} per query); ${coldReads.direct - coldReadsBefore.direct} lookups answered without Apollo's pipeline`);
    // How often the warm process answered from memory over everything above (warm-ups included).
    const cachesAfter = await lookupCacheCounts(strata!.url);
    report.caches = {
      provenance: { hits: cachesAfter.provenance.hits - cachesBefore.provenance.hits, misses: cachesAfter.provenance.misses - cachesBefore.provenance.misses },
      responses: { hits: cachesAfter.responses.hits - cachesBefore.responses.hits, misses: cachesAfter.responses.misses - cachesBefore.responses.misses },
    };
    log(`    caches of the warm process during the load tests: provenance ${report.caches.provenance.hits} hits / ${report.caches.provenance.misses} misses; whole GET answers ${report.caches.responses.hits} hits / ${report.caches.responses.misses} misses`);
    // Two API processes behind one address would share the load; here each gets half the connections, at once.
    strataSecond = await spawnServer('strata-server', { BENCH_NEO4J_URI: server.uri });
    stoppers.push(() => strataSecond!.stop());
    const half = Math.max(1, Math.floor(connections / 2));
    await loadTest({ name: 'warm-up', url: strataSecond.url, query: STRATA_LOOKUP, variables, getPath, connections: half, seconds: 3 });
    const pair = await Promise.all([strata!, strataSecond].map((p) => loadTest({ name: 'strata GET', url: p.url, query: STRATA_LOOKUP, variables, getPath, connections: half, seconds })));
    const two: LoadResult = {
      ...pair[0]!, name: 'strata GET, 2 processes', connections: half * 2,
      requestsPerSecond: pair[0]!.requestsPerSecond + pair[1]!.requestsPerSecond,
      latencyMedian: Math.max(pair[0]!.latencyMedian, pair[1]!.latencyMedian), latencyP99: Math.max(pair[0]!.latencyP99, pair[1]!.latencyP99),
      completed: pair[0]!.completed + pair[1]!.completed, errors: pair[0]!.errors + pair[1]!.errors,
      graphqlErrors: pair[0]!.graphqlErrors + pair[1]!.graphqlErrors, non2xx: pair[0]!.non2xx + pair[1]!.non2xx,
    };
    report.throughput.push(two);
    show(two);
    // The ceiling: the hand-written query by the driver at the same concurrency, managed vs auto-commit transactions.
    const id = (i: number) => lookupIds[i % lookupIds.length]!;
    const autoCommit = (i: number) => rawAutoCommit(RAW_LOOKUP, { id: id(i) });
    await driverLoadTest({ name: 'warm-up', call: (i) => raw(RAW_LOOKUP, { id: id(i) }), connections, seconds: 2 });
    for (const [name, call] of [['raw executeQuery', (i: number) => raw(RAW_LOOKUP, { id: id(i) })], ['raw session.run', autoCommit]] as const) {
      const result = await driverLoadTest({ name, call, connections, seconds });
      report.throughput.push(result);
      show(result);
    }
  }

  if (only.has('ingest')) {
    log('(4) Ingest: submitRecords vs raw UNWIND, batches of 500…');
    const results: IngestResult[] = await benchIngest({
      apiUrl: strata!.url, adminKey, driver, batchSize: 500, batchesPerRound: quick ? 2 : 4, rounds: quick ? 2 : 3, log,
    });
    report.ingest = results;
  }

  if (only.has('startup')) {
    // The lookup servers go first: the API starting here should not share the machine with idle processes' timers.
    for (const p of [strataSecond, strataCold, peer, strata]) await p?.stop();
    log('(4c) Start-up: api/main.ts over the scale graph, spawn → /readyz 200, without and with the index file…');
    report.startup = await benchStartup({ graph, neo4jUri: server.uri, repoRoot, quick, log });
  }

  // The servers and Neo4j are not needed for the trace benchmark: stop them first so it has the machine.
  report.loadavgAfter = loadavg();
  await stopAll();

  if (only.has('outputs')) {
    log('(4b) recordOutput one at a time vs 16 in flight, on a throwaway Neo4j with the demo graph: bench/outputs.ts…');
    const run = await runScript('outputs.ts', quick ? ['--sequential', '20', '--concurrent', '96', '--warm-up-max', '20'] : []);
    const line = run.output.trim().split('\n').filter((l) => l.startsWith('{')).at(-1);
    report.outputs = line ? (JSON.parse(line) as OutputsResult) : null;
  }
  if (only.has('trace')) {
    log('(5) Trace latency at 10^6 and 10^7 tokens: bench/trace.ts…');
    report.trace = await runScript('trace.ts');
  }
  if (only.has('semantic')) {
    log('(6) Paraphrase tier: the embedding model and the SEMANTIC tier\'s latency: bench/semantic.ts…');
    report.semantic = await runScript('semantic.ts', quick ? ['--quick'] : []);
  }

  mkdirSync(dirname(LAST_RUN), { recursive: true });
  writeFileSync(LAST_RUN, JSON.stringify(report, (_k, v: unknown) => (v instanceof Map ? { __map: [...v] } : v), 2));
  writeResults(report);
  log(`Wrote ${values.out} (${((Date.now() - startedAt.getTime()) / 1000).toFixed(0)} s).`);
}

if (values.render) {
  const report = JSON.parse(readFileSync(LAST_RUN, 'utf8'), (_k, v: { __map?: unknown[] } | unknown) =>
    v && typeof v === 'object' && '__map' in v ? new Map((v as { __map: Array<[string, unknown]> }).__map) : v,
  ) as BenchReport;
  writeResults(report);
  log(`Re-rendered ${values.out} from ${LAST_RUN} (measured ${report.startedAt}).`);
  process.exit(0);
}

main().catch(async (error: unknown) => {
  console.error(error);
  await stopAll();
  process.exit(1);
});
