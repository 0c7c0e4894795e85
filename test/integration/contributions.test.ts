import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FINGERPRINT_VERSION, fingerprint, jaccard, shingleHashes, shingleWords } from '../../api/dedup/index.js';
import { checkFingerprintScheme } from '../../api/store/fingerprint-scheme.js';
import { contentHash } from '../../api/core/normalize.js';
import { buildDemoPlan } from '../../seed/demo-plan.js';
import { gql, startTestApi, type TestApi } from './support/api.js';
import { expectOk, graphCounts, M, member, outcome, passage, type Member } from './support/contributions.js';
import { testGraph } from './support/graph.js';

// The write path end to end: real Neo4j, seeded demo graph, every mutation through HTTP as a client sends it.
const ADMIN = 'test-admin-key-contributions';
const plan = buildDemoPlan();
let api: TestApi;
let alice: Member; // contributor
let bob: Member; // contributor
let val: Member; // contributor + validator
let open: string; // OPEN datanet id
let reviewed: string; // REVIEWED datanet id

const call = (doc: string, input: unknown, key?: string) => gql(api.url, doc, { input }, key);
const local = (globalId: string) => globalId.slice(globalId.indexOf(':') + 1);

beforeAll(async () => {
  api = await startTestApi({ adminKey: ADMIN });
  alice = await member(api.url, ADMIN, 'alice', ['CONTRIBUTOR']);
  bob = await member(api.url, ADMIN, 'bob', ['CONTRIBUTOR']);
  val = await member(api.url, ADMIN, 'val', ['CONTRIBUTOR', 'VALIDATOR']);
  open = expectOk(await call(M.createDatanet, { name: 'Open notes', description: 'Accepted on submit.', admission: 'OPEN' }, ADMIN)).createDatanet.datanet.id;
  reviewed = expectOk(await call(M.createDatanet, { name: 'Reviewed notes', admission: 'REVIEWED', domain: 'notes' }, ADMIN)).createDatanet.datanet.id;
});
afterAll(async () => {
  await api.stop();
});

