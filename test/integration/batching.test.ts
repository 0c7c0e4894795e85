import { afterAll, beforeAll, expect, it } from 'vitest';
import { gql, startTestApi, type TestApi } from './support/api.js';
import { testGraph } from './support/graph.js';

// DataLoader proof, as the Pothos tests do it: count the queries a response costs.
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.stop();
});

it('loads node fields of a whole page with one query per label, not one per row', async () => {
  const graph = testGraph();
  const query = `{ outputs(first: 20) { edges { node { id model { id name baseModel { name } }
    attribution { datanets { datanet { name } share } contributors { contributor { handle } share } records { record { id datanet { name } } } } } } } }`;
  const before = graph.queryCount();
  const { data, errors } = await gql(api.url, query);
  const queries = graph.queryCount() - before;
  expect(errors).toBeUndefined();
  const rows = data.outputs.edges.length;
  expect(rows).toBeGreaterThanOrEqual(6);
  // 1 page + 1 influences + Model + BaseModel + Datanet + Contributor + Record + (Datanet again for records' datanets
  // in a later tick) — a constant, whatever the number of rows.
  expect(queries).toBeLessThanOrEqual(9);
  const naive = rows * 4;
  expect(queries).toBeLessThan(naive);
});

it('a provenance lookup costs three queries: the output, its model, and its influences (which bring their nodes)', async () => {
  const graph = testGraph();
  const query = `{ output(id: "Output:out_output.ip-and-apache-grant") { id model { name version }
    attribution { datanets { datanet { name } share } adapters { adapter { name } share } contributors { contributor { handle } share } } } }`;
  const before = graph.queryCount();
  const { data, errors } = await gql(api.url, query);
  const queries = graph.queryCount() - before;
  expect(errors).toBeUndefined();
  expect(data.output.attribution.datanets.length).toBeGreaterThan(1);
  expect(data.output.attribution.datanets.every((d: any) => typeof d.datanet.name === 'string')).toBe(true);
  expect(queries).toBe(3);
});
