import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, startTestApi, type TestApi } from './support/api.js';
import { expectOk, graphCounts, M, member, outcome, passage, type Gql, type Member } from './support/contributions.js';
import { testGraph } from './support/graph.js';
import { expireIdempotencyKeys } from '../../api/store/idempotency.js';

// Retries, concurrency and bad input: the same request twice writes once, 50 at once write once, and a bad batch
// writes nothing.
const ADMIN = 'test-admin-key-safety';
let api: TestApi;
let alice: Member;
let bob: Member;
let val: Member;
let val2: Member;
let openNet: string;
let reviewedNet: string;
let base: string;
let adapter: string;
let model: string;

const call = (doc: string, input: unknown, key?: string) => gql(api.url, doc, { input }, key);
const local = (globalId: string) => globalId.slice(globalId.indexOf(':') + 1);
const records = (seed: string, n: number) => Array.from({ length: n }, (_, i) => ({ text: passage(`${seed}-${i}`), license: 'CC0-1.0' }));
const diff = (after: Record<string, number>, before: Record<string, number>) =>
  Object.fromEntries(Object.keys({ ...after, ...before }).map((k) => [k, (after[k] ?? 0) - (before[k] ?? 0)]).filter(([, d]) => d !== 0));

beforeAll(async () => {
  api = await startTestApi({ adminKey: ADMIN });
  alice = await member(api.url, ADMIN, 'safe-alice', ['CONTRIBUTOR']);
  bob = await member(api.url, ADMIN, 'safe-bob', ['CONTRIBUTOR']);
  val = await member(api.url, ADMIN, 'safe-val', ['VALIDATOR']);
  val2 = await member(api.url, ADMIN, 'safe-val2', ['VALIDATOR']);
  openNet = expectOk(await call(M.createDatanet, { name: 'Safety open', admission: 'OPEN' }, ADMIN)).createDatanet.datanet.id;
  reviewedNet = expectOk(await call(M.createDatanet, { name: 'Safety reviewed', admission: 'REVIEWED' }, ADMIN)).createDatanet.datanet.id;
  base = expectOk(await call(M.registerBaseModel, { name: 'Safety base', family: 'test' }, ADMIN)).registerBaseModel.baseModel.id;
  adapter = expectOk(await call(M.registerAdapter, { name: 'Safety adapter', baseModelId: base, trainedOn: [openNet] }, alice.key)).registerAdapter.adapter.id;
  model = expectOk(await call(M.registerModel, { name: 'Safety model', version: '1', baseModelId: base, adapters: [{ adapterId: adapter, weight: 1 }] }, alice.key)).registerModel.model.id;
});
afterAll(async () => {
  await api.stop();
});

