import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATTRIBUTION_METHOD_VERSION } from '../../api/attribution/attribute-text.js';
import { DEFAULT_REWARD_POLICY } from '../../api/rewards/reward-policy.js';
import { checkPayouts } from '../../api/log/payouts.js';
import { buildDemoPlan } from '../../seed/demo-plan.js';
import { importPlanOutputs, logPlanOutputs } from '../../seed/demo-graph.js';
import { SPAN_TRACE_V1 } from '../../api/attribution/trace/trace-method.js';
import { refLeafHash, refVerifyInclusion } from '../unit/log/independent-verifier.js';
import { gql, startTestApi, type TestApi } from './support/api.js';
import { expectOk, graphCounts, M, member, outcome, passage, type Member } from './support/contributions.js';
import { testGraph } from './support/graph.js';

// The attribution engine through the API on the real Neo4j: recordOutput stores attribution, payouts and a log entry
// in one transaction; rewards, value history, dataset-level Shapley and the recompute check read them back.
const ADMIN = 'test-admin-key-attribution';
const plan = buildDemoPlan();
let api: TestApi;
let owner: Member; // owns the models
let builder: Member; // builds the adapter
let c1: Member; // contributes to the reviewed datanet
let c2: Member; // contributes to the open datanet
let val: Member; // validator who accepts c1's records
let reviewed: string;
let open: string;
let empty: string; // a datanet with no records
let base: string;
let adapter: string;
let model: string;
const rec1 = passage('attrone', 40);
const rec2 = passage('attrtwo', 40);
const words = (text: string, from: number, to: number) => text.replace(/\.$/, '').split(' ').slice(from, to).join(' ');
// Two quoted passages in their own sentences, plus filler the corpus has never seen.
const quoteBoth = `${words(rec1, 0, 16)}. ${words(rec2, 5, 21)}. Unrelated closing remark nobody wrote down before.`;
const quoteOne = `${words(rec1, 10, 30)}. Some fresh wording follows here.`;

const call = (doc: string, input: unknown, key?: string) => gql(api.url, doc, { input }, key);
const local = (globalId: string) => globalId.slice(globalId.indexOf(':') + 1);
const hex = (text: string) => Buffer.from(text, 'utf8').toString('hex');

const RECORD_OUTPUT = `mutation($input: RecordOutputInput!) { recordOutput(input: $input) { output {
  id fee
  attribution { method methodVersion coverage
    datanets { datanet { id } share } adapters { adapter { id } share }
    contributors { contributor { id } share } records { record { id } share }
    spans { start end text records { id } } }
  rewards { id recipientId recipient { id } role amount policy { id version } }
  logEntry { index leafHash entry }
} } }`;

const sum = (amounts: string[]) => amounts.reduce((s, a) => s + BigInt(a), 0n);
const shareSum = (list: Array<{ share: number }>) => list.reduce((s, x) => s + x.share, 0);

beforeAll(async () => {
  api = await startTestApi({ adminKey: ADMIN });
  [owner, builder, c1, c2] = (await Promise.all(['owner', 'builder', 'cone', 'ctwo'].map((h) => member(api.url, ADMIN, `attr-${h}`, ['CONTRIBUTOR'])))) as [Member, Member, Member, Member];
  val = await member(api.url, ADMIN, 'attr-val', ['CONTRIBUTOR', 'VALIDATOR']);
  reviewed = expectOk(await call(M.createDatanet, { name: 'Attr reviewed', admission: 'REVIEWED' }, ADMIN)).createDatanet.datanet.id;
  open = expectOk(await call(M.createDatanet, { name: 'Attr open', admission: 'OPEN' }, ADMIN)).createDatanet.datanet.id;
  empty = expectOk(await call(M.createDatanet, { name: 'Attr empty', admission: 'OPEN' }, ADMIN)).createDatanet.datanet.id;
  const r1 = expectOk(await call(M.submitRecords, { datanetId: reviewed, records: [{ text: rec1, license: 'CC0-1.0' }] }, c1.key)).submitRecords.records[0].id;
  expectOk(await call(M.reviewRecords, { recordIds: [r1], verdict: 'ACCEPT' }, val.key));
  expectOk(await call(M.submitRecords, { datanetId: open, records: [{ text: rec2, license: 'CC0-1.0' }] }, c2.key));
  base = expectOk(await call(M.registerBaseModel, { name: 'Attr Base', family: 'decoder-only transformer' }, ADMIN)).registerBaseModel.baseModel.id;
  adapter = expectOk(await call(M.registerAdapter, { name: 'Attr LoRA', baseModelId: base, trainedOn: [reviewed, open] }, builder.key)).registerAdapter.adapter.id;
  model = expectOk(await call(M.registerModel, { name: 'Attr', version: '1', baseModelId: base, adapters: [{ adapterId: adapter, weight: 1 }] }, owner.key)).registerModel.model.id;
});
afterAll(async () => {
  await api.stop();
});

