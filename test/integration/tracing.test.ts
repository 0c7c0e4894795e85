import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../api/config.js';
import { createStrataServer, type StrataServer } from '../../api/server.js';
import { seedDemoGraph } from '../../seed/demo-graph.js';
import { gql, TEST_LOG_SEED } from './support/api.js';
import { member } from './support/contributions.js';
import { resetGraph, testGraph } from './support/graph.js';

// Optional OpenTelemetry traces (STRATA_OTLP_TRACES_URL): the API posts its spans to a real OTLP/HTTP receiver (a small
// HTTP server here that keeps what it is sent) — a span per GraphQL operation, a child span per Cypher statement.

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Array<{ key: string; value: { stringValue?: string; intValue?: number | string; arrayValue?: { values: Array<{ stringValue?: string }> } } }>;
  status?: { code?: number };
}
interface Posted {
  path: string;
  contentType: string | undefined;
  resource: Record<string, string>;
  spans: OtlpSpan[];
}

const ADMIN = 'test-admin-key-tracing';
const posted: Posted[] = [];
let receiver: Server;
let strata: StrataServer;
let http: Server;
let url: string;

const attribute = (span: OtlpSpan, key: string) => {
  const value = span.attributes.find((a) => a.key === key)?.value;
  return value?.stringValue ?? (value?.intValue !== undefined ? Number(value.intValue) : value?.arrayValue?.values.map((v) => v.stringValue));
};
const allSpans = () => posted.flatMap((p) => p.spans);
const strataConfig = () => ({
  ...readConfig({ STRATA_OTLP_TRACES_URL: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/v1/traces` }),
  adminKey: ADMIN, attributionIndexFile: null, logSigningKeyFile: null, logLevel: 'silent', env: { STRATA_LOG_SIGNING_KEY: TEST_LOG_SEED },
  rateLimit: { windowMs: 60_000, anonymous: 0, keyed: 0 },
});

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const parsed = JSON.parse(body) as { resourceSpans: Array<{ resource: { attributes: OtlpSpan['attributes'] }; scopeSpans: Array<{ spans: OtlpSpan[] }> }> };
      for (const rs of parsed.resourceSpans) {
        posted.push({
          path: req.url ?? '',
          contentType: req.headers['content-type'],
          resource: Object.fromEntries(rs.resource.attributes.map((a) => [a.key, String(a.value.stringValue)])),
          spans: rs.scopeSpans.flatMap((s) => s.spans),
        });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', () => resolve()));
  await resetGraph();
  await seedDemoGraph(testGraph());
  strata = await createStrataServer(testGraph(), strataConfig());
  http = strata.app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => http.once('listening', () => resolve()));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/graphql`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => http.close(() => resolve()));
  await strata.apollo.stop();
  await strata.tracing?.shutdown();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

describe('OpenTelemetry traces', () => {
  it('a GraphQL operation is a span named after it, with its Cypher statements as child spans, posted as OTLP/HTTP', async () => {
    const res = await gql(url, 'query TracedLookup { outputs(first: 2) { totalCount edges { node { id model { name } } } } }');
    expect(res.errors).toBeUndefined();
    await strata.tracing!.flush();

    const operation = allSpans().find((s) => s.name === 'query TracedLookup')!;
    expect(operation).toBeDefined();
    expect(operation.kind).toBe(2); // SERVER
    expect(attribute(operation, 'graphql.operation.type')).toBe('query');
    expect(attribute(operation, 'graphql.operation.name')).toBe('TracedLookup');
    expect(attribute(operation, 'graphql.document')).toContain('outputs(first: 2)');
    expect(attribute(operation, 'http.response.status_code')).toBe(200);
    expect(attribute(operation, 'strata.request.cost')).toBeGreaterThan(0);

    const cypher = allSpans().filter((s) => s.parentSpanId === operation.spanId && s.name === 'cypher');
    expect(cypher.length).toBeGreaterThan(0);
    for (const span of cypher) {
      expect(span.traceId).toBe(operation.traceId);
      expect(span.kind).toBe(3); // CLIENT
      expect(attribute(span, 'db.system.name')).toBe('neo4j');
      expect(attribute(span, 'db.namespace')).toBe('neo4j');
      expect(String(attribute(span, 'db.query.text'))).toMatch(/MATCH|RETURN/);
    }
    // The outputs page and the models behind it: both statements are there.
    expect(cypher.some((s) => /Output/.test(String(attribute(s, 'db.query.text'))))).toBe(true);

    const batch = posted.find((p) => p.spans.includes(operation))!;
    expect(batch.path).toBe('/v1/traces');
    expect(batch.contentType).toMatch(/^application\/json/);
    expect(batch.resource['service.name']).toBe('strata-api');
  });

  it('a mutation\'s write transaction is a span under the operation, with a span per statement it ran; parameters are never recorded', async () => {
    const handle = `traced-${Date.now()}`;
    const created = await member(url, ADMIN, handle, ['CONTRIBUTOR']);
    await strata.tracing!.flush();
    const operation = allSpans().find((s) => s.name === 'mutation' && String(attribute(s, 'graphql.document')).includes('createContributor') && allSpans().some((c) => c.parentSpanId === s.spanId && c.name === 'neo4j write'))!;
    expect(operation).toBeDefined();
    const transaction = allSpans().find((s) => s.parentSpanId === operation.spanId && s.name === 'neo4j write')!;
    const statements = allSpans().filter((s) => s.parentSpanId === transaction.spanId);
    expect(statements.length).toBeGreaterThan(0);
    expect(statements.every((s) => s.name === 'cypher' && s.traceId === operation.traceId)).toBe(true);
    // Neither the handle nor the key it was given appears in any span.
    const everything = JSON.stringify(posted);
    expect(everything).not.toContain(handle);
    expect(everything).not.toContain(created.key);
  });

  it('joins the caller\'s trace when the request carries a W3C traceparent', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const parent = '00f067aa0ba902b7';
    await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', traceparent: `00-${traceId}-${parent}-01` }, body: JSON.stringify({ query: 'query Joined { datanets(first: 1) { totalCount } }' }) });
    await strata.tracing!.flush();
    const operation = allSpans().find((s) => s.name === 'query Joined')!;
    expect(operation.traceId).toBe(traceId);
    expect(operation.parentSpanId).toBe(parent);
    expect(allSpans().some((s) => s.parentSpanId === operation.spanId && s.name === 'cypher')).toBe(true);
  });

  it('a store outage marks the Cypher span and the operation as errors, with the code the client got', async () => {
    const real = testGraph();
    const down = { ...real, read: () => Promise.reject(Object.assign(new Error('Neo4j is not there'), { code: 'ServiceUnavailable' })) };
    const config = { ...strataConfig(), production: true };
    const broken = await createStrataServer(down, config);
    const server = broken.app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const res = await gql(`http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, 'query DuringOutage { datanets(first: 1) { totalCount } }');
    expect(res.errors?.[0]?.extensions?.code).toBe('GRAPH_STORE_UNAVAILABLE');
    await broken.tracing!.flush();
    const operation = allSpans().find((s) => s.name === 'query DuringOutage')!;
    expect(operation.status?.code).toBe(2); // ERROR
    expect(attribute(operation, 'strata.error_codes')).toEqual(['GRAPH_STORE_UNAVAILABLE']);
    const failed = allSpans().filter((s) => s.parentSpanId === operation.spanId && s.name === 'cypher');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((s) => s.status?.code === 2)).toBe(true);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await broken.apollo.stop();
    await broken.tracing!.shutdown();
  });

  it('off by default: without STRATA_OTLP_TRACES_URL nothing is built, wrapped or mounted', async () => {
    const config = { ...readConfig({}), attributionIndexFile: null, logSigningKeyFile: null, logLevel: 'silent', env: { STRATA_LOG_SIGNING_KEY: TEST_LOG_SEED } };
    expect(config.otlpTracesUrl).toBeUndefined();
    const plain = await createStrataServer(testGraph(), config);
    expect(plain.tracing).toBeUndefined();
    await plain.apollo.stop();
  });
});