describe('idempotency keys', () => {
  it('the same key and input returns the first result and writes nothing more', async () => {
    const input = { datanetId: openNet, records: records('retry', 3), idempotencyKey: 'retry-1' };
    const first = expectOk(await call(M.submitRecords, input, alice.key));
    const before = await graphCounts();
    const second = expectOk(await call(M.submitRecords, input, alice.key));
    expect(second.submitRecords.records.map((r: any) => r.id)).toEqual(first.submitRecords.records.map((r: any) => r.id));
    expect(second.submitRecords.duplicates).toEqual(first.submitRecords.duplicates);
    expect(await graphCounts()).toEqual(before);
  });

  it('the same key with a different input is CONFLICT and writes nothing', async () => {
    expectOk(await call(M.submitRecords, { datanetId: openNet, records: records('conflict-a', 1), idempotencyKey: 'conflict-1' }, alice.key));
    const before = await graphCounts();
    const res = await call(M.submitRecords, { datanetId: openNet, records: records('conflict-b', 1), idempotencyKey: 'conflict-1' }, alice.key);
    expect(outcome(res)).toBe('CONFLICT');
    expect(res.errors![0]!.extensions!.field).toBe('idempotencyKey');
    expect(await graphCounts()).toEqual(before);
  });

  it('keys are scoped by caller and mutation: another caller, or another mutation, with the same key is a new request', async () => {
    const a = expectOk(await call(M.submitRecords, { datanetId: openNet, records: records('scope-a', 1), idempotencyKey: 'shared-key' }, alice.key));
    const b = expectOk(await call(M.submitRecords, { datanetId: openNet, records: records('scope-b', 1), idempotencyKey: 'shared-key' }, bob.key));
    expect(b.submitRecords.records[0].id).not.toBe(a.submitRecords.records[0].id);
    expectOk(await call(M.recordOutput, { modelId: model, text: 'Scoped output.', idempotencyKey: 'shared-key' }, alice.key));
    const stored = await testGraph().read("MATCH (k:IdempotencyKey) WHERE k.key ENDS WITH ':shared-key' RETURN k.scope AS scope ORDER BY scope");
    expect(stored.map((r) => r.scope)).toEqual([`recordOutput:${alice.localId}`, `submitRecords:${alice.localId}`, `submitRecords:${bob.localId}`].sort());
  });

  it('a call that fails does not use up its key', async () => {
    const bad = await call(M.submitRecords, { datanetId: 'Datanet:dn_missing', records: records('unburnt', 1), idempotencyKey: 'unburnt-1' }, alice.key);
    expect(bad.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'datanetId' });
    expectOk(await call(M.submitRecords, { datanetId: openNet, records: records('unburnt', 1), idempotencyKey: 'unburnt-1' }, alice.key));
  });

  it('keys older than the TTL are swept (a later retry runs as a new request); younger keys stay', async () => {
    const aged = { datanetId: openNet, records: records('expire-old', 1), idempotencyKey: 'expire-old' };
    expectOk(await call(M.submitRecords, aged, alice.key));
    expectOk(await call(M.submitRecords, { datanetId: openNet, records: records('expire-young', 1), idempotencyKey: 'expire-young' }, alice.key));
    await testGraph().write((tx) => tx.run("MATCH (k:IdempotencyKey) WHERE k.key ENDS WITH ':expire-old' SET k.createdAt = k.createdAt - duration('P2D')"));
    const keys = async () =>
      (await testGraph().read("MATCH (k:IdempotencyKey) WHERE k.key ENDS WITH ':expire-old' OR k.key ENDS WITH ':expire-young' RETURN k.key AS key ORDER BY key")).map((r) => String(r.key).split(':').at(-1));
    expect(await keys()).toEqual(['expire-old', 'expire-young']);
    expect(await expireIdempotencyKeys(testGraph(), 24 * 3_600_000)).toBeGreaterThanOrEqual(1);
    expect(await keys()).toEqual(['expire-young']);
    // Within the TTL the same key with another input is a CONFLICT; after the sweep it is a new request.
    const other = { ...aged, records: records('expire-other', 1) };
    expect(outcome(await call(M.submitRecords, { ...other, idempotencyKey: 'expire-young' }, alice.key))).toBe('CONFLICT');
    expect(outcome(await call(M.submitRecords, other, alice.key))).toBe('OK');
  });

  it('rejects a malformed key', async () => {
    const res = await call(M.submitRecords, { datanetId: openNet, records: records('badkey', 1), idempotencyKey: 'has spaces' }, alice.key);
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'idempotencyKey' });
  });
});

