import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../api/config.js';
import { createStrataServer } from '../../api/server.js';
import { drainHttp } from '../../api/http/drain.js';
import type { GraphStore } from '../../api/store/graph-store.js';
import { seedDemoGraph } from '../../seed/demo-graph.js';
import { gql, TEST_LOG_SEED } from './support/api.js';
import { resetGraph, testGraph } from './support/graph.js';

// Request logs (one JSON line per request; unexpected errors with their stack), Prometheus metrics, and a shutdown that
// lets requests under way finish.
const lines: Array<Record<string, any>> = [];
const destination = new Writable({
  write(chunk, _encoding, done) {
    for (const line of String(chunk).split('\n')) if (line.trim()) lines.push(JSON.parse(line));
    done();
  },
});
let failReads = false;
let baseUrl: string;
let http: Server;
let stopApollo: () => Promise<void>;

async function listen(app: import('express').Express): Promise<{ server: Server; url: string }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

beforeAll(async () => {
  await resetGraph();
  await seedDemoGraph(testGraph());
  const real = testGraph();
  // A store whose reads can be made to fail with an error nobody planned for (not an outage, not a typed error).
  const graph: GraphStore = { ...real, read: (cypher, params) => (failReads ? Promise.reject(new Error('disk on fire')) : real.read(cypher, params)) };
  const config = { ...readConfig({}), production: true, logLevel: 'info', attributionIndexFile: null, logSigningKeyFile: null, env: { STRATA_LOG_SIGNING_KEY: TEST_LOG_SEED } };
  const { app, apollo } = await createStrataServer(graph, config, { logDestination: destination });
  ({ server: http, url: baseUrl } = await listen(app));
  stopApollo = () => apollo.stop();
});
afterAll(async () => {
  await new Promise<void>((resolve) => http.close(() => resolve()));
  await stopApollo();
});

describe('request logs', () => {
  it('one JSON line per request: id, status, duration, operation name, cost, error codes; no headers', async () => {
    const before = lines.length;
    const res = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'req-log-1', authorization: 'Bearer strata_secret-never-logged' },
      body: JSON.stringify({ query: 'query Lookup { outputs(first: 2) { totalCount } }' }),
    });
    expect(res.headers.get('x-request-id')).toBe('req-log-1');
    await res.arrayBuffer();
    await gql(`${baseUrl}/graphql`, '{ nope }');
    const mine = lines.slice(before);
    expect(mine).toHaveLength(2);
    const [lookup, invalid] = mine;
    expect(lookup).toMatchObject({ level: 30, msg: 'request answered', req: { id: 'req-log-1', method: 'POST', url: '/graphql' }, res: { statusCode: 401 } });
    // The unknown key was refused before any operation ran; a good request logs its operation and cost:
    const ok = await fetch(`${baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: 'query Lookup { outputs(first: 2) { totalCount } }' }) });
    await ok.arrayBuffer();
    const answered = lines.at(-1)!;
    expect(answered).toMatchObject({ operation: 'Lookup', res: { statusCode: 200 }, errorCodes: [] });
    expect(answered.cost).toBeGreaterThan(0);
    expect(typeof answered.durationMs).toBe('number');
    expect(invalid).toMatchObject({ res: { statusCode: 400 }, errorCodes: ['GRAPHQL_VALIDATION_FAILED'] });
    expect(JSON.stringify(lines)).not.toContain('strata_secret-never-logged');
  });

  it('an unexpected error is masked for the client and logged with its stack', async () => {
    failReads = true;
    try {
      const res = await gql(`${baseUrl}/graphql`, '{ outputs(first: 1) { totalCount } }');
      expect(res.errors?.[0]).toMatchObject({ message: 'Internal server error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      expect(JSON.stringify(res)).not.toContain('disk on fire');
    } finally {
      failReads = false;
    }
    const logged = lines.find((l) => l.err?.message === 'disk on fire');
    expect(logged).toMatchObject({ level: 50, msg: 'unexpected error (masked for clients in production)' });
    expect(logged!.err.stack).toMatch(/Error: disk on fire\n\s+at /);
    expect(lines.at(-1)).toMatchObject({ errorCodes: ['INTERNAL_SERVER_ERROR'] });
  });
});

describe('metrics', () => {
  it('/metrics counts requests by operation and status, errors by code, Neo4j calls, and the trace index size', async () => {
    await gql(`${baseUrl}/graphql`, 'query($t: String!) { traceText(text: $t) { attribution { coverage } } }', { t: 'any text to trace' });
    const res = await fetch(`${baseUrl}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    const value = (series: string) => Number(new RegExp(`^${series.replace(/[{}()[\]]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1]);
    expect(value('strata_graphql_requests_total{operation="Lookup",status="200"}')).toBe(1);
    expect(value('strata_graphql_requests_total{operation="anonymous",status="400"}')).toBe(1);
    expect(value('strata_graphql_errors_total{code="GRAPHQL_VALIDATION_FAILED"}')).toBe(1);
    expect(value('strata_graphql_errors_total{code="INTERNAL_SERVER_ERROR"}')).toBe(1);
    expect(value('strata_neo4j_call_duration_seconds_count{kind="read",outcome="ok"}')).toBeGreaterThan(0);
    expect(value('strata_neo4j_call_duration_seconds_count{kind="read",outcome="error"}')).toBe(1);
    expect(value('strata_neo4j_calls_in_flight')).toBe(0);
    const indexed = await testGraph().read<{ n: unknown }>("MATCH (r:Record {status: 'ACCEPTED'}) RETURN count(r) AS n");
    expect(value('strata_trace_index_records')).toBe(Number(indexed[0]!.n));
    expect(text).toMatch(/^strata_graphql_request_duration_seconds_bucket\{le="0.1",operation="Lookup"\} \d+$/m);
    expect(text).toMatch(/^strata_nodejs_eventloop_lag_seconds /m);
  });
});

describe('graceful shutdown', () => {
  async function slowServer(ms: number) {
    const { app } = await createStrataServer(testGraph(), { ...readConfig({}), logLevel: 'silent', attributionIndexFile: null, logSigningKeyFile: null, env: { STRATA_LOG_SIGNING_KEY: TEST_LOG_SEED } });
    app.get('/slow', async (_req, res) => {
      await new Promise((resolve) => setTimeout(resolve, ms));
      res.json({ done: true });
    });
    return listen(app);
  }

  it('a request under way finishes; new connections are refused; nothing is cut', async () => {
    const { server, url } = await slowServer(400);
    const slow = fetch(`${url}/slow`).then(async (r) => ({ status: r.status, body: await r.json() }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const drained = drainHttp(server, 3_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    expect(await slow).toEqual({ status: 200, body: { done: true } });
    expect(await drained).toEqual({ cut: 0 });
  });

  it('a request still running at the deadline is cut, and the drain ends at the deadline', async () => {
    const { server, url } = await slowServer(5_000);
    const slow = fetch(`${url}/slow`).then(() => 'answered', () => 'cut');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    expect(await drainHttp(server, 300)).toEqual({ cut: 1 });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await slow).toBe('cut');
  });
});
