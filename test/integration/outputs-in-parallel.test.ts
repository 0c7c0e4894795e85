import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recomputeRootFromLeaves } from '../../api/log/log-service.js';
import { refLeafHash, refRoot, refVerifyInclusion } from '../unit/log/independent-verifier.js';
import { gql, startTestApi, type TestApi } from './support/api.js';
import { expectOk, graphCounts, M, member, outcome, passage, type Member } from './support/contributions.js';
import { testGraph } from './support/graph.js';

// recordOutputs in flight together are committed together (docs/architecture.md#outputs-in-parallel): one transaction,
// one log append for the batch. Each caller still gets its own output, the log still verifies, a replay with the same
// idempotency keys writes nothing, and one caller's error is theirs alone.
const ADMIN = 'test-admin-key-outputs-parallel';
let api: TestApi;
let owner: Member;
let stranger: Member;
let model: string;
const source = passage('parallelone', 60);
const words = source.replace(/\.$/, '').split(' ');
const text = (i: number) => `${words.slice(i % 30, (i % 30) + 20).join(' ')}. Closing remark number ${i} of the parallel test.`;

const RECORD = `mutation($input: RecordOutputInput!) { recordOutput(input: $input) { output { id contentHash
  attribution { coverage } rewards { amount } logEntry { index leafHash } } } }`;
const call = (input: unknown, key: string) => gql(api.url, RECORD, { input }, key);

beforeAll(async () => {
  api = await startTestApi({ adminKey: ADMIN });
  owner = await member(api.url, ADMIN, 'par-owner', ['CONTRIBUTOR']);
  stranger = await member(api.url, ADMIN, 'par-stranger', ['CONTRIBUTOR']);
  const c = await member(api.url, ADMIN, 'par-contrib', ['CONTRIBUTOR']);
  const dn = expectOk(await gql(api.url, M.createDatanet, { input: { name: 'Parallel open', admission: 'OPEN' } }, ADMIN)).createDatanet.datanet.id;
  expectOk(await gql(api.url, M.submitRecords, { input: { datanetId: dn, records: [{ text: source, license: 'CC0-1.0' }] } }, c.key));
  const base = expectOk(await gql(api.url, M.registerBaseModel, { input: { name: 'Par Base', family: 'decoder-only transformer' } }, ADMIN)).registerBaseModel.baseModel.id;
  const adapter = expectOk(await gql(api.url, M.registerAdapter, { input: { name: 'Par LoRA', baseModelId: base, trainedOn: [dn] } }, owner.key)).registerAdapter.adapter.id;
  model = expectOk(await gql(api.url, M.registerModel, { input: { name: 'Par', version: '1', baseModelId: base, adapters: [{ adapterId: adapter, weight: 1 }] } }, owner.key)).registerModel
    .model.id;
}, 120_000);
afterAll(async () => {
  await api.stop();
});

