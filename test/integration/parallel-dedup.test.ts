import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprint } from '../../api/dedup/index.js';
import { gql, startTestApi, type TestApi } from './support/api.js';
import { expectOk, graphCounts, M, member, passage, type Member } from './support/contributions.js';
import { resetGraph, testGraph } from './support/graph.js';

// Concurrent submitters and the near-duplicate lock buckets (docs/architecture.md#near-duplicates-under-concurrency):
// batches sent at once, into different datanets, against the real Neo4j.
const ADMIN = 'test-admin-key-parallel-dedup';
let api: TestApi;
let alice: Member;
let bob: Member;
let openNet: string;
let reviewedNet: string;

const call = (doc: string, input: unknown, key?: string) => gql(api.url, doc, { input }, key);
const local = (globalId: string) => globalId.slice(globalId.indexOf(':') + 1);
const records = (seed: string, n: number) => Array.from({ length: n }, (_, i) => ({ text: passage(`${seed}-${i}`), license: 'CC0-1.0' }));
const diff = (after: Record<string, number>, before: Record<string, number>) =>
  Object.fromEntries(Object.keys({ ...after, ...before }).map((k) => [k, (after[k] ?? 0) - (before[k] ?? 0)]).filter(([, d]) => d !== 0));

beforeAll(async () => {
  // No demo graph: this file needs only its contributors and datanets.
  await resetGraph();
  api = await startTestApi({ seed: false, adminKey: ADMIN });
  alice = await member(api.url, ADMIN, 'par-alice', ['CONTRIBUTOR']);
  bob = await member(api.url, ADMIN, 'par-bob', ['CONTRIBUTOR']);
  openNet = expectOk(await call(M.createDatanet, { name: 'Parallel open', admission: 'OPEN' }, ADMIN)).createDatanet.datanet.id;
  reviewedNet = expectOk(await call(M.createDatanet, { name: 'Parallel reviewed', admission: 'REVIEWED' }, ADMIN)).createDatanet.datanet.id;
}, 300_000);
afterAll(async () => {
  await api?.stop();
});