describe('recordOutput computes and stores the attribution, payouts and log entry together', () => {
  const fee = '1000000000000000000000000000001'; // > 2^64, odd: rounding has work to do
  let recorded: any;

  it('stores an attribution whose shares sum to 1, payouts that sum exactly to the fee, and a log entry that verifies', async () => {
    const before = await graphCounts();
    const data = expectOk(await call(RECORD_OUTPUT, { modelId: model, text: quoteBoth, prompt: 'Tell me something.', fee, idempotencyKey: 'attr-fee-1' }, owner.key));
    recorded = data.recordOutput.output;
    const a = recorded.attribution;
    expect(a.methodVersion).toBe(ATTRIBUTION_METHOD_VERSION);
    expect(a.coverage).toBeGreaterThan(0.5);
    expect(a.coverage).toBeLessThan(1);
    expect(a.contributors.map((c: any) => c.contributor.id).sort()).toEqual([c1.id, c2.id].sort());
    for (const list of [a.datanets, a.adapters, a.contributors, a.records]) expect(Math.abs(shareSum(list) - 1)).toBeLessThan(1e-9);
    expect(a.adapters).toEqual([{ adapter: { id: adapter }, share: 1 }]);
    expect(a.spans).toHaveLength(2);
    expect(a.spans[0].text).toBe(words(rec1, 0, 16));

    // Payouts: every role, exact sum, the policy in force.
    const rewards = recorded.rewards as Array<{ recipientId: string; role: string; amount: string; recipient: { id: string } | null; policy: { id: string } }>;
    expect(sum(rewards.map((r) => r.amount))).toBe(BigInt(fee));
    console.log(`coverage ${a.coverage.toFixed(4)}; fee ${fee} split:\n${rewards.map((r) => `  ${r.role.padEnd(16)} ${r.recipientId.padEnd(28)} ${r.amount}`).join('\n')}`);
    const byRole = (role: string) => rewards.filter((r) => r.role === role).map((r) => r.recipientId).sort();
    expect(byRole('PLATFORM')).toEqual(['platform']);
    expect(byRole('ADAPTER_BUILDER')).toEqual([builder.localId]);
    expect(byRole('DATA_CONTRIBUTOR')).toEqual([c1.localId, c2.localId].sort());
    expect(byRole('VALIDATOR')).toEqual([val.localId]);
    expect(byRole('MODEL_OWNER')).toEqual([owner.localId]);
    expect(rewards.every((r) => r.policy.id === DEFAULT_REWARD_POLICY.id)).toBe(true);
    expect(rewards.find((r) => r.role === 'PLATFORM')!.recipient).toBeNull();
    const platform = BigInt(rewards.find((r) => r.role === 'PLATFORM')!.amount);
    expect([0n, 1n]).toContain(platform - (BigInt(fee) * 5n) / 100n); // within one unit of fee × 5 %

    // The log entry: canonical JSON with the attribution and the payouts, which sum to the fee.
    const entry = JSON.parse(recorded.logEntry.entry);
    expect(entry).toMatchObject({ type: 'attribution', outputId: local(recorded.id), modelId: local(model), fee, policyId: DEFAULT_REWARD_POLICY.id, coverage: a.coverage });
    expect(checkPayouts(entry)).toMatchObject({ present: true, ok: true, total: fee });
    expect(recorded.logEntry.leafHash).toBe(refLeafHash(hex(recorded.logEntry.entry)));
    // Inclusion in the signed checkpoint, checked by the independent RFC 9162 verifier.
    const cp = expectOk(await gql(api.url, '{ logCheckpoint { treeSize rootHash } }')).logCheckpoint;
    const proof = expectOk(
      await gql(api.url, 'query($id: ID!, $size: BigInt) { output(id: $id) { logEntry { inclusionProof(treeSize: $size) } } }', { id: recorded.id, size: cp.treeSize }),
    ).output.logEntry.inclusionProof;
    expect(refVerifyInclusion(Number(recorded.logEntry.index), Number(cp.treeSize), recorded.logEntry.leafHash, proof, cp.rootHash)).toBe(true);

    // What was written, exactly: 1 output, 1 log entry, 6 payouts (5 roles, 2 data contributors), their edges.
    const after = await graphCounts();
    const delta = (k: string) => (after[k] ?? 0) - (before[k] ?? 0);
    expect([delta(':Output'), delta(':LogEntry'), delta(':Payout'), delta('[PAID]'), delta('[TO]')]).toEqual([1, 1, 6, 6, 5]);
    expect(delta('[INFLUENCED_BY]')).toBe(a.datanets.length + a.adapters.length + a.contributors.length + a.records.length);
    const edges = await testGraph().read('MATCH (:Output {id: $id})-[i:INFLUENCED_BY]->() RETURN collect(DISTINCT i.methodVersion) AS v', { id: local(recorded.id) });
    expect(edges[0]!.v).toEqual([ATTRIBUTION_METHOD_VERSION]);
    // The output node has the seed's keys (the corpus it was attributed over included), plus the fee.
    const keys = await testGraph().read('UNWIND [$a, $b] AS id MATCH (o:Output {id: id}) RETURN o.id AS id, keys(o) AS keys', { a: local(recorded.id), b: plan.outputs[0]!.id });
    const keysOf = (id: string) => (keys.find((r) => r.id === id)!.keys as string[]).sort();
    expect(keysOf(local(recorded.id))).toEqual([...keysOf(plan.outputs[0]!.id), 'fee'].sort());
  });

  it('a replay with the same idempotency key returns the same output and pays nothing twice', async () => {
    const before = await graphCounts();
    const again = expectOk(await call(RECORD_OUTPUT, { modelId: model, text: quoteBoth, prompt: 'Tell me something.', fee, idempotencyKey: 'attr-fee-1' }, owner.key));
    expect(again.recordOutput.output.id).toBe(recorded.id);
    expect(await graphCounts()).toEqual(before);
  });

  it('contributors see their payouts and an exact balance; the policy in force is queryable', async () => {
    const q = `query($id: ID!) { contributor(id: $id) { balance payouts(first: 10) { totalCount edges { node { amount role output { id } policy { id } } } } } }`;
    const mine = expectOk(await gql(api.url, q, { id: c1.id })).contributor;
    expect(mine.payouts.totalCount).toBe(1);
    const paid = mine.payouts.edges[0].node;
    expect(paid).toMatchObject({ role: 'DATA_CONTRIBUTOR', output: { id: recorded.id }, policy: { id: DEFAULT_REWARD_POLICY.id } });
    expect(mine.balance).toBe(paid.amount);
    const v = expectOk(await gql(api.url, q, { id: val.id })).contributor;
    expect(v.payouts.edges.map((e: any) => e.node.role)).toEqual(['VALIDATOR']);
    const policy = expectOk(await gql(api.url, '{ rewardPolicy { id version platform adapterBuilders dataContributors validators modelOwnerAtLeast inForceFrom } }')).rewardPolicy;
    expect(policy).toMatchObject({ id: DEFAULT_REWARD_POLICY.id, version: 1, platform: 0.05, adapterBuilders: 0.15, dataContributors: 0.6, validators: 0.05, inForceFrom: DEFAULT_REWARD_POLICY.inForceFrom });
    expect(policy.modelOwnerAtLeast).toBeCloseTo(0.15, 12);
    const noFee = expectOk(await call(RECORD_OUTPUT, { modelId: model, text: quoteOne }, owner.key)).recordOutput.output;
    expect(noFee.rewards).toEqual([]);
    expect(JSON.parse(noFee.logEntry.entry)).not.toHaveProperty('fee');
  });

  it('is all-or-nothing: when the log append fails, the output, its attribution and its payouts roll back with it', async () => {
    const g = testGraph();
    const [head] = await g.read('MATCH (h:LogHead) RETURN h.frontier AS frontier');
    const before = await graphCounts();
    // A head whose frontier no longer matches its size: appendLogEntry refuses it, after the output and payouts were written.
    await g.write((tx) => tx.run('MATCH (h:LogHead) SET h.frontier = []'));
    try {
      const failed = await call(RECORD_OUTPUT, { modelId: model, text: quoteBoth, fee: '500' }, owner.key);
      expect(outcome(failed)).not.toBe('OK');
      expect(failed.errors![0]!.message).toMatch(/frontier/);
    } finally {
      await g.write((tx) => tx.run('MATCH (h:LogHead) SET h.frontier = $f', { f: head!.frontier }));
    }
    expect(await graphCounts()).toEqual(before);
  });

  it('refuses an unknown model, empty text and oversized text with BAD_USER_INPUT, writing nothing', async () => {
    const before = await graphCounts();
    const unknown = await call(RECORD_OUTPUT, { modelId: 'Model:mdl_nope', text: quoteBoth, fee: '10' }, owner.key);
    expect(unknown.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'modelId' });
    const blank = await call(RECORD_OUTPUT, { modelId: model, text: ' \n\t ', fee: '10' }, owner.key);
    expect(blank.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'text' });
    const huge = await call(RECORD_OUTPUT, { modelId: model, text: 'word '.repeat(7000), fee: '10' }, owner.key);
    expect(huge.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'text' });
    expect(huge.errors![0]!.message).toMatch(/limit is 32768 bytes/);
    expect(outcome(await call(RECORD_OUTPUT, { modelId: model, text: quoteBoth }, c1.key))).toBe('FORBIDDEN');
    expect(await graphCounts()).toEqual(before);
  });

  it('a model with no eligible records gets coverage 0 and empty shares, and its fee goes to the platform and the owner', async () => {
    const lonely = expectOk(await call(M.registerAdapter, { name: 'Attr empty LoRA', baseModelId: base, trainedOn: [empty] }, builder.key)).registerAdapter.adapter.id;
    const m = expectOk(await call(M.registerModel, { name: 'Attr empty', version: '1', baseModelId: base, adapters: [{ adapterId: lonely, weight: 1 }] }, owner.key)).registerModel.model.id;
    const out = expectOk(await call(RECORD_OUTPUT, { modelId: m, text: rec1, fee: '999' }, owner.key)).recordOutput.output;
    expect(out.attribution).toMatchObject({ coverage: 0, datanets: [], adapters: [], contributors: [], records: [], spans: [] });
    expect(out.rewards.map((r: any) => [r.role, r.recipientId, r.amount])).toEqual([
      ['PLATFORM', 'platform', '50'], // 999 × 0.05 = 49.95 → 50 (largest remainder)
      ['MODEL_OWNER', owner.localId, '949'],
    ]);
    // The same text against the whole corpus does find c1's record: the model simply never saw it.
    const traced = expectOk(await gql(api.url, 'query($t: String!) { traceText(text: $t) { attribution { coverage } } }', { t: rec1 })).traceText;
    expect(traced.attribution.coverage).toBe(1);
  });
});