describe('recordOutput in parallel', () => {
  const N = 24;
  let first: any[];

  it('concurrent outputs all succeed, each with its own dense log index, and the log verifies', async () => {
    const before = await graphCounts();
    const answers = await Promise.all(Array.from({ length: N }, (_, i) => call({ modelId: model, text: text(i), fee: '1000', idempotencyKey: `par-${i}` }, owner.key)));
    first = answers.map((a) => expectOk(a).recordOutput.output);
    expect(new Set(first.map((o) => o.id)).size).toBe(N);
    for (const o of first) {
      expect(o.attribution.coverage).toBeGreaterThan(0.5);
      expect(o.rewards.reduce((s: bigint, r: { amount: string }) => s + BigInt(r.amount), 0n)).toBe(1000n);
    }
    const after = await graphCounts();
    expect((after[':Output'] ?? 0) - (before[':Output'] ?? 0)).toBe(N);
    expect((after[':LogEntry'] ?? 0) - (before[':LogEntry'] ?? 0)).toBe(N);
    // Dense: the N new entries are exactly the last N indexes.
    const indexes = first.map((o) => Number(o.logEntry.index)).sort((a, b) => a - b);
    const size = after[':LogEntry']!;
    expect(indexes).toEqual(Array.from({ length: N }, (_, i) => size - N + i));

    const check = await testGraph().readTx(recomputeRootFromLeaves);
    expect(check.problems).toEqual([]);
    expect(check).toMatchObject({ ok: true, size });
    // Every output's entry is in the signed tree, by the independent verifier.
    const cp = expectOk(await gql(api.url, '{ logCheckpoint { treeSize rootHash } }')).logCheckpoint;
    for (const o of first) {
      const proof = expectOk(await gql(api.url, 'query($id: ID!, $size: BigInt) { output(id: $id) { logEntry { inclusionProof(treeSize: $size) } } }', { id: o.id, size: cp.treeSize }))
        .output.logEntry.inclusionProof;
      expect(refVerifyInclusion(Number(o.logEntry.index), Number(cp.treeSize), o.logEntry.leafHash, proof, cp.rootHash)).toBe(true);
    }
  });

  it('a concurrent retry with the same idempotency keys returns the same outputs and writes nothing', async () => {
    const before = await graphCounts();
    const answers = await Promise.all(Array.from({ length: N }, (_, i) => call({ modelId: model, text: text(i), fee: '1000', idempotencyKey: `par-${i}` }, owner.key)));
    expect(answers.map((a) => expectOk(a).recordOutput.output.id)).toEqual(first.map((o) => o.id));
    expect(await graphCounts()).toEqual(before);
  });

  it('the same key twice in one burst is one output; a new key beside replays is a new output', async () => {
    const before = await graphCounts();
    const answers = await Promise.all([
      call({ modelId: model, text: text(100), idempotencyKey: 'par-dup' }, owner.key),
      call({ modelId: model, text: text(100), idempotencyKey: 'par-dup' }, owner.key),
      call({ modelId: model, text: text(3), fee: '1000', idempotencyKey: 'par-3' }, owner.key),
      call({ modelId: model, text: text(101), idempotencyKey: 'par-new' }, owner.key),
    ]);
    const ids = answers.map((a) => expectOk(a).recordOutput.output.id);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).toBe(first[3].id);
    const after = await graphCounts();
    expect((after[':Output'] ?? 0) - (before[':Output'] ?? 0)).toBe(2);
    expect((after[':LogEntry'] ?? 0) - (before[':LogEntry'] ?? 0)).toBe(2);
  });

  it('each of 16 concurrent outputs gets a valid inclusion proof to the current tree, and the attribution, payouts and log entry it gets alone', async () => {
    const DETAIL = `mutation($input: RecordOutputInput!) { recordOutput(input: $input) { output { id
      attribution { coverage contributors { share contributor { id } } records { share record { id } } datanets { share datanet { id } } }
      rewards { recipientId role amount } logEntry { index leafHash entry inclusionProof } } } }`;
    const texts = Array.from({ length: 16 }, (_, i) => text(400 + i));
    const record = (t: string) => gql(api.url, DETAIL, { input: { modelId: model, text: t, fee: '1000003' } }, owner.key);
    const together = (await Promise.all(texts.map(record))).map((a) => expectOk(a).recordOutput.output);

    // Each proof (asked for in the same request, so proofs of one burst share their reads) proves its entry in the
    // tree as it was when it was read: some size at or past the entry, at most the log's size now.
    const { records } = await testGraph().driver.executeQuery('MATCH (e:LogEntry) RETURN e.entry AS entry ORDER BY e.index', {}, { database: testGraph().database });
    const leaves = records.map((r) => Buffer.from(r.get('entry') as string, 'utf8').toString('hex'));
    const roots = new Map<number, string>();
    const rootAt = (size: number) => roots.get(size) ?? (roots.set(size, refRoot(leaves.slice(0, size))), roots.get(size)!);
    for (const o of together) {
      const index = Number(o.logEntry.index);
      expect(o.logEntry.leafHash).toBe(refLeafHash(leaves[index]!));
      const sizes = Array.from({ length: leaves.length - index }, (_, k) => index + 1 + k);
      const proven = sizes.filter((size) => refVerifyInclusion(index, size, o.logEntry.leafHash, o.logEntry.inclusionProof, rootAt(size)));
      expect(proven.length, `output ${o.id} at ${index}`).toBeGreaterThan(0);
    }

    // The same texts, one at a time: the same credit, the same payouts, the same log entry but for the output's id.
    const alone = [];
    for (const t of texts) alone.push(expectOk(await record(t)).recordOutput.output);
    const payouts = (o: any) => [...o.rewards].map((r: any) => `${r.role}:${r.recipientId}:${r.amount}`).sort();
    const logged = (o: any) => ({ ...JSON.parse(o.logEntry.entry), outputId: null });
    for (const [i, o] of together.entries()) {
      expect(o.attribution).toEqual(alone[i].attribution);
      expect(payouts(o)).toEqual(payouts(alone[i]));
      expect(o.rewards.reduce((sum: bigint, r: { amount: string }) => sum + BigInt(r.amount), 0n)).toBe(1000003n);
      expect(logged(o)).toEqual(logged(alone[i]));
    }
  });

  it("one caller's error in a burst is theirs alone: the others are recorded", async () => {
    const before = await graphCounts();
    const answers = await Promise.all([
      ...Array.from({ length: 6 }, (_, i) => call({ modelId: model, text: text(200 + i) }, owner.key)),
      call({ modelId: model, text: text(300) }, stranger.key),
      call({ modelId: model, text: text(0), idempotencyKey: 'par-0' }, owner.key), // same key, other input
    ]);
    expect(answers.map(outcome)).toEqual(['OK', 'OK', 'OK', 'OK', 'OK', 'OK', 'FORBIDDEN', 'CONFLICT']);
    const after = await graphCounts();
    expect((after[':Output'] ?? 0) - (before[':Output'] ?? 0)).toBe(6);
    const check = await testGraph().readTx(recomputeRootFromLeaves);
    expect(check).toMatchObject({ ok: true, size: after[':LogEntry'] });
  });
});