describe('parallel submitters of near-duplicates', () => {
  it('four batches at once, each with the same text and a near-duplicate of it, end in ONE cluster, every round', async () => {
    // Four OPEN datanets, so the datanet lock does not order the batches: only the band lock buckets do.
    const nets = await Promise.all([0, 1, 2, 3].map(async (k) => expectOk(await call(M.createDatanet, { name: `Parallel near ${k}`, admission: 'OPEN' }, ADMIN)).createDatanet.datanet.id));
    for (let round = 0; round < 6; round++) {
      const text = passage(`parallel-near-${round}`, 60);
      // Each variant rewords the same word differently: Jaccard 51/61 ≈ 0.84 with the text and with each other.
      const variant = (k: number) => text.split(' ').map((w, i) => (i === 30 ? `reworded${k}` : w)).join(' ');
      const batch = (k: number) => [
        ...records(`parallel-filler-${round}-${k}-a`, 3),
        { text, license: 'CC0-1.0' },
        ...records(`parallel-filler-${round}-${k}-b`, 3),
        { text: variant(k), license: 'CC0-1.0' },
      ];
      const results = await Promise.all([0, 1, 2, 3].map((k) => call(M.submitRecords, { datanetId: nets[k], records: batch(k) }, [alice, bob][k % 2]!.key)));
      const planted = results.flatMap((r) => expectOk(r).submitRecords.records.filter((_: unknown, i: number) => i === 3 || i === 7));
      expect(planted).toHaveLength(8);
      const clusters = new Set(planted.map((r: any) => r.cluster.id));
      expect(clusters.size, `round ${round}`).toBe(1);
      // The fillers each start their own cluster.
      const fillers = results.flatMap((r) => r.data.submitRecords.records.filter((_: unknown, i: number) => i !== 3 && i !== 7));
      expect(new Set(fillers.map((r: any) => r.cluster.id)).size).toBe(24);
      // Exactly one batch started the cluster (its text new, its variant NEAR); the three others found it: the text
      // EXACT, the variant NEAR.
      const kinds = results.map((r) => r.data.submitRecords.duplicates.map((d: any) => `${d.index}:${d.kind}`).sort().join(','));
      expect(kinds.sort()).toEqual(['3:EXACT,7:NEAR', '3:EXACT,7:NEAR', '3:EXACT,7:NEAR', '7:NEAR']);
      const [cluster] = [...clusters];
      const stored = await testGraph().read(
        'MATCH (cl:ContentCluster {id: $id}) MATCH (o:Record {id: cl.ownerRecordId}) MATCH (r:Record)-[:MEMBER_OF]->(cl) WITH o, min(r.acceptedAt) AS first, count(r) AS n RETURN o.acceptedAt = first AS firstOwns, n',
        { id: local(cluster!) },
      );
      expect(stored).toEqual([{ firstOwns: true, n: expect.anything() }]);
      expect(Number(stored[0]!.n)).toBe(8);
    }
  }, 300_000);

  it('a retried batch (same idempotency key) at once with its first try writes once', async () => {
    const net = expectOk(await call(M.createDatanet, { name: 'Parallel retry', admission: 'OPEN' }, ADMIN)).createDatanet.datanet.id;
    const input = { datanetId: net, records: records('parallel-retry', 4), idempotencyKey: 'parallel-retry-1' };
    const before = await graphCounts();
    const [a, b, c] = await Promise.all([call(M.submitRecords, input, alice.key), call(M.submitRecords, input, alice.key), call(M.submitRecords, input, alice.key)]);
    const ids = [a, b, c].map((r) => expectOk(r).submitRecords.records.map((x: any) => x.id).join());
    expect(new Set(ids).size).toBe(1);
    expect(diff(await graphCounts(), before)).toMatchObject({ ':Record': 4, ':ContentCluster': 4, ':IdempotencyKey': 1 });
  }, 300_000);

  it('finds near-duplicates of clusters stored the old way (LshBand nodes and HAS_BAND edges)', async () => {
    // A cluster as Strata wrote it before its band keys moved onto the cluster: no lshBands, 32 band nodes.
    const text = passage('legacy-bands', 60);
    const print = fingerprint(text);
    const legacy = await call(M.submitRecords, { datanetId: reviewedNet, records: [{ text, license: 'CC0-1.0' }] }, alice.key);
    const legacyRecord = expectOk(legacy).submitRecords.records[0];
    await testGraph().write(async (tx) => {
      await tx.run(
        `MATCH (cl:ContentCluster {id: $id}) REMOVE cl.lshBands
         WITH cl UNWIND $keys AS key MERGE (b:LshBand {key: key}) CREATE (cl)-[:HAS_BAND]->(b)`,
        { id: local(legacyRecord.cluster.id), keys: print.bandKeys },
      );
      // As when this Strata opens a graph an older one wrote: the API's band filter is built from the stored keys,
      // legacy band nodes included. A new sequence epoch makes the running API rebuild it (as after a wipe).
      await tx.run('MATCH (s:LshSequence) SET s.epoch = randomUUID()');
    });
    const variant = text.split(' ').map((w, i) => (i === 20 ? 'changed' : w)).join(' ');
    const res = expectOk(await call(M.submitRecords, { datanetId: openNet, records: [{ text: variant, license: 'CC0-1.0' }] }, bob.key));
    expect(res.submitRecords.records[0].cluster.id).toBe(legacyRecord.cluster.id);
    expect(res.submitRecords.duplicates.map((d: any) => d.kind)).toEqual(['NEAR']);
    await testGraph().write(async (tx) => {
      await tx.run('MATCH (b:LshBand) WHERE b.key IN $keys DETACH DELETE b', { keys: print.bandKeys });
    });
  }, 300_000);
});