describe('Contributor.valueHistory', () => {
  it('lists share and earnings per model version and flags a version that halves the share', async () => {
    const v1 = expectOk(await call(M.registerModel, { name: 'Attr history', version: '1', baseModelId: base, adapters: [{ adapterId: adapter, weight: 1 }] }, owner.key)).registerModel.model.id;
    const v2 = expectOk(
      await call(M.registerModel, { name: 'Attr history', version: '2', baseModelId: base, adapters: [{ adapterId: adapter, weight: 1 }], previousVersionId: v1 }, owner.key),
    ).registerModel.model.id;
    // v1 quotes only c1; v2 quotes c1 and c2 about equally.
    const o1 = expectOk(await call(RECORD_OUTPUT, { modelId: v1, text: quoteOne, fee: '1000' }, owner.key)).recordOutput.output;
    const o2 = expectOk(await call(RECORD_OUTPUT, { modelId: v2, text: quoteBoth, fee: '1000' }, owner.key)).recordOutput.output;
    const share = (o: any) => o.attribution.contributors.find((c: any) => c.contributor.id === c1.id)?.share ?? 0;
    expect(share(o1)).toBe(1);
    expect(share(o2)).toBeGreaterThan(0.3);
    expect(share(o2)).toBeLessThan(0.7);

    const q = `query($id: ID!, $t: Float) { contributor(id: $id) { valueHistory(threshold: $t) {
      model { id } previousVersion { id } outputsAttributed outputsCredited meanShare totalCredit earnings dropFromPrevious flagged } } }`;
    const history = expectOk(await gql(api.url, q, { id: c1.id, t: 0.25 })).contributor.valueHistory as any[];
    const row = (id: string) => history.find((h) => h.model.id === id);
    const earned = (o: any) => String(o.rewards.filter((r: any) => r.recipientId === c1.localId).reduce((s: bigint, r: any) => s + BigInt(r.amount), 0n));
    expect(row(v1)).toMatchObject({ previousVersion: null, outputsAttributed: 1, outputsCredited: 1, meanShare: 1, totalCredit: 1, earnings: earned(o1), dropFromPrevious: null, flagged: false });
    expect(row(v2)).toMatchObject({ previousVersion: { id: v1 }, outputsAttributed: 1, outputsCredited: 1, earnings: earned(o2), flagged: true });
    expect(row(v2).meanShare).toBeCloseTo(share(o2), 12);
    expect(row(v2).dropFromPrevious).toBeCloseTo(1 - share(o2), 12);
    // Versions come oldest first; the first test's model is there too.
    expect(history.map((h) => h.model.id)).toEqual([model, v1, v2].filter((id) => history.some((h) => h.model.id === id)));
    expect(row(model)).toBeDefined();

    const lenient = expectOk(await gql(api.url, q, { id: c1.id, t: 0.9 })).contributor.valueHistory as any[];
    expect(lenient.find((h) => h.model.id === v2).flagged).toBe(false);
    expect(outcome(await gql(api.url, q, { id: c1.id, t: 1.5 }))).toBe('BAD_USER_INPUT');

    // A later version that stops crediting c1 still shows up, with a 100 % drop.
    const v3 = expectOk(
      await call(M.registerModel, { name: 'Attr history', version: '3', baseModelId: base, adapters: [{ adapterId: adapter, weight: 1 }], previousVersionId: v2 }, owner.key),
    ).registerModel.model.id;
    expectOk(await call(RECORD_OUTPUT, { modelId: v3, text: `${words(rec2, 0, 20)}.` }, owner.key));
    const later = expectOk(await gql(api.url, q, { id: c1.id, t: 0.25 })).contributor.valueHistory as any[];
    expect(later.find((h) => h.model.id === v3)).toMatchObject({ outputsAttributed: 1, outputsCredited: 0, meanShare: 0, totalCredit: 0, earnings: '0', dropFromPrevious: 1, flagged: true });
  });
});

