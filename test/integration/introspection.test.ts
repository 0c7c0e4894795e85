import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../api/config.js';
import { gql, startTestApi, type TestApi } from './support/api.js';

// Introspection by configuration: on by default (the schema is published as schema/schema.graphql anyway),
// STRATA_INTROSPECTION=off refuses `__schema` and `__type` while `__typename` and ordinary queries still run.
let on: TestApi;
let off: TestApi;

beforeAll(async () => {
  on = await startTestApi({ production: true });
  off = await startTestApi({ seed: false, production: true, config: { introspection: readConfig({ STRATA_INTROSPECTION: 'off' }).introspection } });
});
afterAll(async () => {
  await on.stop();
  await off.stop();
});

const SCHEMA = '{ __schema { queryType { name } } }';
const TYPE = '{ __type(name: "Output") { fields { name } } }';

describe('introspection', () => {
  it('is answered by default, in production too', async () => {
    expect(readConfig({}).introspection).toBe(true);
    expect((await gql(on.url, SCHEMA)).data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    const type = await gql<{ __type: { fields: Array<{ name: string }> } }>(on.url, TYPE);
    expect(type.data!.__type.fields.map((f) => f.name)).toContain('contentHash');
  });

  it('STRATA_INTROSPECTION=off refuses __schema and __type with GRAPHQL_VALIDATION_FAILED, before anything runs', async () => {
    for (const query of [SCHEMA, TYPE]) {
      const res = await fetch(off.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
      expect(res.status).toBe(400);
      const body = (await res.json()) as { data?: unknown; errors: Array<{ message: string; extensions: { code: string } }> };
      expect(body.data).toBeUndefined();
      expect(body.errors[0]!.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(body.errors[0]!.message).toMatch(/introspection/i);
    }
  });

  it('with it off, __typename and ordinary queries still run', async () => {
    expect((await gql(off.url, '{ __typename }')).data).toEqual({ __typename: 'Query' });
    const res = await gql(off.url, '{ datanets(first: 1) { totalCount } }');
    expect(res.errors).toBeUndefined();
  });
});
