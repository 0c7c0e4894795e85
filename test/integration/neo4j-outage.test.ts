import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGraphStore, type GraphStore } from '../../api/store/graph-store.js';
import { startThrowawayNeo4j } from '../../tools/neo4j-local/throwaway-neo4j.js';
import type { LocalNeo4j } from '../../tools/neo4j-local/local-neo4j.js';
import { gql, startTestApi, type TestApi } from './support/api.js';
import { resetGraph } from './support/graph.js';
import { seedDemoGraph } from '../../seed/demo-graph.js';

// Neo4j frozen (SIGSTOP) and killed (SIGKILL) under a running API: readiness and reads fail fast with a code, tracing
// (which needs no database once its index is built) keeps answering, a supervised local Neo4j is restarted and the API
// recovers without a restart, and stopping a Neo4j that was killed does not wait. This file freezes and kills a Neo4j
// of its own, never the run's shared one.
let neo4j: LocalNeo4j;
let graph: GraphStore;
let api: TestApi;
const restarts: string[] = [];

const READ = '{ outputs(first: 1) { totalCount } }';
const TRACE = 'query($t: String!) { traceText(text: $t) { attribution { coverage } } }';
let traceText: string;

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: Math.round(performance.now() - started) };
}
const readyz = () => timed(async () => (await fetch(`${api.baseUrl}/readyz`)).status);
const read = () => timed(() => gql(api.url, READ));
const trace = () => timed(() => gql(api.url, TRACE, { t: traceText }));

async function until(what: string, check: () => Promise<boolean>, ms: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < ms) {
    if (await check()) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${what} did not happen within ${ms} ms`);
}
const pidOf = () => {
  const pid = neo4j.pid();
  if (pid === undefined) throw new Error('the outage test needs a Neo4j it started itself');
  return pid;
};

beforeAll(async () => {
  neo4j = await startThrowawayNeo4j('outage', { supervise: true, startTimeoutMs: 400_000, log: (line) => (line.includes('restart') || line.includes('running again') ? restarts.push(line) : undefined) });
  // Seeded through a store with generous deadlines (a fresh JVM on a busy machine is slow to take its first writes);
  // the API runs with the production deadlines under test.
  const seeding = createGraphStore({ uri: neo4j.uri, database: 'neo4j', readTimeoutMs: 60_000, writeTimeoutMs: 300_000 });
  await resetGraph(seeding);
  await seedDemoGraph(seeding);
  await seeding.close();
  graph = createGraphStore({ uri: neo4j.uri, database: 'neo4j' });
  api = await startTestApi({ graph, seed: false });
  // A text quoting a seeded record, traced once so the index is built while Neo4j answers.
  const seeded = await gql(api.url, '{ outputs(first: 1) { edges { node { text } } } }');
  traceText = seeded.data.outputs.edges[0].node.text;
  expect((await trace()).value.errors).toBeUndefined();
  // A second JVM starting on a busy machine is slow.
}, 420_000);
afterAll(async () => {
  try {
    process.kill(pidOf(), 'SIGCONT');
  } catch {
    // already gone
  }
  await api?.stop();
  await graph?.close();
  await neo4j?.stop();
});

describe('Neo4j frozen (SIGSTOP)', () => {
  it('/readyz is 503 within its deadline, reads fail with GRAPH_STORE_UNAVAILABLE, traceText answers; all is well after SIGCONT', async () => {
    process.kill(pidOf(), 'SIGSTOP');
    try {
      const ready = await readyz();
      const failed = await read();
      const traced = await trace();
      console.log(`[frozen] readyz ${ready.value} in ${ready.ms} ms; read ${failed.value.errors?.[0]?.extensions?.code} in ${failed.ms} ms; traceText ${traced.value.errors ? 'failed' : 'answered'} in ${traced.ms} ms`);
      expect(ready.value).toBe(503);
      expect(ready.ms).toBeLessThan(3_000);
      expect(failed.value.errors?.[0]?.extensions?.code).toBe('GRAPH_STORE_UNAVAILABLE');
      expect(failed.ms).toBeLessThan(5_000);
      expect(traced.value.errors).toBeUndefined();
      expect(traced.value.data.traceText.attribution.coverage).toBeGreaterThan(0);
    } finally {
      process.kill(pidOf(), 'SIGCONT');
    }
    const back = await until('readiness after SIGCONT', async () => (await readyz()).value === 200, 30_000);
    console.log(`[frozen] ready again ${back} ms after SIGCONT`);
    expect((await read()).value.errors).toBeUndefined();
  });
});

describe('Neo4j killed (SIGKILL)', () => {
  it('reads fail fast, traceText answers, the supervisor restarts Neo4j and the same API recovers', async () => {
    const killed = pidOf();
    process.kill(killed, 'SIGKILL');
    await until('the JVM to be gone', async () => neo4j.pid() !== killed || !alive(killed), 10_000);
    const ready = await readyz();
    const failed = await read();
    const traced = await trace();
    console.log(`[killed] readyz ${ready.value} in ${ready.ms} ms; read ${failed.value.errors?.[0]?.extensions?.code} in ${failed.ms} ms; traceText ${traced.value.errors ? 'failed' : 'answered'} in ${traced.ms} ms`);
    expect(ready.value).toBe(503);
    expect(ready.ms).toBeLessThan(3_000);
    expect(failed.value.errors?.[0]?.extensions?.code).toBe('GRAPH_STORE_UNAVAILABLE');
    expect(failed.ms).toBeLessThan(5_000);
    expect(traced.value.errors).toBeUndefined();
    const recovered = await until('the API to be ready again', async () => (await readyz()).value === 200, 180_000);
    console.log(`[killed] ready again ${recovered} ms after the kill (restart by the supervisor; no API restart)`);
    expect(neo4j.pid()).not.toBe(killed);
    expect(restarts.some((line) => /stopped on its own \(SIGKILL\); restarting it in 1 s/.test(line))).toBe(true);
    expect(restarts.some((line) => /running again/.test(line))).toBe(true);
    // A JVM that just started is cold: its first queries may still miss the read deadline on a busy machine.
    let firstError: unknown = null;
    const reading = await until('a read to succeed', async () => {
      const after = await read();
      if (after.value.errors) firstError ??= after.value.errors;
      return after.value.data?.outputs.totalCount > 0;
    }, 30_000);
    console.log(`[killed] reads answer again ${reading} ms after readiness${firstError ? ` (first: ${JSON.stringify(firstError)})` : ''}`);
  }, 240_000);

  it('stopping a Neo4j whose JVM was killed returns at once, and nothing restarts it afterwards', async () => {
    const killed = pidOf();
    process.kill(killed, 'SIGKILL');
    await until('the JVM to be gone', async () => !alive(killed), 10_000);
    const stopped = await timed(() => neo4j.stop());
    console.log(`[killed] stop() of the killed Neo4j took ${stopped.ms} ms`);
    expect(stopped.ms).toBeLessThan(5_000);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(neo4j.pid()).toBe(killed);
  });
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
