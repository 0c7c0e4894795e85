import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../api/config.js';
import { gql, startTestApi, type TestApi } from './support/api.js';
import { expectOk, M, passage } from './support/contributions.js';

// Every request is bounded before it runs: aliases (`__typename` too), tokens, a cost that grows with text length
// and list arguments, made-up ids in list arguments, and the size of the response.
const ADMIN = 'test-admin-key-bounds';
const limits = readConfig({}).limits;
let api: TestApi;
let modelId: string;
const datanets: string[] = [];

const post = (query: string, variables: Record<string, unknown> = {}) =>
  fetch(api.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });

beforeAll(async () => {
  api = await startTestApi({ adminKey: ADMIN });
  modelId = expectOk(await gql(api.url, '{ models(first: 1) { edges { node { id } } } }')).models.edges[0].node.id;
  for (let i = 0; i < 15; i++) {
    datanets.push(expectOk(await gql(api.url, M.createDatanet, { input: { name: `Bounds ${i}`, admission: 'OPEN' } }, ADMIN)).createDatanet.datanet.id);
  }
});
afterAll(async () => {
  await api.stop();
});

describe('aliases and tokens', () => {
  it('counts top-level __typename aliases: one over the limit is refused with a code, the limit itself runs', async () => {
    const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: __typename`).join(' ')} }`;
    const at = expectOk(await gql(api.url, aliases(limits.maxAliases)));
    expect(Object.keys(at)).toHaveLength(limits.maxAliases);
    const over = await post(aliases(limits.maxAliases + 1));
    expect(over.status).toBe(400);
    const body = (await over.json()) as { data?: unknown; errors: Array<{ message: string; extensions: { code: string } }> };
    expect(body.data).toBeUndefined();
    expect(body.errors[0]!.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(body.errors[0]!.message).toMatch(/Aliases limit of 30 exceeded, found 31/);
  });

  it('refuses 2,840 top-level __typename aliases while parsing (token limit), before validating anything', async () => {
    const res = await post(`{ ${Array.from({ length: 2840 }, (_, i) => `a${i}: __typename`).join(' ')} }`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
    expect(body.errors[0]!.extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(body.errors[0]!.message).toMatch(/more th\w+ 3000 tokens/);
  });

  it('variables that do not fit their types are BAD_USER_INPUT (the cost needs their values), not an internal error', async () => {
    const res = await post('query($t: String!) { traceText(text: $t) { spans { text } } }', { t: null });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
    expect(body.errors[0]!.extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0]!.message).toMatch(/\$t/);
  });

  it('aliases inside fragments count too', async () => {
    const fields = Array.from({ length: 31 }, (_, i) => `n${i}: name`).join(' ');
    const res = await gql(api.url, `{ models(first: 1) { edges { node { ...F } } } } fragment F on Model { ${fields} }`);
    expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('cost grows with what a field does', () => {
  const trace = `query($text: String!) { traceText(text: $text) { attribution { coverage } } }`;
  const traces = (n: number) => `query($text: String!) { ${Array.from({ length: n }, (_, i) => `t${i}: traceText(text: $text) { attribution { coverage } }`).join(' ')} }`;
  const long = passage('long-trace', 7_000).slice(0, 60_000);

  it('one 60 KB traceText runs; six of them in one request are refused before any runs, with the cost', async () => {
    expectOk(await gql(api.url, trace, { text: long }));
    const res = await post(traces(6), { text: long });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { data?: unknown; errors: Array<{ message: string; extensions: { code: string; cost: number } }> };
    expect(body.data).toBeUndefined();
    expect(body.errors[0]!.extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0]!.extensions.cost).toBeGreaterThan(limits.maxCost);
    expect(body.errors[0]!.message).toMatch(/cost \(\d+\) is over this server's limit of 20000/);
  });

  it('recordOutput costs like traceText: twelve 30 KB outputs in one request are refused by cost before any runs', async () => {
    const records = (n: number) =>
      `mutation($m: ID!, $text: String!) { ${Array.from({ length: n }, (_, i) => `r${i}: recordOutput(input: {modelId: $m, text: $text}) { output { id } }`).join(' ')} }`;
    const text = long.slice(0, 30_000);
    const refused = await gql(api.url, records(12), { m: modelId, text });
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(refused.errors?.[0]?.message).toMatch(/cost \(\d+\) is over this server's limit/);
    // The same document with a short text passes the cost check and reaches the auth check (anonymous: refused there).
    const cheap = await gql(api.url, records(12), { m: modelId, text: 'a short output' });
    expect(cheap.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('the cost is computed with each request\'s variables: the same document with a short text runs', async () => {
    const short = expectOk(await gql(api.url, traces(5), { text: 'a short text to trace' }));
    expect(Object.keys(short)).toHaveLength(5);
    expect((await gql(api.url, traces(6), { text: long })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('coalitionsToScore over 15 real datanets runs once; three aliases of it are refused by cost', async () => {
    const plan = (n: number) => `query($m: ID!, $ids: [ID!]!) { model(id: $m) { ${Array.from({ length: n }, (_, i) => `p${i}: coalitionsToScore(datanetIds: $ids) { method coalitions { datanetIds } }`).join(' ')} } }`;
    const one = expectOk(await gql(api.url, plan(1), { m: modelId, ids: datanets }));
    expect(one.model.p0.coalitions).toHaveLength(2 ** 15 - 1);
    const three = await gql(api.url, plan(3), { m: modelId, ids: datanets });
    expect(three.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(three.errors?.[0]?.message).toMatch(/cost/);
  });

  it('coalitionsToScore refuses datanet ids that name nothing, saying which', async () => {
    const ids = [datanets[0], 'Datanet:made-up-1', 'Datanet:made-up-2'];
    const res = await gql(api.url, `query($m: ID!, $ids: [ID!]!) { model(id: $m) { coalitionsToScore(datanetIds: $ids) { coalitions { datanetIds } } } }`, { m: modelId, ids });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'datanetIds.1' });
    expect(res.errors?.[0]?.message).toBe('No datanet Datanet:made-up-1.');
  });
});

describe('response size', () => {
  it('a response over the cap is not sent: the client hears BAD_USER_INPUT with the size', async () => {
    const small = await startTestApi({ seed: false, config: { limits: { ...limits, maxResponseBytes: 4096 } } });
    try {
      const query = `query($m: ID!, $ids: [ID!]!) { model(id: $m) { coalitionsToScore(datanetIds: $ids) { coalitions { datanetIds } } } }`;
      const res = await fetch(small.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables: { m: modelId, ids: datanets.slice(0, 8) } }) });
      expect(res.status).toBe(400);
      const body = (await res.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
      expect(body.errors[0]!.extensions.code).toBe('BAD_USER_INPUT');
      expect(body.errors[0]!.message).toMatch(/The response would be \d+ bytes, over this server's limit of 4096/);
      // Small answers pass.
      expect(expectOk(await gql(small.url, '{ __typename }'))).toEqual({ __typename: 'Query' });
    } finally {
      await small.stop();
    }
  });
});