describe('createContributor', () => {
  it('returns a working API key once and stores only its hash', async () => {
    const data = expectOk(await call(M.createContributor, { handle: 'keyholder', roles: ['CONTRIBUTOR', 'VOTER'] }, ADMIN));
    const { contributor, apiKey } = data.createContributor;
    expect(contributor).toMatchObject({ handle: 'keyholder', roles: ['CONTRIBUTOR', 'VOTER'] });
    expect(apiKey).toMatch(/^strata_/);
    // The key authenticates (a bad key would be UNAUTHENTICATED even for a read).
    expect((await gql(api.url, '{ contributors(first: 1) { totalCount } }', {}, apiKey)).errors).toBeUndefined();
    const stored = await testGraph().read('MATCH (c:Contributor {id: $id}) RETURN properties(c) AS p', { id: local(contributor.id) });
    const props = stored[0]!.p as Record<string, unknown>;
    expect(Object.values(props)).not.toContain(apiKey);
    expect(props.apiKeyHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('defaults to CONTRIBUTOR, refuses a taken handle (CONFLICT) and a malformed one (BAD_USER_INPUT)', async () => {
    const made = expectOk(await call(M.createContributor, { handle: 'plain' }, ADMIN));
    expect(made.createContributor.contributor.roles).toEqual(['CONTRIBUTOR']);
    const taken = await call(M.createContributor, { handle: 'amara' }, ADMIN); // a seeded contributor
    expect(outcome(taken)).toBe('CONFLICT');
    expect(taken.errors![0]!.extensions!.field).toBe('handle');
    const bad = await call(M.createContributor, { handle: 'Not A Handle' }, ADMIN);
    expect(outcome(bad)).toBe('BAD_USER_INPUT');
    expect(bad.errors![0]!.extensions!.field).toBe('handle');
  });
});

describe('createDatanet', () => {
  it('creates OPEN and REVIEWED datanets with the seed\'s shape', async () => {
    const data = await gql(api.url, `query($a: ID!, $b: ID!) { a: datanet(id: $a) { admission name description } b: datanet(id: $b) { admission domain description } }`, { a: open, b: reviewed });
    expect(data.data).toEqual({
      a: { admission: 'OPEN', name: 'Open notes', description: 'Accepted on submit.' },
      b: { admission: 'REVIEWED', domain: 'notes', description: '' },
    });
    await expectSameKeys('Datanet', local(reviewed), plan.datanets[0]!.id);
  });
});

describe('submitRecords', () => {
  it('accepts on submit in an OPEN datanet: the record owns its new cluster', async () => {
    const text = passage('open-accept');
    const data = expectOk(await call(M.submitRecords, { datanetId: open, records: [{ text, license: 'CC0-1.0' }] }, alice.key));
    const [record] = data.submitRecords.records;
    expect(record).toMatchObject({ status: 'ACCEPTED', contentHash: contentHash(text), contributor: { id: alice.id }, datanet: { id: open } });
    expect(record.acceptedAt).toBe(record.submittedAt);
    expect(record.cluster.owner.id).toBe(record.id);
    expect(data.submitRecords.duplicates).toEqual([]);
    const seeded = plan.records.find((r) => r.acceptedAt)!;
    await expectSameKeys('Record', local(record.id), seeded.id);
    await expectSameKeys('ContentCluster', local(record.cluster.id), seeded.clusterId);
    const edges = await testGraph().read(
      `MATCH (c:Contributor)-[:CONTRIBUTED]->(r:Record {id: $id})-[:IN]->(d:Datanet), (r)-[:MEMBER_OF]->(cl:ContentCluster)
       RETURN c.id AS c, d.id AS d, cl.id AS cl, cl.lshBands AS bands`,
      { id: local(record.id) },
    );
    expect(edges).toHaveLength(1);
    expect(edges[0]).toMatchObject({ c: alice.localId, d: local(open), cl: local(record.cluster.id) });
    // The cluster's 32 LSH band keys, as their 32-bit hashes (8 hex digits each), on the cluster itself (no band nodes).
    expect(edges[0]!.bands).toBe(fingerprint(text).bandHashes.map((h) => h.toString(16).padStart(8, '0')).join(''));
  });

  it('keeps records PENDING in a REVIEWED datanet: no acceptedAt, the cluster has no owner yet', async () => {
    const data = expectOk(await call(M.submitRecords, { datanetId: reviewed, records: [{ text: passage('pending-one'), license: 'CC-BY-4.0' }] }, alice.key));
    const [record] = data.submitRecords.records;
    expect(record).toMatchObject({ status: 'PENDING', acceptedAt: null, cluster: { owner: null } });
  });

  it('writes a batch in input order, one transaction', async () => {
    const records = Array.from({ length: 25 }, (_, i) => ({ text: passage(`batch-${i}`, 20), license: 'CC0-1.0' }));
    const data = expectOk(await call(M.submitRecords, { datanetId: open, records }, bob.key));
    expect(data.submitRecords.records.map((r: any) => r.contentHash)).toEqual(records.map((r) => contentHash(r.text)));
    expect(new Set(data.submitRecords.records.map((r: any) => r.id)).size).toBe(25);
  });

  it('answers with the records as a later read returns them (the payload is built from the write, not read back)', async () => {
    const records = [passage('answered-1', 20), passage('answered-1', 20), passage('answered-2', 20)].map((text) => ({ text, license: 'CC-BY-4.0' }));
    for (const datanetId of [open, reviewed]) {
      const data = expectOk(await call(M.submitRecords, { datanetId, records }, alice.key));
      const fields = M.submitRecords.slice(M.submitRecords.indexOf('records {') + 'records '.length, M.submitRecords.indexOf('duplicates {'));
      for (const answered of data.submitRecords.records) {
        const read = expectOk(await gql(api.url, `query($id: ID!) { node(id: $id) { ... on Record ${fields} } }`, { id: answered.id }, alice.key));
        expect(read.node).toEqual(answered);
      }
      // The copy joined the first record's cluster, which the first owns when it is accepted on submit.
      const [first, copy, other] = data.submitRecords.records;
      expect(copy.cluster.id).toBe(first.cluster.id);
      if (datanetId === open) {
        // New clusters are owned by their first record from their creation.
        expect(copy.cluster.owner.id).toBe(first.id);
        expect(other.cluster.owner.id).toBe(other.id);
      }
    }
  });
});

describe('dedup at ingest', () => {
  // A seeded passage of about 60 words (word 5-grams, Jaccard ≥ 0.8): one changed word or two adjacent ones keep it in
  // the cluster, two changes far apart do not.
  const seeded = [...plan.records]
    .filter((r) => shingleWords(r.text).length >= 60 && r.text.split(' ').length === shingleWords(r.text).length)
    .filter((r) => plan.clusters.find((c) => c.id === r.clusterId)?.ownerRecordId === r.id && plan.records.filter((o) => o.clusterId === r.clusterId).length === 1)
    .sort((a, b) => shingleWords(a.text).length - shingleWords(b.text).length || a.id.localeCompare(b.id))[0]!;
  const words = seeded.text.split(' ');
  const plain = (i: number) => /^[a-z]+$/.test(words[i]!);
  const mid = [...words.keys()].find((i) => i >= words.length / 2 && plain(i) && plain(i + 1))!;
  const early = [...words.keys()].find((i) => i >= 8 && plain(i))!;
  const late = [...words.keys()].reverse().find((i) => i <= words.length - 9 && plain(i))!;
  const withWords = (changes: Record<number, string>) => words.map((w, i) => changes[i] ?? w).join(' ');

  it('clusters an exact copy of a seeded record (after normalisation) as EXACT', async () => {
    const messy = `  ${seeded.text.replace(/ /g, ' \n\t')}  `;
    const data = expectOk(await call(M.submitRecords, { datanetId: reviewed, records: [{ text: messy, license: 'CC0-1.0' }] }, bob.key));
    const [record] = data.submitRecords.records;
    expect(record.contentHash).toBe(seeded.contentHash);
    expect(record.cluster.id).toBe(`ContentCluster:${seeded.clusterId}`);
    expect(data.submitRecords.duplicates).toEqual([
      { index: 0, recordId: record.id, duplicateOf: `Record:${seeded.id}`, kind: 'EXACT', similarity: 1 },
    ]);
  });

  it('clusters a copy with one word, or two adjacent words, changed as NEAR; two far-apart changes fall below 0.8', async () => {
    const oneWord = withWords({ [mid]: 'zebra' });
    const twoAdjacent = withWords({ [mid]: 'zebra', [mid + 1]: 'quartz' });
    const farApart = withWords({ [early]: 'zebra', [late]: 'quartz' });
    const sim = (t: string) => jaccard(shingleHashes(t), shingleHashes(seeded.text));
    expect(words.length).toBeGreaterThanOrEqual(60);
    expect(sim(oneWord)).toBeGreaterThanOrEqual(0.8);
    expect(sim(twoAdjacent)).toBeGreaterThanOrEqual(0.8);
    expect(sim(farApart)).toBeLessThan(0.8);

    const data = expectOk(await call(M.submitRecords, {
      datanetId: reviewed,
      records: [{ text: oneWord, license: 'CC0-1.0' }, { text: twoAdjacent, license: 'CC0-1.0' }, { text: farApart, license: 'CC0-1.0' }],
    }, alice.key));
    const [one, two, far] = data.submitRecords.records;
    expect(one.cluster.id).toBe(`ContentCluster:${seeded.clusterId}`);
    expect(two.cluster.id).toBe(`ContentCluster:${seeded.clusterId}`);
    expect(far.cluster.id).not.toBe(`ContentCluster:${seeded.clusterId}`);
    const dups = data.submitRecords.duplicates;
    expect(dups.map((d: any) => [d.index, d.kind, d.duplicateOf])).toEqual([
      [0, 'NEAR', `Record:${seeded.id}`],
      [1, 'NEAR', `Record:${seeded.id}`],
    ]);
    expect(dups[0].similarity).toBeCloseTo(sim(oneWord), 12);
    expect(dups[1].similarity).toBeGreaterThanOrEqual(0.8);
  });

  it('does not cluster an unrelated text', async () => {
    const data = expectOk(await call(M.submitRecords, { datanetId: reviewed, records: [{ text: passage('unrelated'), license: 'CC0-1.0' }] }, alice.key));
    expect(data.submitRecords.duplicates).toEqual([]);
    const clusterMembers = await testGraph().read('MATCH (r:Record)-[:MEMBER_OF]->(:ContentCluster {id: $id}) RETURN count(r) AS n', {
      id: local(data.submitRecords.records[0].cluster.id),
    });
    expect(Number(clusterMembers[0]!.n)).toBe(1);
  });

  it('reports duplicates within one batch (exact and near) against earlier records of the batch', async () => {
    const base = passage('within-batch', 60);
    const baseWords = base.split(' ');
    const near = baseWords.map((w, i) => (i === 30 ? 'changed' : w)).join(' ');
    const data = expectOk(await call(M.submitRecords, {
      datanetId: open,
      records: [
        { text: base, license: 'CC0-1.0' },
        { text: passage('other-in-batch'), license: 'CC0-1.0' },
        { text: base.toUpperCase() === base ? base : ` ${base} `, license: 'CC0-1.0' },
        { text: near, license: 'CC0-1.0' },
      ],
    }, alice.key));
    const [first, other, copy, nearCopy] = data.submitRecords.records;
    expect(copy.cluster.id).toBe(first.cluster.id);
    expect(nearCopy.cluster.id).toBe(first.cluster.id);
    expect(other.cluster.id).not.toBe(first.cluster.id);
    // All four are ACCEPTED (OPEN datanet): the first of the batch owns the shared cluster.
    expect(nearCopy.cluster.owner.id).toBe(first.id);
    expect(data.submitRecords.duplicates.map((d: any) => ({ index: d.index, recordId: d.recordId, duplicateOf: d.duplicateOf, kind: d.kind }))).toEqual([
      { index: 2, recordId: copy.id, duplicateOf: first.id, kind: 'EXACT' },
      { index: 3, recordId: nearCopy.id, duplicateOf: first.id, kind: 'NEAR' },
    ]);
  });
});

describe('fingerprint scheme', () => {
  it('new clusters carry the fingerprint version; a Strata with another scheme refuses the graph', async () => {
    const data = expectOk(await call(M.submitRecords, { datanetId: open, records: [{ text: passage('scheme-check'), license: 'CC0-1.0' }] }, alice.key));
    const clusterId = local(data.submitRecords.records[0].cluster.id);
    const [row] = await testGraph().read('MATCH (c:ContentCluster {id: $clusterId}) RETURN c.fingerprintVersion AS v', { clusterId });
    expect(row!.v).toBe(FINGERPRINT_VERSION);
    await expect(checkFingerprintScheme(testGraph(), FINGERPRINT_VERSION)).resolves.toBeUndefined();
    await expect(checkFingerprintScheme(testGraph(), 'shingle7-other-v2')).rejects.toThrow(
      `fingerprinted with "${FINGERPRINT_VERSION}" but this Strata computes "shingle7-other-v2"`,
    );
  });
});

describe('reviewRecords: the record state machine', () => {
  const submitPending = async (who: Member, seed: string, n = 1) =>
    expectOk(await call(M.submitRecords, { datanetId: reviewed, records: Array.from({ length: n }, (_, i) => ({ text: passage(`${seed}-${i}`), license: 'CC0-1.0' })) }, who.key))
      .submitRecords.records.map((r: any) => r.id as string);
  const statusOf = async (ids: string[]) =>
    (await testGraph().read('UNWIND $ids AS id MATCH (r:Record {id: id}) RETURN r.status AS s', { ids: ids.map(local) })).map((r) => r.s);

  it('PENDING → ACCEPTED sets acceptedAt and makes the record its cluster\'s owner, with a REVIEWED edge', async () => {
    const [id] = await submitPending(alice, 'accept-me');
    const data = expectOk(await call(M.reviewRecords, { recordIds: [id], verdict: 'ACCEPT', reason: 'Looks right.' }, val.key));
    const [record] = data.reviewRecords.records;
    expect(record.status).toBe('ACCEPTED');
    expect(Date.parse(record.acceptedAt)).toBeGreaterThan(0);
    expect(record.cluster.owner.id).toBe(id);
    const edge = await testGraph().read('MATCH (v:Contributor)-[e:REVIEWED]->(:Record {id: $id}) RETURN v.id AS v, e.verdict AS verdict, e.reason AS reason, e.at IS NOT NULL AS at', { id: local(id!) });
    expect(edge).toEqual([{ v: val.localId, verdict: 'ACCEPT', reason: 'Looks right.', at: true }]);
  });

  it('PENDING → REJECTED leaves acceptedAt empty and the cluster without owner', async () => {
    const [id] = await submitPending(alice, 'reject-me');
    const data = expectOk(await call(M.reviewRecords, { recordIds: [id], verdict: 'REJECT' }, val.key));
    expect(data.reviewRecords.records[0]).toMatchObject({ status: 'REJECTED', acceptedAt: null, cluster: { owner: null } });
  });

  it('allows no other transition: ACCEPTED and REJECTED records are final (CONFLICT, naming the record)', async () => {
    const [a, r] = await submitPending(alice, 'final', 2);
    expectOk(await call(M.reviewRecords, { recordIds: [a], verdict: 'ACCEPT' }, val.key));
    expectOk(await call(M.reviewRecords, { recordIds: [r], verdict: 'REJECT' }, val.key));
    for (const [id, verdict] of [[a, 'ACCEPT'], [a, 'REJECT'], [r, 'ACCEPT'], [r, 'REJECT']] as const) {
      const res = await call(M.reviewRecords, { recordIds: [id], verdict }, val.key);
      expect(outcome(res)).toBe('CONFLICT');
      expect(res.errors![0]!.extensions).toMatchObject({ field: 'recordIds.0', index: 0 });
    }
    expect(await statusOf([a!, r!])).toEqual(['ACCEPTED', 'REJECTED']);
  });

  it('moves a batch together or not at all: one final record in the batch leaves the others PENDING', async () => {
    const ids = await submitPending(alice, 'all-or-nothing', 3);
    expectOk(await call(M.reviewRecords, { recordIds: [ids[1]], verdict: 'REJECT' }, val.key));
    const before = await graphCounts();
    const res = await call(M.reviewRecords, { recordIds: ids, verdict: 'ACCEPT' }, val.key);
    expect(outcome(res)).toBe('CONFLICT');
    expect(res.errors![0]!.extensions).toMatchObject({ index: 1 });
    expect(await statusOf(ids)).toEqual(['PENDING', 'REJECTED', 'PENDING']);
    expect(await graphCounts()).toEqual(before);
  });

  it('the first accepted record owns the cluster; a copy accepted later does not take it over', async () => {
    const text = passage('first-owner');
    const aliceCopy = expectOk(await call(M.submitRecords, { datanetId: reviewed, records: [{ text, license: 'CC0-1.0' }] }, alice.key)).submitRecords.records[0].id;
    const bobData = expectOk(await call(M.submitRecords, { datanetId: reviewed, records: [{ text, license: 'CC0-1.0' }] }, bob.key));
    const bobCopy = bobData.submitRecords.records[0].id;
    expect(bobData.submitRecords.duplicates[0]).toMatchObject({ kind: 'EXACT', duplicateOf: aliceCopy });
    // Bob's copy is accepted first, so Bob owns the cluster though Alice submitted first.
    expect(expectOk(await call(M.reviewRecords, { recordIds: [bobCopy], verdict: 'ACCEPT' }, val.key)).reviewRecords.records[0].cluster.owner.id).toBe(bobCopy);
    expect(expectOk(await call(M.reviewRecords, { recordIds: [aliceCopy], verdict: 'ACCEPT' }, val.key)).reviewRecords.records[0].cluster.owner.id).toBe(bobCopy);
  });

  it('unknown record ids are BAD_USER_INPUT naming the position', async () => {
    const [id] = await submitPending(alice, 'known');
    const res = await call(M.reviewRecords, { recordIds: [id, 'Record:rec_nope'], verdict: 'ACCEPT' }, val.key);
    expect(outcome(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.extensions).toMatchObject({ field: 'recordIds.1', index: 1 });
    expect(await statusOf([id!])).toEqual(['PENDING']);
  });
});

describe('adapters, models and outputs', () => {
  let base: string;
  let otherBase: string;
  let snapshotNet: string;
  let pendingInSnapshot: string;

  beforeAll(async () => {
    base = expectOk(await call(M.registerBaseModel, { name: 'Test Base 1B', family: 'decoder-only transformer' }, ADMIN)).registerBaseModel.baseModel.id;
    otherBase = expectOk(await call(M.registerBaseModel, { name: 'Other Base', family: 'encoder-decoder' }, ADMIN)).registerBaseModel.baseModel.id;
    snapshotNet = expectOk(await call(M.createDatanet, { name: 'Snapshot test', admission: 'REVIEWED' }, ADMIN)).createDatanet.datanet.id;
    const ids = expectOk(await call(M.submitRecords, { datanetId: snapshotNet, records: [0, 1, 2].map((i) => ({ text: passage(`snap-${i}`), license: 'CC0-1.0' })) }, alice.key))
      .submitRecords.records.map((r: any) => r.id);
    expectOk(await call(M.reviewRecords, { recordIds: [ids[0], ids[1]], verdict: 'ACCEPT' }, val.key));
    pendingInSnapshot = ids[2];
  });

  it('registerBaseModel stores the seed\'s shape', async () => {
    await expectSameKeys('BaseModel', local(base), plan.baseModel.id);
  });

  it('registerAdapter snapshots each datanet\'s accepted records; records accepted later do not change it', async () => {
    const data = expectOk(await call(M.registerAdapter, { name: 'Snap LoRA', baseModelId: base, trainedOn: [snapshotNet, open] }, alice.key));
    const adapter = data.registerAdapter.adapter;
    expect(adapter).toMatchObject({ name: 'Snap LoRA', baseModel: { id: base }, builder: { id: alice.id }, derivedFrom: null });
    const snap = adapter.trainedOn.find((t: any) => t.datanet.id === snapshotNet);
    expect(snap.snapshotSize).toBe(2);
    const openCount = await testGraph().read("MATCH (r:Record {status: 'ACCEPTED'})-[:IN]->(:Datanet {id: $id}) RETURN count(r) AS n", { id: local(open) });
    expect(adapter.trainedOn.find((t: any) => t.datanet.id === open).snapshotSize).toBe(Number(openCount[0]!.n));
    expectOk(await call(M.reviewRecords, { recordIds: [pendingInSnapshot], verdict: 'ACCEPT' }, val.key));
    const again = await gql(api.url, 'query($id: ID!) { adapter(id: $id) { trainedOn { datanet { id } snapshotSize snapshotAt } } }', { id: adapter.id });
    expect(again.data.adapter.trainedOn.find((t: any) => t.datanet.id === snapshotNet)).toEqual(snap);
    await expectSameKeys('Adapter', local(adapter.id), plan.adapters.find((a) => a.derivedFromId)!.id, ['derivedFromId']);
    const edges = await testGraph().read(
      `MATCH (b:Contributor)-[:BUILT]->(a:Adapter {id: $id})-[:ADAPTS]->(bm:BaseModel), (a)-[t:TRAINED_ON]->(:Datanet {id: $d})
       RETURN b.id AS builder, bm.id AS base, t.snapshotSize AS size, t.snapshotAt = a.createdAt AS atRegistration`,
      { id: local(adapter.id), d: local(snapshotNet) },
    );
    expect(edges).toEqual([{ builder: alice.localId, base: local(base), size: expect.anything(), atRegistration: true }]);
    expect(Number(edges[0]!.size)).toBe(2);
  });

  it('registerAdapter derives from an adapter of the same base model only', async () => {
    const parent = expectOk(await call(M.registerAdapter, { name: 'Parent', baseModelId: base, trainedOn: [open] }, alice.key)).registerAdapter.adapter.id;
    const child = expectOk(await call(M.registerAdapter, { name: 'Child', baseModelId: base, trainedOn: [open], derivedFromId: parent }, bob.key)).registerAdapter.adapter;
    expect(child).toMatchObject({ derivedFrom: { id: parent }, builder: { id: bob.id } });
    const edge = await testGraph().read('MATCH (:Adapter {id: $c})-[:DERIVED_FROM]->(p:Adapter) RETURN p.id AS p', { c: local(child.id) });
    expect(edge).toEqual([{ p: local(parent) }]);
    const before = await graphCounts();
    const wrongBase = await call(M.registerAdapter, { name: 'Bad child', baseModelId: otherBase, trainedOn: [open], derivedFromId: parent }, bob.key);
    expect(outcome(wrongBase)).toBe('BAD_USER_INPUT');
    expect(wrongBase.errors![0]!.extensions!.field).toBe('derivedFromId');
    const unknownNet = await call(M.registerAdapter, { name: 'Bad', baseModelId: base, trainedOn: [open, 'Datanet:dn_nope'] }, bob.key);
    expect(unknownNet.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'trainedOn.1', index: 1 });
    const wrongType = await call(M.registerAdapter, { name: 'Bad', baseModelId: open, trainedOn: [open] }, bob.key);
    expect(wrongType.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'baseModelId' });
    expect(await graphCounts()).toEqual(before);
  });

  it('registerModel: base + weighted adapters of that base, optional previous version of one\'s own', async () => {
    const a1 = expectOk(await call(M.registerAdapter, { name: 'M1', baseModelId: base, trainedOn: [open] }, alice.key)).registerAdapter.adapter.id;
    const a2 = expectOk(await call(M.registerAdapter, { name: 'M2', baseModelId: base, trainedOn: [reviewed] }, bob.key)).registerAdapter.adapter.id;
    const v1 = expectOk(await call(M.registerModel, { name: 'Helper', version: '1.0', baseModelId: base, adapters: [{ adapterId: a1, weight: 1 }] }, alice.key)).registerModel.model;
    expect(v1).toMatchObject({ owner: { id: alice.id }, baseModel: { id: base }, previousVersion: null, adapters: [{ adapter: { id: a1 }, weight: 1 }] });
    const v2 = expectOk(await call(M.registerModel, {
      name: 'Helper', version: '2.0', baseModelId: base, previousVersionId: v1.id,
      adapters: [{ adapterId: a1, weight: 0.7 }, { adapterId: a2, weight: 0.3 }],
    }, alice.key)).registerModel.model;
    expect(v2.previousVersion.id).toBe(v1.id);
    expect(v2.adapters.map((u: any) => [u.adapter.id, u.weight]).sort()).toEqual([[a1, 0.7], [a2, 0.3]].sort());
    await expectSameKeys('Model', local(v2.id), plan.models.find((m) => m.previousVersionId)!.id);
    const shape = await testGraph().read(
      `MATCH (m:Model {id: $id})-[:BASED_ON]->(b:BaseModel), (m)-[:PREVIOUS_VERSION]->(p:Model), (m)-[u:USES]->(:Adapter)
       RETURN b.id AS b, p.id AS p, collect(u.weight) AS weights`,
      { id: local(v2.id) },
    );
    expect(shape[0]).toMatchObject({ b: local(base), p: local(v1.id) });
    expect((shape[0]!.weights as number[]).sort()).toEqual([0.3, 0.7]);
  });

  it('registerModel refuses adapters of another base model, bad weights and an empty adapter list, writing nothing', async () => {
    const a = expectOk(await call(M.registerAdapter, { name: 'Base A', baseModelId: base, trainedOn: [open] }, alice.key)).registerAdapter.adapter.id;
    const other = expectOk(await call(M.registerAdapter, { name: 'Other', baseModelId: otherBase, trainedOn: [open] }, alice.key)).registerAdapter.adapter.id;
    const before = await graphCounts();
    const input = { name: 'Bad', version: '1', baseModelId: base };
    const cases: Array<[unknown, string]> = [
      [{ ...input, adapters: [{ adapterId: a, weight: 1 }, { adapterId: other, weight: 1 }] }, 'adapters.1.adapterId'],
      [{ ...input, adapters: [{ adapterId: a, weight: -0.5 }] }, 'adapters.0.weight'],
      [{ ...input, adapters: [] }, 'adapters'],
      [{ ...input, adapters: [{ adapterId: a, weight: 1 }, { adapterId: a, weight: 2 }] }, 'adapters.1.adapterId'],
      [{ ...input, adapters: [{ adapterId: 'Adapter:ad_nope', weight: 1 }] }, 'adapters.0.adapterId'],
      [{ ...input, adapters: [{ adapterId: a, weight: 1 }], previousVersionId: 'Model:mdl_nope' }, 'previousVersionId'],
    ];
    for (const [bad, field] of cases) {
      const res = await call(M.registerModel, bad, alice.key);
      expect(res.errors?.[0]?.extensions, field).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    // Non-finite weights cannot even be sent: JSON has no NaN/Infinity and GraphQL's Float rejects 1e400.
    const infinite = await gql(api.url, `mutation($a: ID!, $b: ID!) { registerModel(input: {name: "Inf", version: "1", baseModelId: $b, adapters: [{adapterId: $a, weight: 1e400}]}) { model { id } } }`, { a, b: base }, alice.key);
    expect(infinite.errors?.length).toBeGreaterThan(0);
    const nan = await call(M.registerModel, { ...input, adapters: [{ adapterId: a, weight: NaN }] }, alice.key);
    expect(outcome(nan)).toBe('BAD_USER_INPUT');
    expect(await graphCounts()).toEqual(before);
  });

  it('recordOutput stores the output with its contentHash, prompt and BigInt fee', async () => {
    const a = expectOk(await call(M.registerAdapter, { name: 'Out A', baseModelId: base, trainedOn: [open] }, alice.key)).registerAdapter.adapter.id;
    const model = expectOk(await call(M.registerModel, { name: 'Out', version: '1', baseModelId: base, adapters: [{ adapterId: a, weight: 1 }] }, alice.key)).registerModel.model.id;
    const text = 'A generated answer,\nwith  two lines.';
    const fee = '123456789012345678901234567890';
    const data = expectOk(await call(M.recordOutput, { modelId: model, text, prompt: 'Say something.', fee }, alice.key));
    expect(data.recordOutput.output).toMatchObject({ text, prompt: 'Say something.', fee, contentHash: contentHash(text), model: { id: model } });
    const found = await gql(api.url, 'query($t: String) { outputByContent(text: $t) { id } }', { t: 'A generated answer, with two lines.' });
    expect(found.data.outputByContent.id).toBe(data.recordOutput.output.id);
    const edge = await testGraph().read('MATCH (o:Output {id: $id})-[:GENERATED_BY]->(m:Model) RETURN m.id AS m, o.fee AS fee, o.modelId AS modelId', { id: local(data.recordOutput.output.id) });
    expect(edge).toEqual([{ m: local(model), fee, modelId: local(model) }]);
    const noFee = expectOk(await call(M.recordOutput, { modelId: model, text: 'Another one.', prompt: '' }, alice.key));
    expect(noFee.recordOutput.output).toMatchObject({ fee: null, prompt: null });

    const before = await graphCounts();
    expect((await call(M.recordOutput, { modelId: 'Model:mdl_nope', text }, alice.key)).errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'modelId' });
    expect((await call(M.recordOutput, { modelId: model, text, fee: '-1' }, alice.key)).errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'fee' });
    expect((await call(M.recordOutput, { modelId: model, text: ' \n ' }, alice.key)).errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'text' });
    expect(await graphCounts()).toEqual(before);
  });
});

/** A written node has exactly the property keys of the seed's node of that label (minus keys that are null on one side). */
async function expectSameKeys(label: string, writtenId: string, seededId: string, optionalKeys: string[] = []) {
  const rows = await testGraph().read(`UNWIND [$a, $b] AS id MATCH (n:${label} {id: id}) RETURN n.id AS id, keys(n) AS keys`, { a: writtenId, b: seededId });
  const keysOf = (id: string) => ((rows.find((r) => r.id === id)?.keys as string[]) ?? []).filter((k) => !optionalKeys.includes(k) && k !== 'apiKeyHash').sort();
  expect(keysOf(writtenId)).toEqual(keysOf(seededId));
}