describe('50 concurrent identical calls write exactly once', () => {
  const fifty = (doc: string, input: unknown, key: string) => Promise.all(Array.from({ length: 50 }, () => call(doc, input, key)));
  const allOk = (results: Gql[]) => {
    for (const r of results) expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  };

  it('submitRecords: one batch of records, the same ids for every caller', async () => {
    const before = await graphCounts();
    const results = await fifty(M.submitRecords, { datanetId: openNet, records: records('fifty', 3), idempotencyKey: 'fifty-submit' }, alice.key);
    allOk(results);
    const ids = results.map((r) => JSON.stringify(r.data.submitRecords.records.map((x: any) => x.id)));
    expect(new Set(ids).size).toBe(1);
    expect(diff(await graphCounts(), before)).toMatchObject({ ':Record': 3, ':ContentCluster': 3, ':IdempotencyKey': 1, '[CONTRIBUTED]': 3 });
  });

  it('createContributor: one contributor; the key is shown to exactly one caller', async () => {
    const before = await graphCounts();
    const results = await fifty(M.createContributor, { handle: 'fifty-handle', idempotencyKey: 'fifty-contributor' }, ADMIN);
    allOk(results);
    expect(new Set(results.map((r) => r.data.createContributor.contributor.id)).size).toBe(1);
    const keys = results.map((r) => r.data.createContributor.apiKey).filter((k) => k !== null);
    expect(keys).toHaveLength(1);
    expect(diff(await graphCounts(), before)).toEqual({ ':Contributor': 1, ':IdempotencyKey': 1 });
    expect((await gql(api.url, '{ contributors(first: 1) { totalCount } }', {}, keys[0])).errors).toBeUndefined();
  });

  it('recordOutput: one output, and exactly what one call writes (its attribution, log entry, …) once', async () => {
    const input = { modelId: model, text: 'Fifty times the same answer.', fee: '500' };
    const before0 = await graphCounts();
    expectOk(await call(M.recordOutput, { ...input, idempotencyKey: 'single-output' }, alice.key));
    const once = diff(await graphCounts(), before0);
    expect(once).toMatchObject({ ':Output': 1, ':IdempotencyKey': 1, '[GENERATED_BY]': 1 });
    const before = await graphCounts();
    const results = await fifty(M.recordOutput, { ...input, idempotencyKey: 'fifty-output' }, alice.key);
    allOk(results);
    expect(new Set(results.map((r) => r.data.recordOutput.output.id)).size).toBe(1);
    // Stored Merkle subtrees depend on the log's size, not on the call: compare everything else.
    const withoutSubtrees = (d: Record<string, number>) => Object.fromEntries(Object.entries(d).filter(([k]) => k !== ':LogSubtree'));
    expect(withoutSubtrees(diff(await graphCounts(), before))).toEqual(withoutSubtrees(once));
  });

  it('every other creating mutation: one node each', async () => {
    const cases: Array<[string, string, unknown, string, string]> = [
      [M.createDatanet, 'createDatanet', { name: 'Fifty net', admission: 'OPEN', idempotencyKey: 'fifty-net' }, ADMIN, ':Datanet'],
      [M.registerBaseModel, 'registerBaseModel', { name: 'Fifty base', family: 'x', idempotencyKey: 'fifty-base' }, ADMIN, ':BaseModel'],
      [M.registerAdapter, 'registerAdapter', { name: 'Fifty adapter', baseModelId: base, trainedOn: [openNet], idempotencyKey: 'fifty-adapter' }, alice.key, ':Adapter'],
      [M.registerModel, 'registerModel', { name: 'Fifty model', version: '1', baseModelId: base, adapters: [{ adapterId: adapter, weight: 0.5 }], idempotencyKey: 'fifty-model' }, alice.key, ':Model'],
    ];
    for (const [doc, name, input, key, label] of cases) {
      const before = await graphCounts();
      const results = await fifty(doc, input, key);
      allOk(results);
      expect(new Set(results.map((r) => JSON.stringify(r.data[name]))).size, name).toBe(1);
      expect(diff(await graphCounts(), before)[label], name).toBe(1);
    }
  });

  it('reviewRecords: one review', async () => {
    const id = expectOk(await call(M.submitRecords, { datanetId: reviewedNet, records: records('fifty-review', 1) }, alice.key)).submitRecords.records[0].id;
    const before = await graphCounts();
    const results = await fifty(M.reviewRecords, { recordIds: [id], verdict: 'ACCEPT', idempotencyKey: 'fifty-review' }, val.key);
    allOk(results);
    expect(diff(await graphCounts(), before)).toEqual({ ':IdempotencyKey': 1, '[REVIEWED]': 1 });
  });
});

