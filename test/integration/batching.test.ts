import { afterAll, beforeAll, expect, it } from 'vitest';
import { gql, startTestApi, type TestApi } from './support/api.js';
import { countingGraph, type CountingGraph } from './support/counting-graph.js';
import { testGraph } from './support/graph.js';

// DataLoader proof, as the Pothos tests do it: count the queries a response costs.
let api: TestApi;
let graph: CountingGraph;
beforeAll(async () => {
  graph = countingGraph(testGraph());
  // Counts the queries the loaders send: the provenance cache would answer repeats without any.
  api = await startTestApi({ graph, config: { provenanceCache: { max: 0, ttlMs: 0 } } });
});
afterAll(async () => {
  await api.stop();
});

it('loads node fields of a whole page with one query per label, not one per row', async () => {
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

const PROVENANCE = `id model { name version }
  attribution { method coverage datanets { datanet { name } share } adapters { adapter { name } share } contributors { contributor { handle } share } }`;
const OUTPUT_ID = 'Output:out_output.ip-and-apache-grant';

async function counted(query: string, variables?: Record<string, unknown>) {
  const before = graph.queryCount();
  const { data, errors } = await gql(api.url, query, variables);
  expect(errors).toBeUndefined();
  return { data, queries: graph.queryCount() - before };
}

it('a provenance lookup by id is one query: the output brings its model, its influences and their nodes', async () => {
  const { data, queries } = await counted(`{ output(id: "${OUTPUT_ID}") { ${PROVENANCE} } }`);
  expect(data.output.attribution.datanets.length).toBeGreaterThan(1);
  expect(data.output.attribution.datanets.every((d: any) => typeof d.datanet.name === 'string')).toBe(true);
  expect(queries).toBe(1);
  // The same answer as the general path (node(id:) loads the output, then its model and influences: three queries).
  const general = await counted(`{ node(id: "${OUTPUT_ID}") { ... on Output { ${PROVENANCE} } } }`);
  expect(general.queries).toBe(3);
  expect(general.data.node).toEqual(data.output);
});

it('the one-query lookup also applies through named fragments, and to outputByContent (the hash seek in the same query)', async () => {
  const byFragment = await counted(`query { output(id: "${OUTPUT_ID}") { ...P } } fragment P on Output { ${PROVENANCE} }`);
  expect(byFragment.queries).toBe(1);
  const { text } = (await counted(`{ output(id: "${OUTPUT_ID}") { text } }`)).data.output;
  const byContent = await counted(`query($text: String!) { outputByContent(text: $text) { ${PROVENANCE} } }`, { text });
  expect(byContent.queries).toBe(1);
  expect(byContent.data.outputByContent).toEqual(byFragment.data.output);
});
