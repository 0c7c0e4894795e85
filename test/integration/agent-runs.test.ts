import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../api/log/canonical-json.js';
import { gql, startTestApi, type TestApi } from './support/api.js';
import { expectOk, graphCounts, M, member, passage, type Member } from './support/contributions.js';
import { resetGraph } from './support/graph.js';

// Agent runs end to end (docs/architecture.md#agent-runs): an agent's output records its steps; a retrieved record
// that no model trained on, and a called model's training data, are credited for the spans they explain; lineage
// walks through the steps; the log entry carries the steps' digest; verifyAttribution recomputes it all.
const ADMIN = 'test-admin-key-agent-runs';
let api: TestApi;
let owner: Member;
let subBuilder: Member;
const writers: Record<'own' | 'retrieved' | 'sub', Member> = {} as never;
const records: Record<'own' | 'retrieved' | 'sub', string> = {} as never;
let agentModel: string;
let subModel: string;
let ownAdapter: string;
let subAdapter: string;
const texts = { own: passage('agentown', 40), retrieved: passage('agentret', 40), sub: passage('agentsub', 40) };
const quote = (text: string) => text.split(' ').slice(0, 18).join(' ');
const outputText = `${quote(texts.own)}. Then ${quote(texts.retrieved)}. Also ${quote(texts.sub)}. And a closing remark of the agent.`;

const OUTPUT = `query($id: ID!) { output(id: $id) {
  id agentStepsDigest logEntry { entry }
  attribution { coverage adapters { adapter { id } share } contributors { contributor { id } share } records { record { id } share } }
  steps { id stepId position kind name text textHash share records { id } model { id } dependsOn { stepId } output { id } }
  rewards { recipientId role amount }
} }`;

const steps = () => [
  { id: 'search', kind: 'TOOL_CALL', name: 'web_search', text: 'three results about the topic' },
  { id: 'fetch', kind: 'RETRIEVAL', recordIds: [records.retrieved], dependsOn: ['search'] },
  { id: 'ask-sub', kind: 'MODEL_CALL', modelId: subModel, text: quote(texts.sub), dependsOn: ['fetch'] },
  { id: 'draft', kind: 'PARTIAL_OUTPUT', text: 'a first draft', dependsOn: ['fetch', 'ask-sub'] },
];

beforeAll(async () => {
  await resetGraph();
  api = await startTestApi({ adminKey: ADMIN, seed: false });
  const handles = ['agent-owner', 'agent-sub-builder', 'agent-own-writer', 'agent-retrieved-writer', 'agent-sub-writer'];
  const people = await Promise.all(handles.map((h) => member(api.url, ADMIN, h, ['CONTRIBUTOR'])));
  [owner, subBuilder, writers.own, writers.retrieved, writers.sub] = people as [Member, Member, Member, Member, Member];
  const datanet = async (name: string) => expectOk(await gql(api.url, M.createDatanet, { input: { name, admission: 'OPEN' } }, ADMIN)).createDatanet.datanet.id as string;
  const nets = { own: await datanet('Agent own'), retrieved: await datanet('Agent retrieved'), sub: await datanet('Agent sub') };
  for (const k of ['own', 'retrieved', 'sub'] as const) {
    const input = { datanetId: nets[k], records: [{ text: texts[k], license: 'CC0-1.0' }] };
    records[k] = expectOk(await gql(api.url, M.submitRecords, { input }, writers[k].key)).submitRecords.records[0].id;
  }
  const base = expectOk(await gql(api.url, M.registerBaseModel, { input: { name: 'Agent Base', family: 'f' } }, ADMIN)).registerBaseModel.baseModel.id;
  ownAdapter = expectOk(await gql(api.url, M.registerAdapter, { input: { name: 'Agent LoRA', baseModelId: base, trainedOn: [nets.own] } }, owner.key)).registerAdapter.adapter.id;
  subAdapter = expectOk(await gql(api.url, M.registerAdapter, { input: { name: 'Sub LoRA', baseModelId: base, trainedOn: [nets.sub] } }, subBuilder.key)).registerAdapter.adapter.id;
  agentModel = expectOk(await gql(api.url, M.registerModel, { input: { name: 'Agent', version: '1', baseModelId: base, adapters: [{ adapterId: ownAdapter, weight: 1 }] } }, owner.key)).registerModel.model.id;
  subModel = expectOk(await gql(api.url, M.registerModel, { input: { name: 'Sub', version: '1', baseModelId: base, adapters: [{ adapterId: subAdapter, weight: 1 }] } }, subBuilder.key)).registerModel.model.id;
});
afterAll(async () => {
  await api.stop();
});

const share = (list: Array<Record<string, { id: string } | number>>, key: string, id: string) =>
  (list.find((x) => (x[key] as { id: string }).id === id)?.share as number | undefined) ?? 0;