describe('dataset-level Shapley', () => {
  const v2 = plan.coalitionScores.modelId;
  const [licenses, glossary, factbook] = ['dn_licenses', 'dn_legal-glossary', 'dn_factbook'].map((id) => `Datanet:${id}`);
  const SHAPLEY = `query($id: ID!) { model(id: $id) { datanetShapley { method coalitionCount total permutations values { datanet { id name } value standardError } } } }`;

  it('gives the seeded classic overlap example 0.3 / 0.3 / 0.3, exactly', async () => {
    const s = expectOk(await gql(api.url, SHAPLEY, { id: `Model:${v2}` })).model.datanetShapley;
    expect(s).toMatchObject({ method: 'EXACT', coalitionCount: 8, permutations: null });
    expect(s.total).toBeCloseTo(0.9, 12);
    expect(s.values.map((v: any) => v.datanet.id).sort()).toEqual([licenses, glossary, factbook].sort());
    for (const v of s.values) {
      expect(v.value).toBeCloseTo(0.3, 12);
      expect(v.standardError).toBe(0);
    }
    console.log('datanetShapley of the demo model v2:', s.values.map((v: any) => `${v.datanet.name} = ${v.value.toFixed(6)}`).join(', '));
    expect(expectOk(await gql(api.url, SHAPLEY, { id: `Model:${plan.models[0]!.id}` })).model.datanetShapley).toBeNull();
  });

  it('refuses a table with a missing coalition, naming it; accepts a complete one from the adapter builder; forbids others', async () => {
    const submit = `mutation($input: SubmitCoalitionScoresInput!) { submitCoalitionScores(input: $input) { model { id } datanetShapley { method values { datanet { id } value } } } }`;
    const full = [
      { datanetIds: [], score: 0 },
      { datanetIds: [licenses], score: 0.6 },
      { datanetIds: [glossary], score: 0.6 },
      { datanetIds: [factbook], score: 0.3 },
      { datanetIds: [licenses, glossary], score: 0.6 },
      { datanetIds: [licenses, factbook], score: 0.9 },
      { datanetIds: [glossary, factbook], score: 0.9 },
      { datanetIds: [licenses, glossary, factbook], score: 0.9 },
    ];
    const missing = await call(submit, { modelId: `Model:${v2}`, scores: full.filter((_, i) => i !== 5) }, ADMIN);
    expect(missing.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'scores' });
    expect(missing.errors![0]!.message).toContain(`{${[factbook, licenses].join(', ')}}`);
    expect(missing.errors![0]!.message).toMatch(/every one of the 7 non-empty coalitions/);
    const stranger = await call(M.createDatanet, { name: 'Attr stranger', admission: 'OPEN' }, ADMIN);
    const notTheirs = await call(submit, { modelId: `Model:${v2}`, scores: [...full, { datanetIds: [stranger.data.createDatanet.datanet.id], score: 1 }] }, ADMIN);
    expect(notTheirs.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'scores.8.datanetIds.0' });
    const twice = await call(submit, { modelId: `Model:${v2}`, scores: [...full, { datanetIds: [glossary, licenses], score: 0.5 }] }, ADMIN);
    expect(twice.errors![0]!.message).toMatch(/scored twice/);

    // On the test model: its adapter's builder may submit (two datanets, one redundant); the other contributors may not.
    const scores = [
      { datanetIds: [reviewed], score: 0.8 },
      { datanetIds: [open], score: 0.2 },
      { datanetIds: [open, reviewed], score: 0.8 },
    ];
    expect(outcome(await call(submit, { modelId: model, scores }, c1.key))).toBe('FORBIDDEN');
    const done = expectOk(await call(submit, { modelId: model, scores, idempotencyKey: 'shapley-1' }, builder.key)).submitCoalitionScores;
    const value = (id: string) => done.datanetShapley.values.find((v: any) => v.datanet.id === id).value;
    expect(done.datanetShapley.method).toBe('EXACT');
    expect(value(reviewed)).toBeCloseTo(0.7, 12);
    expect(value(open)).toBeCloseTo(0.1, 12);
    const plan3 = expectOk(await gql(api.url, 'query($id: ID!, $d: [ID!]!) { model(id: $id) { coalitionsToScore(datanetIds: $d) { method coalitions { datanetIds } } } }', { id: model, d: [reviewed, open] })).model.coalitionsToScore;
    expect(plan3).toMatchObject({ method: 'EXACT' });
    expect(plan3.coalitions).toHaveLength(3);
  });
});