describe('concurrent writers without keys', () => {
  it('two validators accepting the same record at once: exactly one succeeds, the other is CONFLICT', async () => {
    for (let round = 0; round < 5; round++) {
      const id = expectOk(await call(M.submitRecords, { datanetId: reviewedNet, records: records(`race-${round}`, 1) }, alice.key)).submitRecords.records[0].id;
      const [a, b] = await Promise.all([
        call(M.reviewRecords, { recordIds: [id], verdict: 'ACCEPT' }, val.key),
        call(M.reviewRecords, { recordIds: [id], verdict: 'REJECT' }, val2.key),
      ]);
      expect([outcome(a), outcome(b)].sort()).toEqual(['CONFLICT', 'OK']);
      const edges = await testGraph().read('MATCH (:Contributor)-[e:REVIEWED]->(:Record {id: $id}) RETURN e.verdict AS v', { id: local(id) });
      expect(edges).toHaveLength(1);
    }
  });

  it('copies accepted at once in different datanets: the cluster gets one owner, the first to commit', async () => {
    const otherNet = expectOk(await call(M.createDatanet, { name: 'Safety reviewed 2', admission: 'REVIEWED' }, ADMIN)).createDatanet.datanet.id;
    for (let round = 0; round < 15; round++) {
      const text = passage(`owner-race-${round}`);
      const x = expectOk(await call(M.submitRecords, { datanetId: reviewedNet, records: [{ text, license: 'CC0-1.0' }] }, alice.key)).submitRecords.records[0];
      const y = expectOk(await call(M.submitRecords, { datanetId: otherNet, records: [{ text, license: 'CC0-1.0' }] }, bob.key)).submitRecords.records[0];
      expect(y.cluster.id).toBe(x.cluster.id);
      const [rx, ry] = await Promise.all([
        call(M.reviewRecords, { recordIds: [x.id], verdict: 'ACCEPT' }, val.key),
        call(M.reviewRecords, { recordIds: [y.id], verdict: 'ACCEPT' }, val2.key),
      ]);
      expectOk(rx);
      expectOk(ry);
      const rows = await testGraph().read(
        'MATCH (cl:ContentCluster {id: $cl}) MATCH (o:Record {id: cl.ownerRecordId}) MATCH (r:Record)-[:MEMBER_OF]->(cl) WITH o, min(r.acceptedAt) AS first, count(r) AS n RETURN o.acceptedAt = first AS firstOwns, n',
        { cl: local(x.cluster.id) },
      );
      expect(rows).toEqual([{ firstOwns: true, n: expect.anything() }]);
      expect(Number(rows[0]!.n)).toBe(2);
    }
  });

  it('the same new text submitted by ten callers at once lands in one cluster', async () => {
    const text = passage('ten-at-once');
    const contributors = [alice, bob];
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => call(M.submitRecords, { datanetId: openNet, records: [{ text, license: 'CC0-1.0' }] }, contributors[i % 2]!.key)),
    );
    const clusters = new Set(results.map((r) => expectOk(r).submitRecords.records[0].cluster.id));
    expect(clusters.size).toBe(1);
    // Nine of the ten were told they duplicate an earlier copy.
    expect(results.filter((r) => r.data.submitRecords.duplicates.length === 1)).toHaveLength(9);
    // One owner, the copy accepted (on submit) first, and every caller saw that same owner.
    const owners = new Set(results.map((r) => r.data.submitRecords.records[0].cluster.owner.id));
    expect(owners.size).toBe(1);
    const [cluster] = [...clusters];
    const stored = await testGraph().read(
      'MATCH (cl:ContentCluster {id: $id}) MATCH (o:Record {id: cl.ownerRecordId}) MATCH (r:Record)-[:MEMBER_OF]->(cl) WITH o, min(r.acceptedAt) AS first RETURN o.acceptedAt = first AS firstOwns',
      { id: local(cluster!) },
    );
    expect(stored).toEqual([{ firstOwns: true }]);
  });

  it('a text and its near-duplicate submitted at once land in one cluster', async () => {
    for (let round = 0; round < 5; round++) {
      const text = passage(`near-race-${round}`, 60);
      const words = text.split(' ');
      const variant = words.map((w, i) => (i === 30 ? 'different' : w)).join(' ');
      const [a, b] = await Promise.all([
        call(M.submitRecords, { datanetId: openNet, records: [{ text, license: 'CC0-1.0' }] }, alice.key),
        call(M.submitRecords, { datanetId: reviewedNet, records: [{ text: variant, license: 'CC0-1.0' }] }, bob.key),
      ]);
      const ca = expectOk(a).submitRecords.records[0].cluster.id;
      const cb = expectOk(b).submitRecords.records[0].cluster.id;
      expect(cb).toBe(ca);
      expect([...a.data.submitRecords.duplicates, ...b.data.submitRecords.duplicates].map((d: any) => d.kind)).toEqual(['NEAR']);
    }
  });
});

