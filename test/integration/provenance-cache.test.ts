import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoPlan } from '../../seed/demo-plan.js';
import { gql, startTestApi, type TestApi } from './support/api.js';
import { expectOk } from './support/contributions.js';
import { testGraph } from './support/graph.js';

// Provenance lookups from memory (docs/architecture.md#lookups-from-memory): the second lookup of an output is
// answered without Neo4j, gives the same answer, and the hit rate is on /metrics.
const plan = buildDemoPlan();
let api: TestApi;
const LOOKUP = `query($id: ID!) { output(id: $id) { id contentHash model { id name version }
  attribution { method coverage datanets { share datanet { id name admission } } contributors { share contributor { id handle } } } } }`;

/** The metrics' provenance-cache samples: hits, misses. */
async function cacheCounts(): Promise<{ hits: number; misses: number }> {
  const text = await (await fetch(`${api.baseUrl}/metrics`)).text();
  const sample = (result: string) => Number(new RegExp(`^strata_provenance_cache_lookups_total\\{result="${result}"\\} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
  return { hits: sample('hit'), misses: sample('miss') };
}

beforeAll(async () => {
  api = await startTestApi({ config: { provenanceCache: { max: 3, ttlMs: 60_000 } } });
}, 120_000);
afterAll(async () => {
  await api.stop();
});

describe('provenance lookups from memory', () => {
  it('a repeated lookup is a hit with the same answer; the rate is on /metrics; the cache stays bounded', async () => {
    const ids = plan.outputs.slice(0, 4).map((o) => `Output:${o.id}`);
    const before = await cacheCounts();
    const first = expectOk(await gql(api.url, LOOKUP, { id: ids[0] })).output;
    expect(first.attribution.datanets.length).toBeGreaterThan(0);
    const again = expectOk(await gql(api.url, LOOKUP, { id: ids[0] })).output;
    expect(again).toEqual(first);
    let after = await cacheCounts();
    expect([after.hits - before.hits, after.misses - before.misses]).toEqual([1, 1]);

    // Bounded: three more outputs push the first out (max 3), so it is a miss again.
    for (const id of ids.slice(1)) expectOk(await gql(api.url, LOOKUP, { id }));
    expectOk(await gql(api.url, LOOKUP, { id: ids[0] }));
    after = await cacheCounts();
    expect([after.hits - before.hits, after.misses - before.misses]).toEqual([1, 5]);
    const text = await (await fetch(`${api.baseUrl}/metrics`)).text();
    expect(text).toMatch(/^strata_provenance_cache_entries 3$/m);
    expect(text).toMatch(/^strata_provenance_cache_hit_ratio /m);
  });

  it('concurrent lookups by content hash share one query, answer as by id, and leave the outputs kept for lookups by id', async () => {
    const outputs = plan.outputs.slice(3, 6);
    const byHash = `query($h: String!) { outputByContent(contentHash: $h) { id contentHash model { id name version }
      attribution { method coverage datanets { share datanet { id name admission } } contributors { share contributor { id handle } } } } }`;
    const readsAndQueries = async () => {
      const text = await (await fetch(`${api.baseUrl}/metrics`)).text();
      const sample = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
      return { reads: sample('strata_provenance_reads_total'), queries: sample('strata_provenance_read_queries_total') };
    };
    const before = await readsAndQueries();
    // The hashes as stored, read apart from the API.
    const hashes = await testGraph().read<{ id: string; h: string }>('UNWIND $ids AS id MATCH (o:Output {id: id}) RETURN id, o.contentHash AS h', { ids: outputs.map((o) => o.id) });
    expect(hashes).toHaveLength(3);
    const answers = await Promise.all(hashes.map(({ h }) => gql(api.url, byHash, { h })));
    const after = await readsAndQueries();
    expect(after.reads - before.reads).toBe(3);
    expect(after.queries - before.queries).toBeLessThan(3);
    const cache = await cacheCounts();
    for (const [i, { id }] of hashes.entries()) {
      const found = expectOk(answers[i]!).outputByContent;
      expect(found.id).toBe(`Output:${id}`);
      // Kept by output id: the same lookup by id is a hit, with the same answer.
      expect(expectOk(await gql(api.url, LOOKUP, { id: `Output:${id}` })).output).toEqual(found);
    }
    const hits = await cacheCounts();
    expect([hits.hits - cache.hits, hits.misses - cache.misses]).toEqual([3, 0]);
  });

  it('a hit sends no query to Neo4j; an unknown output is never kept', async () => {
    const id = `Output:${plan.outputs[5]!.id}`;
    expectOk(await gql(api.url, LOOKUP, { id }));
    const queries = async () => Number(/^strata_neo4j_call_duration_seconds_count\{kind="read",outcome="ok"\} (\S+)$/m.exec(await (await fetch(`${api.baseUrl}/metrics`)).text())?.[1]);
    const reads = await queries();
    expectOk(await gql(api.url, LOOKUP, { id }));
    expect(await queries()).toBe(reads);

    const before = await cacheCounts();
    for (let i = 0; i < 2; i++) expect(expectOk(await gql(api.url, LOOKUP, { id: 'Output:out_nope' })).output).toBeNull();
    const after = await cacheCounts();
    expect(after.misses - before.misses).toBe(2);
    expect(await testGraph().read('MATCH (o:Output {id: "out_nope"}) RETURN o')).toEqual([]);
  });
});