describe('agent runs', () => {
  let agentOutput: string;

  it('without steps, the agent model alone explains only what it trained on', async () => {
    const id = expectOk(await gql(api.url, M.recordOutput, { input: { modelId: agentModel, text: outputText } }, owner.key)).recordOutput.output.id;
    const o = expectOk(await gql(api.url, OUTPUT, { id })).output;
    expect(o.attribution.records.map((r: { record: { id: string } }) => r.record.id)).toEqual([records.own]);
    expect(o.steps).toEqual([]);
    expect(o.agentStepsDigest).toBeNull();
    // A plain output's log entry keeps the shape it always had: no run in it.
    expect(JSON.parse(o.logEntry.entry)).not.toHaveProperty('agentRun');
  });

  it('credits the retrieved record and the called model\'s lineage, records the steps, pays the sub-model\'s builder', async () => {
    const input = { modelId: agentModel, text: outputText, fee: '1000000', steps: steps(), idempotencyKey: 'agent-run-1' };
    agentOutput = expectOk(await gql(api.url, M.recordOutput, { input }, owner.key)).recordOutput.output.id;
    const o = expectOk(await gql(api.url, OUTPUT, { id: agentOutput })).output;
    const a = o.attribution;

    // Each of the three passages is explained, each by its own record, through its own path.
    for (const k of ['own', 'retrieved', 'sub'] as const) {
      expect(share(a.records, 'record', records[k])).toBeGreaterThan(0.2);
      expect(share(a.contributors, 'contributor', writers[k].id)).toBeGreaterThan(0.2);
    }
    // Adapters are real adapters only; the retrieval's part is the step's, not an adapter's.
    expect(a.adapters.map((x: { adapter: { id: string } }) => x.adapter.id).sort()).toEqual([ownAdapter, subAdapter].sort());
    const byStep = Object.fromEntries(o.steps.map((s: { stepId: string }) => [s.stepId, s]));
    expect(o.steps.map((s: { stepId: string; position: number }) => [s.stepId, s.position])).toEqual([['search', 0], ['fetch', 1], ['ask-sub', 2], ['draft', 3]]);
    expect(byStep.fetch.records).toEqual([{ id: records.retrieved }]);
    expect(byStep['ask-sub'].model).toEqual({ id: subModel });
    expect(byStep.draft.dependsOn.map((d: { stepId: string }) => d.stepId)).toEqual(['fetch', 'ask-sub']);
    expect(byStep.search.share).toBeNull();
    expect(byStep.draft.share).toBeNull();
    // The retrieval step earned what its record earned; the call what the sub-model's adapter earned.
    expect(byStep.fetch.share).toBeCloseTo(share(a.records, 'record', records.retrieved), 9);
    expect(byStep['ask-sub'].share).toBeCloseTo(share(a.adapters, 'adapter', subAdapter), 9);
    // The agent's own model keeps the rest: its adapter's share plus the steps' shares make the whole credit.
    const sumAdapters = a.adapters.reduce((s: number, x: { share: number }) => s + x.share, 0);
    expect(sumAdapters + byStep.fetch.share).toBeCloseTo(1, 9);
    expect(byStep.search.textHash).toMatch(/^[0-9a-f]{64}$/);

    // The sub-model's builder is paid as an adapter builder; the payouts sum to the fee.
    const rewards = o.rewards as Array<{ recipientId: string; role: string; amount: string }>;
    expect(rewards.some((r) => r.role === 'ADAPTER_BUILDER' && r.recipientId === subBuilder.localId)).toBe(true);
    expect(rewards.some((r) => r.role === 'DATA_CONTRIBUTOR' && r.recipientId === writers.retrieved.localId)).toBe(true);
    expect(rewards.reduce((s, r) => s + BigInt(r.amount), 0n)).toBe(1_000_000n);

    // The log entry carries the digest of the steps, recomputable from what Output.steps shows.
    const entry = JSON.parse(o.logEntry.entry);
    const local = (gid: string) => gid.split(':')[1];
    const digest = createHash('sha256').update(canonicalJson({
      version: 'agent-steps/1',
      steps: o.steps.map((s: any) => ({
        id: s.stepId, kind: s.kind, name: s.name, textHash: s.textHash,
        recordIds: s.records.map((r: { id: string }) => local(r.id)).sort(), modelId: s.model ? local(s.model.id) : null,
        dependsOn: s.dependsOn.map((d: { stepId: string }) => d.stepId).sort(),
      })),
    })).digest('hex');
    expect(entry.agentRun).toEqual({
      stepsDigest: digest,
      steps: 4,
      stepShares: [{ id: 'fetch', share: byStep.fetch.share }, { id: 'ask-sub', share: byStep['ask-sub'].share }],
    });
    expect(o.agentStepsDigest).toBe(digest);
    // The adapters the log lists are the stored ones (no retrieval path).
    expect(entry.adapters.map((x: { id: string }) => x.id).sort()).toEqual([local(ownAdapter), local(subAdapter)].sort());
  });

  it('is idempotent by key: a replay returns the same output and writes nothing', async () => {
    const before = await graphCounts();
    const input = { modelId: agentModel, text: outputText, fee: '1000000', steps: steps(), idempotencyKey: 'agent-run-1' };
    const again = expectOk(await gql(api.url, M.recordOutput, { input }, owner.key)).recordOutput.output.id;
    expect(again).toBe(agentOutput);
    expect(await graphCounts()).toEqual(before);
  });

  it('shows the steps in lineage, upstream from the output and downstream from the retrieved record', async () => {
    const doc = `query($of: ID!, $d: LineageDirection) { lineage(of: $of, direction: $d, maxDepth: 2, first: 100) { edges { minDepth reachedBy node { __typename id } } } }`;
    const up = expectOk(await gql(api.url, doc, { of: agentOutput, d: 'UPSTREAM' })).lineage.edges as Array<{ minDepth: number; reachedBy: string[]; node: { __typename: string; id: string } }>;
    const steps = up.filter((e) => e.node.__typename === 'AgentStep');
    expect(steps).toHaveLength(4);
    expect(steps.every((e) => e.minDepth === 1 && e.reachedBy.includes('TOOK_STEP'))).toBe(true);
    expect(up.find((e) => e.node.id === subModel)?.reachedBy).toContain('CALLED');
    // The retrieved record is credited (INFLUENCED_BY, depth 1) and retrieved (RETRIEVED, depth 2 through the step).
    expect(up.find((e) => e.node.id === records.retrieved)?.minDepth).toBe(1);
    const down = expectOk(await gql(api.url, doc, { of: records.retrieved, d: 'DOWNSTREAM' })).lineage.edges as typeof up;
    const step = down.find((e) => e.node.__typename === 'AgentStep');
    expect(step?.reachedBy).toEqual(['RETRIEVED']);
    expect(down.find((e) => e.node.id === agentOutput)).toBeTruthy();
    // node(id:) loads a step by its global id.
    const one = expectOk(await gql(api.url, `query($id: ID!) { node(id: $id) { __typename ... on AgentStep { stepId output { id } } } }`, { id: step!.node.id })).node;
    expect(one).toEqual({ __typename: 'AgentStep', stepId: 'fetch', output: { id: agentOutput } });
  });

  it('exports the steps as PROV entities the output was derived from', async () => {
    const res = await fetch(`${api.url.replace(/\/graphql$/, '')}/prov/${agentOutput}?maxDepth=1`, { headers: { accept: 'application/ld+json' } });
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { '@graph': Array<Record<string, unknown>> };
    const stepNodes = doc['@graph'].filter((n) => (n['@type'] as string[] | undefined)?.includes('AgentStep'));
    expect(stepNodes).toHaveLength(4);
    expect(JSON.stringify(doc)).not.toContain('a first draft');
  });

  it('verifies the agent output: recomputed with its steps, the steps matching the log\'s digest', async () => {
    const doc = `query($id: ID!) { verifyAttribution(outputId: $id) { matches differences } }`;
    expect(expectOk(await gql(api.url, doc, { id: agentOutput })).verifyAttribution).toEqual({ matches: true, differences: [] });
  });

  it('refuses malformed runs with the field at fault, and writes nothing', async () => {
    const before = await graphCounts();
    const attempt = (s: unknown[]) => gql(api.url, M.recordOutput, { input: { modelId: agentModel, text: outputText, steps: s } }, owner.key);
    const cases: Array<[unknown[], string, string, RegExp]> = [
      [[{ id: 'a', kind: 'TOOL_CALL', dependsOn: ['b'] }, { id: 'b', kind: 'TOOL_CALL', dependsOn: ['a'] }], 'BAD_USER_INPUT', 'steps.0.dependsOn', /cycle \("a" → "b" → "a"\)/],
      [[{ id: 'a', kind: 'TOOL_CALL', dependsOn: ['nope'] }], 'BAD_USER_INPUT', 'steps.0.dependsOn.0', /names no step of this run/],
      [[{ id: 'a', kind: 'TOOL_CALL' }, { id: 'a', kind: 'TOOL_CALL' }], 'BAD_USER_INPUT', 'steps.1.id', /repeats the id/],
      [[{ id: 'a', kind: 'RETRIEVAL' }], 'BAD_USER_INPUT', 'steps.0.recordIds', /names the records it fetched/],
      [[{ id: 'a', kind: 'MODEL_CALL' }], 'BAD_USER_INPUT', 'steps.0.modelId', /names the model it called/],
      [[{ id: 'a', kind: 'RETRIEVAL', recordIds: ['Record:rec_missing'] }], 'NOT_FOUND', 'steps.0.recordIds.0', /names no record \(Record:rec_missing\)/],
      [[{ id: 'a', kind: 'MODEL_CALL', modelId: 'Model:mdl_missing' }], 'NOT_FOUND', 'steps.0.modelId', /names no model/],
      [Array.from({ length: 65 }, (_, i) => ({ id: `s${i}`, kind: 'TOOL_CALL' })), 'BAD_USER_INPUT', 'steps', /at most 64 steps/],
    ];
    for (const [s, code, field, message] of cases) {
      const res = await attempt(s);
      expect(res.errors?.[0]?.extensions, JSON.stringify(res.errors)).toMatchObject({ code, field });
      expect(res.errors?.[0]?.message).toMatch(message);
    }
    expect(await graphCounts()).toEqual(before);
  });
});
