import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CACHE_IMMUTABLE, CACHE_NONE, CACHE_PRIVATE, cacheRevalidate } from '../../api/http/lookup-responses.js';
import { TRUSTED_DOCUMENTS, trustedDocumentNamed } from '../../api/http/trusted-documents.js';
import { buildDemoPlan } from '../../seed/demo-plan.js';
import { gql, startTestApi, type TestApi } from './support/api.js';
import { expectOk } from './support/contributions.js';
import { testGraph } from './support/graph.js';
import { getPersisted } from './support/persisted.js';

// Lookups over GET (docs/architecture.md#lookups-over-get), on the real server and Neo4j: trusted documents by hash,
// strong ETags, 304 without running the query, Cache-Control by what the answer is addressed to; CSRF prevention and
// "no mutations over GET" unchanged; POST unchanged.
const ADMIN = 'test-admin-key-persisted';
const TTL_MS = 45_000;
const plan = buildDemoPlan();
let api: TestApi;
const provenance = trustedDocumentNamed('OutputProvenance');
const outputId = `Output:${plan.outputs[0]!.id}`;

async function metric(name: string, labels = ''): Promise<number> {
  const text = await (await fetch(`${api.baseUrl}/metrics`)).text();
  const escaped = labels.replace(/[{}]/g, (c) => `\\${c}`);
  return Number(new RegExp(`^${name}${escaped} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
}
const neo4jReads = () => Promise.all([metric('strata_neo4j_call_duration_seconds_count', '{kind="read",outcome="ok"}'), metric('strata_neo4j_call_duration_seconds_count', '{kind="readTx",outcome="ok"}')]).then(([a, b]) => (a || 0) + (b || 0));
const responseHits = () => metric('strata_lookup_response_cache_lookups_total', '{result="hit"}');

beforeAll(async () => {
  api = await startTestApi({ adminKey: ADMIN, config: { provenanceCache: { max: 100, ttlMs: TTL_MS } } });
}, 120_000);
afterAll(async () => {
  await api.stop();
});

describe('GET with a trusted document', () => {
  it('answers the lookup as POST does, with a strong ETag and a short public max-age that must be revalidated', async () => {
    const response = await getPersisted(api.url, 'OutputProvenance', { id: outputId });
    expect(response.status).toBe(200);
    const body = await response.text();
    const posted = expectOk(await gql(api.url, provenance.document, { id: outputId }));
    expect(JSON.parse(body).data).toEqual(posted);
    expect(posted.output.attribution.datanets.length).toBeGreaterThan(0);
    expect(response.headers.get('cache-control')).toBe(cacheRevalidate(TTL_MS / 1000));
    const etag = response.headers.get('etag');
    // Strong (no W/), and the SHA-256 of the very body sent.
    expect(etag).toBe(`"${createHash('sha256').update(body).digest('base64url')}"`);
  });

  it('the ETag is stable across calls; a repeat is answered from memory without Neo4j; If-None-Match gives 304 without running the query', async () => {
    const first = await getPersisted(api.url, 'OutputProvenance', { id: outputId });
    const firstBody = await first.text();
    const reads = await neo4jReads();
    const hits = await responseHits();
    const second = await getPersisted(api.url, 'OutputProvenance', { id: outputId });
    expect(await second.text()).toBe(firstBody);
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
    const notModified = await getPersisted(api.url, 'OutputProvenance', { id: outputId }, { 'if-none-match': first.headers.get('etag')! });
    expect(notModified.status).toBe(304);
    expect(await notModified.text()).toBe('');
    expect(notModified.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(notModified.headers.get('cache-control')).toBe(cacheRevalidate(TTL_MS / 1000));
    expect(await responseHits()).toBe(hits + 2);
    expect(await neo4jReads()).toBe(reads);
    // Another ETag is not a match: the whole answer.
    const changed = await getPersisted(api.url, 'OutputProvenance', { id: outputId }, { 'if-none-match': '"something-else"' });
    expect(changed.status).toBe(200);
    expect(await changed.text()).toBe(firstBody);
  });

  it('variables in another key order are the same lookup', async () => {
    const a = await getPersisted(api.url, 'OutputProvenanceByContentHash', { contentHash: plan.outputs[1]!.contentHash });
    const b = await getPersisted(api.url, 'OutputProvenanceByContentHash', { contentHash: plan.outputs[1]!.contentHash });
    expect(a.status).toBe(200);
    expect(JSON.parse(await a.text()).data.outputByContent.id).toBe(`Output:${plan.outputs[1]!.id}`);
    expect(b.headers.get('etag')).toBe(a.headers.get('etag'));
  });

  it('a log entry by index is immutable; past the end of the log it is not cacheable', async () => {
    const entry = await getPersisted(api.url, 'LogEntryAt', { index: '0' });
    expect(entry.status).toBe(200);
    const data = JSON.parse(await entry.text()).data.logEntry;
    const stored = await testGraph().read<{ leafHash: string }>('MATCH (e:LogEntry {index: 0}) RETURN e.leafHash AS leafHash');
    expect(data.leafHash).toBe(stored[0]!.leafHash);
    expect(entry.headers.get('cache-control')).toBe(CACHE_IMMUTABLE);
    expect(entry.headers.get('etag')).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    const missing = await getPersisted(api.url, 'LogEntryAt', { index: '999999' });
    expect(JSON.parse(await missing.text()).data.logEntry).toBeNull();
    expect(missing.headers.get('cache-control')).toBe(CACHE_NONE);
  });

  it('not found, errors and keyed requests are never publicly cacheable', async () => {
    const unknown = await getPersisted(api.url, 'OutputProvenance', { id: 'Output:out_nope' });
    expect(JSON.parse(await unknown.text()).data.output).toBeNull();
    expect(unknown.headers.get('cache-control')).toBe(CACHE_NONE);
    const hits = await responseHits();
    await (await getPersisted(api.url, 'OutputProvenance', { id: 'Output:out_nope' })).text();
    expect(await responseHits()).toBe(hits);

    const wrongType = await getPersisted(api.url, 'OutputProvenance', { id: 'Datanet:dn_x' });
    const body = JSON.parse(await wrongType.text());
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(wrongType.headers.get('cache-control')).toBe(CACHE_NONE);

    const keyed = await getPersisted(api.url, 'OutputProvenance', { id: outputId }, { authorization: `Bearer ${ADMIN}` });
    expect(keyed.status).toBe(200);
    expect(JSON.parse(await keyed.text()).data.output.id).toBe(outputId);
    expect(keyed.headers.get('cache-control')).toBe(CACHE_PRIVATE);
    expect(keyed.headers.get('etag') ?? '').not.toMatch(/^"/);
  });

  it('lists the trusted documents with their hashes', async () => {
    const listed = (await (await fetch(`${api.url}/trusted-documents`)).json()) as Array<{ name: string; sha256Hash: string; document: string; cache: string }>;
    expect(listed.map((d) => d.name)).toEqual(TRUSTED_DOCUMENTS.map((d) => d.name));
    for (const d of listed) expect(d.sha256Hash).toBe(createHash('sha256').update(d.document).digest('hex'));
  });
});

describe('what GET still refuses', () => {
  it('CSRF prevention: a GET without a preflight header is refused, even for an answer kept in memory', async () => {
    await (await getPersisted(api.url, 'OutputProvenance', { id: outputId })).text();
    const hash = provenance.sha256Hash;
    const search = new URLSearchParams({ variables: JSON.stringify({ id: outputId }), extensions: JSON.stringify({ persistedQuery: { version: 1, sha256Hash: hash } }) });
    const bare = await fetch(`${api.url}?${search}`);
    expect(bare.status).toBe(400);
    expect(await bare.text()).toMatch(/Cross-Site Request Forgery/);
  });

  it('mutations are refused over GET, sent as text or registered by hash', async () => {
    const mutation = 'mutation { createDatanet(input: { name: "get-made", admission: OPEN }) { datanet { id } } }';
    const asText = await fetch(`${api.url}?${new URLSearchParams({ query: mutation })}`, { headers: { 'apollo-require-preflight': 'true', authorization: `Bearer ${ADMIN}` } });
    expect(asText.status).toBe(405);
    expect(await asText.text()).toMatch(/GET requests only support query operations/);
    // Registered by POST (automatic persisted queries), then asked for by hash over GET: still refused.
    const hash = createHash('sha256').update(mutation).digest('hex');
    const extensions = JSON.stringify({ persistedQuery: { version: 1, sha256Hash: hash } });
    const byHash = await fetch(`${api.url}?${new URLSearchParams({ extensions })}`, { headers: { 'apollo-require-preflight': 'true', authorization: `Bearer ${ADMIN}` } });
    expect(await byHash.text()).toMatch(/PERSISTED_QUERY_NOT_FOUND/);
    await fetch(api.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: mutation, extensions: JSON.parse(extensions) }) });
    const registered = await fetch(`${api.url}?${new URLSearchParams({ extensions })}`, { headers: { 'apollo-require-preflight': 'true', authorization: `Bearer ${ADMIN}` } });
    expect(registered.status).toBe(405);
    expect(await testGraph().read('MATCH (d:Datanet {name: "get-made"}) RETURN d')).toEqual([]);
  });

  it('other queries over GET (automatic persisted queries included) are answered but never cached', async () => {
    const query = 'query Other($id: ID!) { output(id: $id) { id } }';
    const hash = createHash('sha256').update(query).digest('hex');
    const search = new URLSearchParams({ query, variables: JSON.stringify({ id: outputId }), extensions: JSON.stringify({ persistedQuery: { version: 1, sha256Hash: hash } }) });
    const registered = await fetch(`${api.url}?${search}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(JSON.parse(await registered.text()).data.output.id).toBe(outputId);
    search.delete('query');
    const byHash = await fetch(`${api.url}?${search}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(JSON.parse(await byHash.text()).data.output.id).toBe(outputId);
    expect(byHash.headers.get('cache-control')).toBe(CACHE_NONE);
  });
});

describe('POST', () => {
  it('is unchanged: executed every time, not cacheable, no strong ETag', async () => {
    const hits = await responseHits();
    for (let i = 0; i < 2; i++) {
      const response = await fetch(api.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: provenance.document, variables: { id: outputId } }) });
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe(CACHE_NONE);
      expect(response.headers.get('etag') ?? '').not.toMatch(/^"/);
      expect(((await response.json()) as any).data.output.id).toBe(outputId);
    }
    expect(await responseHits()).toBe(hits);
  });
});
