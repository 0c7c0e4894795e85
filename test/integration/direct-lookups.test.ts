import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trustedDocumentNamed } from '../../api/http/trusted-documents.js';
import { buildDemoPlan } from '../../seed/demo-plan.js';
import { startTestApi, type TestApi } from './support/api.js';
import { getPersisted } from './support/persisted.js';

// Trusted lookups answered without Apollo's pipeline (docs/architecture.md#trusted-lookups-without-the-pipeline): the
// same requests to an API with it and to one without it (everything through Apollo) must get the same status, the same
// bytes and the same caching headers; the request metrics must see the same operation and cost. Caches are off in
// both, so every lookup is executed.
const ADMIN = 'test-admin-key-direct';
const plan = buildDemoPlan();
const caches = { provenanceCache: { max: 0, ttlMs: 45_000 } };
let direct: TestApi;
let apollo: TestApi;
const outputId = `Output:${plan.outputs[0]!.id}`;

beforeAll(async () => {
  direct = await startTestApi({ adminKey: ADMIN, config: caches });
  apollo = await startTestApi({ adminKey: ADMIN, config: caches, seed: false, directLookups: false });
}, 120_000);
afterAll(async () => {
  await direct?.stop();
  await apollo?.stop();
});

async function metrics(api: TestApi): Promise<string> {
  return (await fetch(`${api.baseUrl}/metrics`)).text();
}
function metric(text: string, name: string, labels = ''): number {
  const escaped = labels.replace(/[{}]/g, (c) => `\\${c}`);
  return Number(new RegExp(`^${name}${escaped} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
}
const answered = async () => metric(await metrics(direct), 'strata_direct_lookups_total', '{result="answered"}');

type Ask = (url: string) => Promise<Response>;
const post = (body: unknown, headers: Record<string, string> = {}): Ask => (url) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
const getTrusted = (name: string, variables: Record<string, unknown>, headers: Record<string, string> = {}): Ask => (url) => getPersisted(url, name, variables, headers);

/** Both servers' answers to the same request, compared: status, body bytes, content-type, cache-control, ETag. */
async function expectSameAnswer(ask: Ask): Promise<{ status: number; body: string }> {
  const [a, b] = await Promise.all([ask(direct.url), ask(apollo.url)]);
  const [bodyA, bodyB] = await Promise.all([a.text(), b.text()]);
  expect(bodyA).toBe(bodyB);
  expect(a.status).toBe(b.status);
  for (const header of ['content-type', 'cache-control', 'etag', 'content-length']) expect(a.headers.get(header), header).toBe(b.headers.get(header));
  return { status: a.status, body: bodyA };
}

const provenance = trustedDocumentNamed('OutputProvenance');

describe('trusted lookups without the pipeline', () => {
  it('GET and POST of a found output: executed directly, the same bytes and headers as through Apollo', async () => {
    const before = await answered();
    const got = await expectSameAnswer(getTrusted('OutputProvenance', { id: outputId }));
    expect(got.status).toBe(200);
    expect(JSON.parse(got.body).data.output.attribution.datanets.length).toBeGreaterThan(0);
    const posted = await expectSameAnswer(post({ query: provenance.document, variables: { id: outputId } }));
    expect(posted.body).toBe(got.body);
    // Named as it is: still direct.
    await expectSameAnswer(post({ query: provenance.document, variables: { id: outputId }, operationName: 'OutputProvenance' }));
    expect(await answered()).toBe(before + 3);
  });

  it('every output of the demo graph, by id and by content hash, and log entries: byte for byte', async () => {
    for (const output of plan.outputs) {
      await expectSameAnswer(getTrusted('OutputProvenance', { id: `Output:${output.id}` }));
      await expectSameAnswer(getTrusted('OutputProvenanceByContentHash', { contentHash: output.contentHash }));
      await expectSameAnswer(post({ query: trustedDocumentNamed('OutputProvenanceByContentHash').document, variables: { contentHash: output.contentHash } }));
    }
    await expectSameAnswer(getTrusted('OutputProvenanceByWordsHash', { wordsHash: 'f'.repeat(64) }));
    const entry = await expectSameAnswer(getTrusted('LogEntryAt', { index: '0' }));
    expect(JSON.parse(entry.body).data.logEntry.index).toBe('0');
    await expectSameAnswer(getTrusted('LogEntryAt', { index: '999999' }));
  });

  it('not found: a null answer, not cacheable, the same as Apollo', async () => {
    const before = await answered();
    const missing = await expectSameAnswer(getTrusted('OutputProvenance', { id: 'Output:out_does_not_exist' }));
    expect(JSON.parse(missing.body)).toEqual({ data: { output: null } });
    expect(await answered()).toBe(before + 1);
  });

  it('errors are Apollo\'s to answer: a malformed id, missing or mistyped variables', async () => {
    const passedBefore = metric(await metrics(direct), 'strata_direct_lookups_total', '{result="passed"}');
    const bad = await expectSameAnswer(getTrusted('OutputProvenance', { id: 'not-a-global-id' }));
    expect(JSON.parse(bad.body).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const missing = await expectSameAnswer(getTrusted('OutputProvenance', {}));
    expect(missing.status).toBe(400);
    await expectSameAnswer(post({ query: provenance.document, variables: { id: 42 } }));
    await expectSameAnswer(post({ query: provenance.document, variables: 'not an object' }));
    expect(metric(await metrics(direct), 'strata_direct_lookups_total', '{result="passed"}')).toBeGreaterThan(passedBefore);
  });

  it('what it is not sure about goes to Apollo untouched: other Accept values, CSRF, keys, other names, versions, extensions', async () => {
    const before = await answered();
    const negotiated = await expectSameAnswer(getTrusted('OutputProvenance', { id: outputId }, { accept: 'application/graphql-response+json' }));
    expect(negotiated.status).toBe(200);
    await expectSameAnswer(post({ query: provenance.document, variables: { id: outputId } }, { accept: 'application/graphql-response+json' }));
    // No preflight header: CSRF prevention refuses it.
    const csrf = await expectSameAnswer((url) => fetch(`${url}?${new URLSearchParams({ variables: JSON.stringify({ id: outputId }), extensions: JSON.stringify({ persistedQuery: { version: 1, sha256Hash: provenance.sha256Hash } }) })}`));
    expect(csrf.status).toBe(400);
    await expectSameAnswer(post({ query: provenance.document, variables: { id: outputId } }, { authorization: `Bearer ${ADMIN}` }));
    await expectSameAnswer(post({ query: provenance.document, variables: { id: outputId } }, { authorization: 'Bearer wrong-key' }));
    await expectSameAnswer(post({ query: provenance.document, variables: { id: outputId }, operationName: 'SomethingElse' }));
    await expectSameAnswer(post({ query: provenance.document, variables: { id: outputId }, extensions: { persistedQuery: { version: 1, sha256Hash: provenance.sha256Hash } } }));
    await expectSameAnswer((url) => fetch(`${url}?${new URLSearchParams({ variables: JSON.stringify({ id: outputId }), extensions: JSON.stringify({ persistedQuery: { version: 2, sha256Hash: provenance.sha256Hash } }) })}`, { headers: { 'apollo-require-preflight': 'true' } }));
    // A document that is not the trusted text (one space more) is an ordinary query.
    await expectSameAnswer(post({ query: `${provenance.document} `, variables: { id: outputId } }));
    expect(await answered()).toBe(before);
  });

  it('the request metrics see the same operation names and costs either way', async () => {
    const [a0, b0] = await Promise.all([metrics(direct), metrics(apollo)]);
    for (let i = 0; i < 3; i++) await expectSameAnswer(getTrusted('OutputProvenance', { id: outputId }));
    const [a1, b1] = await Promise.all([metrics(direct), metrics(apollo)]);
    const delta = (t0: string, t1: string, name: string, labels = '') => metric(t1, name, labels) - metric(t0, name, labels);
    const requests = '{operation="OutputProvenance",status="200"}';
    expect(delta(a0, a1, 'strata_graphql_requests_total', requests)).toBe(3);
    expect(delta(b0, b1, 'strata_graphql_requests_total', requests)).toBe(3);
    const costA = delta(a0, a1, 'strata_graphql_request_cost_sum');
    expect(costA).toBeGreaterThan(0);
    expect(costA).toBe(delta(b0, b1, 'strata_graphql_request_cost_sum'));
  });
});
