import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { bandKeys, fingerprint } from '../../api/dedup/index.js';
import { createGraphStore, type GraphStore } from '../../api/store/graph-store.js';
import { gql, startTestApi, type TestApi } from './support/api.js';
import { expectOk, graphCounts, M, member, passage, type Member } from './support/contributions.js';
import { resetGraph, TEST_DATABASE, testGraph } from './support/graph.js';

// Concurrent submitters, the cluster sequence lock and each process's band index
// (docs/architecture.md#near-duplicates-under-concurrency):
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
    // Four OPEN datanets, so the datanet lock does not order the batches: only the cluster sequence lock does.
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

  it('batches big enough for the fingerprint thread, four at once, find the same cluster and report every duplicate', async () => {
    // 300 records a batch: the event loop and the one fingerprint thread share each batch's chunks, and the four batches
    // overlap on the thread (api/fingerprint-pool/). The planted records sit in different chunks.
    const nets = await Promise.all([0, 1, 2, 3].map(async (k) => expectOk(await call(M.createDatanet, { name: `Parallel big ${k}`, admission: 'OPEN' }, ADMIN)).createDatanet.datanet.id));
    for (let round = 0; round < 2; round++) {
      const text = passage(`parallel-big-${round}`, 60);
      const variant = (k: number) => text.split(' ').map((w, i) => (i === 20 ? `rewrite${k}` : w)).join(' ');
      const batch = (k: number) => {
        const rows = records(`parallel-big-filler-${round}-${k}`, 300);
        rows[40] = { text, license: 'CC0-1.0' };
        rows[170] = { text: variant(k), license: 'CC0-1.0' };
        rows[299] = rows[5]!; // an exact copy within the batch
        return rows;
      };
      const results = await Promise.all([0, 1, 2, 3].map((k) => call(M.submitRecords, { datanetId: nets[k], records: batch(k) }, [alice, bob][k % 2]!.key)));
      const answers = results.map((r) => expectOk(r).submitRecords);
      const planted = answers.flatMap((a) => [a.records[40], a.records[170]]);
      expect(new Set(planted.map((r: any) => r.cluster.id)).size, `round ${round}`).toBe(1);
      const kinds = answers.map((a) => a.duplicates.map((d: any) => `${d.index}:${d.kind}`).sort().join(','));
      expect(kinds.sort()).toEqual(['170:NEAR,299:EXACT', '170:NEAR,299:EXACT,40:EXACT', '170:NEAR,299:EXACT,40:EXACT', '170:NEAR,299:EXACT,40:EXACT']);
      // Every other record starts a cluster of its own: 297 per batch.
      const fillers = answers.flatMap((a) => a.records.filter((_: unknown, i: number) => i !== 40 && i !== 170 && i !== 299));
      expect(new Set(fillers.map((r: any) => r.cluster.id)).size).toBe(4 * 297);
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
        { id: local(legacyRecord.cluster.id), keys: bandKeys(print.signature) },
      );
      // As when this Strata opens a graph an older one wrote: the legacy band nodes are not in any process's band
      // index, they are sought by key. A new sequence epoch makes the running API rebuild its index (as after a wipe).
      await tx.run('MATCH (s:LshSequence) SET s.epoch = randomUUID()');
    });
    const variant = text.split(' ').map((w, i) => (i === 20 ? 'changed' : w)).join(' ');
    const res = expectOk(await call(M.submitRecords, { datanetId: openNet, records: [{ text: variant, license: 'CC0-1.0' }] }, bob.key));
    expect(res.submitRecords.records[0].cluster.id).toBe(legacyRecord.cluster.id);
    expect(res.submitRecords.duplicates.map((d: any) => d.kind)).toEqual(['NEAR']);
    await testGraph().write(async (tx) => {
      await tx.run('MATCH (b:LshBand) WHERE b.key IN $keys DETACH DELETE b', { keys: bandKeys(print.signature) });
    });
  }, 300_000);

  it('another API process finds this one\'s clusters, also at once with it, and a restarted one rebuilds its index from the graph', async () => {
    // Each graph store has its own driver, so its own band index: as separate API processes on one graph.
    const graphs: GraphStore[] = [];
    const apis: TestApi[] = [];
    const anotherProcess = async () => {
      const graph = createGraphStore({ uri: inject('neo4jUri'), database: TEST_DATABASE, readTimeoutMs: 30_000, writeTimeoutMs: 120_000 });
      graphs.push(graph);
      const other = await startTestApi({ seed: false, adminKey: ADMIN, graph });
      apis.push(other);
      return other;
    };
    try {
      const second = await anotherProcess();
      const nets = await Promise.all([0, 1, 2, 3].map(async (k) => expectOk(await call(M.createDatanet, { name: `Two processes ${k}`, admission: 'OPEN' }, ADMIN)).createDatanet.datanet.id));
      const reworded = (text: string, k: number) => text.split(' ').map((w, i) => (i === 25 ? `other${k}` : w)).join(' ');
      // One after the other: the second process's index catches up with the first one's cluster.
      const text = passage('two-processes', 60);
      const first = expectOk(await call(M.submitRecords, { datanetId: nets[0], records: [{ text, license: 'CC0-1.0' }] }, alice.key));
      const near = expectOk(await gql(second.url, M.submitRecords, { input: { datanetId: nets[1], records: [{ text: reworded(text, 1), license: 'CC0-1.0' }] } }, bob.key));
      expect(near.submitRecords.records[0].cluster.id).toBe(first.submitRecords.records[0].cluster.id);
      expect(near.submitRecords.duplicates.map((d: any) => d.kind)).toEqual(['NEAR']);
      // At once, two batches through each process: one cluster.
      for (let round = 0; round < 3; round++) {
        const shared = passage(`two-processes-${round}`, 60);
        const results = await Promise.all(
          [0, 1, 2, 3].map((k) => gql((k % 2 === 0 ? api : second).url, M.submitRecords, { input: { datanetId: nets[k], records: [...records(`two-filler-${round}-${k}`, 2), { text: reworded(shared, k), license: 'CC0-1.0' }] } }, [alice, bob][k % 2]!.key)),
        );
        const planted = results.map((r) => expectOk(r).submitRecords.records[2].cluster.id);
        expect(new Set(planted).size, `round ${round}`).toBe(1);
      }
      // A process started now (a restart) reads every numbered cluster into its index before its first batch.
      const restarted = await anotherProcess();
      const late = expectOk(await gql(restarted.url, M.submitRecords, { input: { datanetId: nets[2], records: [{ text: reworded(text, 7), license: 'CC0-1.0' }] } }, alice.key));
      expect(late.submitRecords.records[0].cluster.id).toBe(first.submitRecords.records[0].cluster.id);
      expect(late.submitRecords.duplicates.map((d: any) => d.kind)).toEqual(['NEAR']);
    } finally {
      for (const other of apis) await other.stop();
      for (const graph of graphs) await graph.close();
    }
  }, 300_000);
});