describe('verifyAttribution', () => {
  const VERIFY = `query($id: ID!) { verifyAttribution(outputId: $id) { matches storedMethodVersion runningMethodVersion differences corpusAsOf corpusRecords rebuiltCorpus
    recomputed { coverage contributors { contributor { id } share } } stored { coverage } } }`;
  const seeded = plan.outputs.find((o) => o.attribution.contributors.length >= 2)!;

  it('matches for a seeded output (over the corpus as it was then) and for a recorded one', async () => {
    const check = expectOk(await gql(api.url, VERIFY, { id: `Output:${seeded.id}` })).verifyAttribution;
    expect(check.differences).toEqual([]);
    expect(check).toMatchObject({ matches: true, storedMethodVersion: ATTRIBUTION_METHOD_VERSION, runningMethodVersion: ATTRIBUTION_METHOD_VERSION, rebuiltCorpus: true });
    expect(check.corpusRecords).toBe(plan.records.filter((r) => r.status === 'ACCEPTED').length);
    expect(check.recomputed.coverage).toBeCloseTo(seeded.attribution.coverage, 12);
    // Every seeded output verifies (they share one past corpus, rebuilt once).
    for (const o of [...plan.outputs, ...plan.agentOutputs]) {
      const each = expectOk(await gql(api.url, 'query($id: ID!) { verifyAttribution(outputId: $id) { matches differences } }', { id: `Output:${o.id}` })).verifyAttribution;
      expect(each, o.id).toEqual({ matches: true, differences: [] });
    }

    const out = expectOk(await call(RECORD_OUTPUT, { modelId: model, text: quoteBoth, fee: '77' }, owner.key)).recordOutput.output;
    const mine = expectOk(await gql(api.url, VERIFY, { id: out.id })).verifyAttribution;
    expect(mine.differences).toEqual([]);
    expect(mine.matches).toBe(true);
  });

  it('reports the difference after a stored share is tampered with in Cypher, against the recomputation and the log', async () => {
    const target = seeded.attribution.contributors[0]!;
    await testGraph().write((tx) =>
      tx.run('MATCH (:Output {id: $o})-[i:INFLUENCED_BY]->(:Contributor {id: $c}) SET i.share = i.share + 0.05', { o: seeded.id, c: target.id }),
    );
    const check = expectOk(await gql(api.url, VERIFY, { id: `Output:${seeded.id}` })).verifyAttribution;
    expect(check.matches).toBe(false);
    const gid = `Contributor:${target.id}`;
    expect(check.differences).toContain(`contributors: ${gid} share stored ${Number((target.share + 0.05).toPrecision(12))}, recomputed ${Number(target.share.toPrecision(12))}`);
    expect(check.differences.some((d: string) => d.startsWith(`log: contributors: ${gid} share stored`))).toBe(true);
    expect(check.differences).toHaveLength(2);
  });

  it('recomputes an attribution made with span-trace/1 with span-trace/1 (over an index built that way), and catches a tampered one', async () => {
    // The demo outputs as span-trace/1 attributed them, written under new ids with their own log entries.
    const old = buildDemoPlan(SPAN_TRACE_V1).outputs.map((o) => ({ ...o, id: `${o.id}-v1` }));
    expect(old.every((o) => o.attribution.methodVersion === 'span-trace/1+owen/1')).toBe(true);
    // The two methods really differ on these outputs, so a match proves the old method ran.
    expect(old.some((o) => o.attribution.coverage !== plan.outputs.find((p) => `${p.id}-v1` === o.id)!.attribution.coverage)).toBe(true);
    await testGraph().write(async (tx) => {
      await importPlanOutputs(tx, old);
      await logPlanOutputs(tx, old);
    });
    for (const o of old) {
      const check = expectOk(await gql(api.url, VERIFY, { id: `Output:${o.id}` })).verifyAttribution;
      expect(check.differences, o.id).toEqual([]);
      expect(check).toMatchObject({ matches: true, storedMethodVersion: 'span-trace/1+owen/1', runningMethodVersion: ATTRIBUTION_METHOD_VERSION, rebuiltCorpus: true });
      expect(check.recomputed.coverage).toBeCloseTo(o.attribution.coverage, 12);
    }
    const target = old.find((o) => o.attribution.contributors.length >= 1)!;
    const contributor = target.attribution.contributors[0]!;
    await testGraph().write((tx) =>
      tx.run('MATCH (:Output {id: $o})-[i:INFLUENCED_BY]->(:Contributor {id: $c}) SET i.share = i.share / 2', { o: target.id, c: contributor.id }),
    );
    const tampered = expectOk(await gql(api.url, VERIFY, { id: `Output:${target.id}` })).verifyAttribution;
    expect(tampered.matches).toBe(false);
    expect(tampered.differences.some((d: string) => d.startsWith(`contributors: Contributor:${contributor.id} share stored`))).toBe(true);
  });

  it('refuses another method version with a clear message, and an unknown output with NOT_FOUND', async () => {
    const other = plan.outputs.find((o) => o.id !== seeded.id)!;
    await testGraph().write((tx) => tx.run("MATCH (o:Output {id: $o}) SET o.attributionMethodVersion = 'span-trace/0+owen/1'", { o: other.id }));
    const refused = await gql(api.url, VERIFY, { id: `Output:${other.id}` });
    expect(refused.errors![0]!.extensions!.code).toBe('CONFLICT');
    expect(refused.errors![0]!.message).toContain(`attributed with span-trace+owen-coverage span-trace/0+owen/1; this server runs span-trace+owen-coverage ${ATTRIBUTION_METHOD_VERSION}`);
    expect(outcome(await gql(api.url, VERIFY, { id: 'Output:out_nope' }))).toBe('NOT_FOUND');
    expect(outcome(await gql(api.url, VERIFY, { id: 'Model:mdl_nope' }))).toBe('BAD_USER_INPUT');
  });
});
