import { describe, expect, it } from 'vitest';
import { adapterBuilders, createAgentSteps, stepReferences } from '../../../api/store/agent-steps.js';
import { stepsByOutput } from '../../../api/store/reads/agent-steps.js';
import { int } from '../../../api/store/values.js';
import { recording } from './recording.js';

// Every statement an agent run sends, pinned (no database).
describe('agent steps store', () => {
  it('reads what the steps name: records with their datanets, models that exist', async () => {
    const { graph, sent } = recording([[{ records: [{ id: 'rec_1', datanetId: 'dn_1' }], models: ['mdl_2'] }]]);
    const found = await stepReferences(graph, { recordIds: ['rec_1', 'rec_x'], modelIds: ['mdl_2'] });
    expect(found.recordDatanets).toEqual(new Map([['rec_1', 'dn_1']]));
    expect(found.models).toEqual(new Set(['mdl_2']));
    expect(sent).toMatchSnapshot();
  });

  it('writes the steps, the digest on the output, and one statement per edge kind', async () => {
    const { tx, sent } = recording([[{ created: int(3) }], [{ linked: int(2) }], [{ linked: int(1) }], [{ linked: int(1) }]]);
    const step = { name: null, text: null, textHash: null, share: null, recordIds: [] as string[], modelId: null, dependsOn: [] as string[] };
    await createAgentSteps(tx, {
      outputId: 'out_1',
      digest: 'd'.repeat(64),
      steps: [
        { ...step, id: 'fetch', kind: 'RETRIEVAL', nodeId: 'out_1.0', position: 0, recordIds: ['rec_1'], share: 0.25 },
        { ...step, id: 'ask', kind: 'MODEL_CALL', nodeId: 'out_1.1', position: 1, modelId: 'mdl_2', dependsOn: ['fetch'], share: 0.5 },
        { ...step, id: 'draft', kind: 'PARTIAL_OUTPUT', nodeId: 'out_1.2', position: 2, text: 'x', textHash: 'h'.repeat(64), dependsOn: ['ask'] },
      ],
    });
    expect(sent[0]!.cypher).toContain('CREATE (o)-[:TOOK_STEP]->(st)');
    expect(sent).toMatchSnapshot();
  });

  it('refuses to store less than the run when an edge end is missing', async () => {
    const { tx } = recording([[{ created: int(1) }], [{ linked: int(0) }]]);
    const run = createAgentSteps(tx, {
      outputId: 'out_1',
      digest: 'd'.repeat(64),
      steps: [{ id: 'fetch', kind: 'RETRIEVAL', name: null, text: null, textHash: null, share: 0, recordIds: ['rec_gone'], modelId: null, dependsOn: [], nodeId: 'out_1.0', position: 0 }],
    });
    await expect(run).rejects.toThrow(/linked 0 of 1 RETRIEVED edges/);
  });

  it('reads the builders of called models\' adapters, and the steps of outputs in order', async () => {
    const { tx, graph, sent } = recording([[{ adapterId: 'ad_2', builderId: 'ctb_9' }], []]);
    expect(await adapterBuilders(tx, ['ad_2'])).toEqual([{ adapterId: 'ad_2', builderId: 'ctb_9' }]);
    expect(await stepsByOutput(graph, ['out_1'])).toEqual(new Map());
    expect(sent).toMatchSnapshot();
  });
});
