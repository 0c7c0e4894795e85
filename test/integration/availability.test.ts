import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readConfig } from '../../api/config.js';
import { createGraphStore, type GraphStore } from '../../api/store/graph-store.js';
import { createStrataServer } from '../../api/server.js';
import { gql } from './support/api.js';

// The API in front of a Neo4j that is not there: liveness stays up, readiness and GraphQL say the store is down.
let baseUrl: string;
let close: () => Promise<void>;
let graph: GraphStore;

beforeAll(async () => {
  graph = createGraphStore({ uri: 'bolt://127.0.0.1:1', database: 'neo4j', maxRetryMs: 500 });
  const { app, apollo } = await createStrataServer(graph, { ...readConfig({}), production: true, logLevel: 'silent' });
  const http = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => http.once('listening', () => resolve()));
  baseUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  close = async () => {
    await new Promise<void>((resolve) => http.close(() => resolve()));
    await apollo.stop();
    await graph.close();
  };
});
afterAll(() => close());

it('/healthz answers without the database; /readyz is 503', async () => {
  expect((await fetch(`${baseUrl}/healthz`)).status).toBe(200);
  const ready = await fetch(`${baseUrl}/readyz`);
  expect(ready.status).toBe(503);
  expect(await ready.json()).toMatchObject({ status: 'unavailable' });
});

it('GraphQL errors say the graph store is unavailable, with a code and no stack trace', async () => {
  const { data, errors } = await gql(`${baseUrl}/graphql`, '{ outputs(first: 1) { totalCount } }');
  expect(data ?? null).toBeNull();
  expect(errors?.[0]).toMatchObject({ extensions: { code: 'GRAPH_STORE_UNAVAILABLE' } });
  expect(errors?.[0]?.message).toMatch(/graph store \(Neo4j\) is unavailable/);
  expect(JSON.stringify(errors)).not.toMatch(/stacktrace|at \w+ \(/);
});
