import { describe, expect, it } from 'vitest';
import { agentCredit, agentTraining, retrievalPath, stepProblems, type AgentStepInput } from '../../../api/attribution/agent-run.js';
import { recordPaths } from '../../../api/attribution/model-reach.js';
import type { AttributionShape } from '../../../api/attribution/attribution-shape.js';

const step = (id: string, kind: AgentStepInput['kind'], extra: Partial<AgentStepInput> = {}): AgentStepInput => ({
  id, kind, name: null, text: null, recordIds: [], modelId: null, dependsOn: [], ...extra,
});

describe('agent run steps', () => {
  it('accepts a DAG and names the first cycle step by step', () => {
    expect(stepProblems([step('a', 'TOOL_CALL'), step('b', 'TOOL_CALL', { dependsOn: ['a'] }), step('c', 'PARTIAL_OUTPUT', { dependsOn: ['a', 'b'] })])).toEqual([]);
    const cycle = stepProblems([step('a', 'TOOL_CALL', { dependsOn: ['c'] }), step('b', 'TOOL_CALL', { dependsOn: ['a'] }), step('c', 'TOOL_CALL', { dependsOn: ['b'] })]);
    expect(cycle).toHaveLength(1);
    expect(cycle[0]!.message).toContain('"a" → "c" → "b" → "a"');
  });

  it('checks each kind carries what it needs and nothing it cannot use', () => {
    const problems = stepProblems([step('r', 'RETRIEVAL'), step('m', 'MODEL_CALL'), step('t', 'TOOL_CALL', { recordIds: ['rec_1'], modelId: 'mdl_1' }), step('s', 'TOOL_CALL', { dependsOn: ['s'] })]);
    expect(problems.map((p) => p.path.join('.'))).toEqual(['steps.0.recordIds', 'steps.1.modelId', 'steps.2.recordIds', 'steps.2.modelId', 'steps.3.dependsOn.0']);
  });

  it('makes only the fetched records of a datanet reachable through a retrieval step', () => {
    const steps = [step('fetch', 'RETRIEVAL', { recordIds: ['rec_1'] })];
    const training = agentTraining([], steps, { recordDatanets: new Map([['rec_1', 'dn_1']]), modelTraining: new Map() });
    const meta = (recordId: string) => ({ recordId, clusterId: `cl_${recordId}`, datanetId: 'dn_1', contributorId: 'ctb_1', acceptedAtMs: 5 });
    expect(recordPaths(meta('rec_1'), training)).toEqual([{ adapterId: retrievalPath('fetch'), datanetId: 'dn_1' }]);
    expect(recordPaths(meta('rec_2'), training)).toEqual([]);
  });

  it('adds a called model\'s snapshots once, and splits an adapter both models use between them', () => {
    const own = [{ adapterId: 'ad_shared', datanetId: 'dn_1', snapshotAtMs: 10 }];
    const sub = [{ adapterId: 'ad_shared', datanetId: 'dn_1', snapshotAtMs: 10 }, { adapterId: 'ad_sub', datanetId: 'dn_2', snapshotAtMs: 10 }];
    const steps = [step('ask', 'MODEL_CALL', { modelId: 'mdl_sub' }), step('fetch', 'RETRIEVAL', { recordIds: ['rec_9'] }), step('t', 'TOOL_CALL')];
    const refs = { recordDatanets: new Map([['rec_9', 'dn_3']]), modelTraining: new Map([['mdl_sub', sub]]) };
    expect(agentTraining(own, steps, refs).map((t) => t.adapterId)).toEqual(['ad_shared', 'ad_sub', retrievalPath('fetch')]);
    const traced: AttributionShape = {
      method: 'm', methodVersion: 'v', coverage: 1, datanets: [], contributors: [], records: [], spans: [],
      adapters: [{ id: 'ad_shared', share: 0.4 }, { id: 'ad_sub', share: 0.35 }, { id: retrievalPath('fetch'), share: 0.25 }],
    };
    const credit = agentCredit(traced, own, steps, refs);
    expect(credit.attribution.adapters.map((a) => a.id)).toEqual(['ad_shared', 'ad_sub']);
    expect(credit.forFeeSplit.adapters).toHaveLength(3);
    expect(credit.stepShares.get('fetch')).toBeCloseTo(0.25, 12);
    expect(credit.stepShares.get('ask')).toBeCloseTo(0.35 + 0.4 / 2, 12);
    expect(credit.stepShares.has('t')).toBe(false);
  });
});