describe('a failing batch leaves the graph unchanged', () => {
  const tenWith = (index: number, record: Record<string, unknown>) => {
    const batch: Array<Record<string, unknown>> = records('batch-of-ten', 10);
    batch[index] = { ...batch[index], ...record };
    return batch;
  };
  const expectRefused = async (input: unknown, field: string, index?: number, key = alice.key) => {
    const before = await graphCounts();
    const res = await call(M.submitRecords, input, key);
    expect(outcome(res), JSON.stringify(res.errors)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.extensions!.field).toBe(field);
    if (index !== undefined) expect((res.errors![0]!.extensions as { index?: number }).index).toBe(index);
    expect(res.errors![0]!.message).toContain(field);
    expect(await graphCounts()).toEqual(before);
  };

  it('record 7 of 10 with a control character: BAD_USER_INPUT naming records.7.text, nothing written', async () => {
    await expectRefused({ datanetId: openNet, records: tenWith(7, { text: 'A bell \u0007 rings.' }) }, 'records.7.text', 7);
  });

  it('oversized, empty-after-normalisation and invalid-Unicode texts, and bad licenses, are refused the same way', async () => {
    await expectRefused({ datanetId: openNet, records: tenWith(3, { text: 'x'.repeat(32 * 1024 + 1) }) }, 'records.3.text', 3);
    await expectRefused({ datanetId: openNet, records: tenWith(0, { text: ' \n\t\u3000 ' }) }, 'records.0.text', 0);
    await expectRefused({ datanetId: openNet, records: tenWith(9, { text: 'broken \ud800 surrogate' }) }, 'records.9.text', 9);
    await expectRefused({ datanetId: openNet, records: tenWith(5, { license: 'CC0\n1.0' }) }, 'records.5.license', 5);
    await expectRefused({ datanetId: openNet, records: tenWith(6, { license: '   ' }) }, 'records.6.license', 6);
  });

  it('accepts exactly 32 KB, tab/newline/carriage return, and any Unicode text', async () => {
    const exactly = 'é'.repeat(16 * 1024); // 2 bytes each in UTF-8
    const res = await call(M.submitRecords, { datanetId: openNet, records: [{ text: exactly, license: 'CC0-1.0' }, { text: 'Line one\r\n\tline two — ünïcödé 漢字 🙂', license: 'CC0-1.0' }] }, alice.key);
    expectOk(res);
  });

  it('more than 1,000 records, none, an unknown datanet or an id of the wrong type: refused, nothing written', async () => {
    await expectRefused({ datanetId: openNet, records: Array.from({ length: 1001 }, (_, i) => ({ text: `r ${i}`, license: 'CC0-1.0' })) }, 'records');
    await expectRefused({ datanetId: openNet, records: [] }, 'records');
    await expectRefused({ datanetId: 'Datanet:dn_does-not-exist', records: records('unknown-net', 10) }, 'datanetId');
    await expectRefused({ datanetId: model, records: records('wrong-type', 2) }, 'datanetId');
  });

  it('a request body over the server\'s limit is a JSON BAD_USER_INPUT error, not an HTML page', async () => {
    const before = await graphCounts();
    const body = JSON.stringify({ query: M.submitRecords, variables: { input: { datanetId: openNet, records: Array.from({ length: 1_400 }, (_, i) => ({ text: `${i} ${'x'.repeat(30_000)}`, license: 'CC0-1.0' })) } } });
    const res = await fetch(api.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${alice.key}` }, body });
    expect(res.status).toBe(413);
    const json = (await res.json()) as Gql;
    expect(outcome(json)).toBe('BAD_USER_INPUT');
    expect(await graphCounts()).toEqual(before);
  });

  it('1,000 records in one call are written together', async () => {
    const before = await graphCounts();
    const batch = Array.from({ length: 1000 }, (_, i) => ({ text: `Thousand batch record number ${i} of the stress test.`, license: 'CC0-1.0' }));
    const res = expectOk(await call(M.submitRecords, { datanetId: reviewedNet, records: batch }, bob.key));
    expect(res.submitRecords.records).toHaveLength(1000);
    expect(diff(await graphCounts(), before)[':Record']).toBe(1000);
  });
});

describe('graph hygiene', () => {
  it('writes no LSH band nodes (band keys live on the cluster); one cluster sequence numbers every cluster with band keys', async () => {
    const bands = await testGraph().read('MATCH (b:LshBand) RETURN count(b) AS n');
    expect(Number(bands[0]!.n)).toBe(0);
    const sequence = await testGraph().read('MATCH (s:LshSequence) RETURN count(s) AS n, max(s.next) AS next');
    expect(Number(sequence[0]!.n)).toBe(1);
    // Numbers are distinct and below the sequence's next: a process reading "numbered since" misses none.
    const numbered = await testGraph().read(
      'MATCH (c:ContentCluster) WHERE c.lshBands IS NOT NULL RETURN count(c) AS n, count(DISTINCT c.lshSeq) AS distinct, max(c.lshSeq) AS top, count(c.lshSeq) AS withSeq',
    );
    expect(Number(numbered[0]!.n)).toBeGreaterThan(0);
    expect(Number(numbered[0]!.withSeq)).toBe(Number(numbered[0]!.n));
    expect(Number(numbered[0]!.distinct)).toBe(Number(numbered[0]!.n));
    expect(Number(numbered[0]!.top)).toBeLessThan(Number(sequence[0]!.next));
  });

  it('leaves no lock property on any node', async () => {
    const rows = await testGraph().read('MATCH (n) WHERE n.strataLock IS NOT NULL RETURN count(n) AS n');
    expect(Number(rows[0]!.n)).toBe(0);
  });
});
