import { describe, expect, it } from 'vitest';
import { lockModelForCoalitionScores, storedCoalitionScores, writeCoalitionScores } from '../../../api/store/coalitions.js';
import { recording } from './recording.js';

describe('store/coalitions statements', () => {
  it('lockModelForCoalitionScores: existence, owner, builders, trained datanets and the actor\'s roles, locking the model', async () => {
    const { tx, sent } = recording([[{ exists: true, ownerId: 'ctb_o', builders: ['ctb_b', null], datanets: ['dn_1'], roles: ['CONTRIBUTOR'] }]]);
    expect(await lockModelForCoalitionScores(tx, { modelId: 'mdl_1', actorId: 'ctb_b' })).toEqual({
      exists: true, ownerId: 'ctb_o', builders: ['ctb_b'], datanets: ['dn_1'], roles: ['CONTRIBUTOR'],
    });
    expect(sent).toMatchSnapshot();
  });

  it('writeCoalitionScores MERGEs the one table of the model, entries sorted, as JSON', async () => {
    const { tx, sent } = recording();
    await writeCoalitionScores(tx, { modelId: 'mdl_1', players: ['dn_1', 'dn_2'], scores: [{ datanetIds: ['dn_2', 'dn_1'], score: 0.9 }], submittedBy: null });
    expect(sent).toMatchSnapshot();
  });

  it('storedCoalitionScores: one UNWIND over the model ids', async () => {
    const props = { modelId: 'mdl_1', datanetIds: ['dn_1'], scores: '[{"datanetIds":["dn_1"],"score":1}]', submittedBy: 'ctb_o', submittedAt: '2026-01-01T00:00:00.000Z' };
    const { graph, sent } = recording([[{ t: { properties: props } }]]);
    const found = await storedCoalitionScores(graph, ['mdl_1', 'mdl_2']);
    expect(found.get('mdl_1')).toEqual({ ...props, scores: [{ datanetIds: ['dn_1'], score: 1 }] });
    expect(found.has('mdl_2')).toBe(false);
    expect(sent).toMatchSnapshot();
  });
});
