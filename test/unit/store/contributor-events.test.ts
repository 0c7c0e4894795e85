import { describe, expect, it } from 'vitest';
import { contributorEventsAfter, proposalNamedEventsOfProposal, recordUsedEventsOfOutput } from '../../../api/store/contributor-events.js';
import { enqueueProposalNamedCypher, enqueueRecordUsedCypher } from '../../../api/store/webhooks.js';
import { recording } from './recording.js';

// The event stream's reads (replay by position, events of one committed write), pinned (no database).
describe('contributor events store', () => {
  it('replays RECORD_USED and PROPOSAL_NAMED after a position, oldest first, bounded', async () => {
    const row = { event: { eventId: 'record-used:out_1:ctb_1', kind: 'RECORD_USED', contributorId: 'ctb_1', outputId: 'out_1', recordIds: ['rec_1'], shares: [1], occurredAt: 'x', at: 'x' } };
    const { graph, sent } = recording([[row], []]);
    const after = { at: '2026-03-01T10:00:00.5Z', eventId: 'record-used:out_0:ctb_1' };
    expect(await contributorEventsAfter(graph, 'RECORD_USED', 'ctb_1', after, 100)).toEqual([row.event]);
    expect(await contributorEventsAfter(graph, 'PROPOSAL_NAMED', 'ctb_1', after, 100)).toEqual([]);
    expect(sent[0]!.cypher).toMatch(/^MATCH \(c:Contributor \{id: \$contributorId\}\)/);
    expect(sent[1]!.cypher).toContain('MATCH (c:Contributor {id: dn.ownerId})');
    expect(sent).toMatchSnapshot();
  });

  it('reads the events of one output or proposal for the contributors listening', async () => {
    const { graph, sent } = recording([[], []]);
    await recordUsedEventsOfOutput(graph, 'out_1', ['ctb_1', 'ctb_2']);
    await proposalNamedEventsOfProposal(graph, 'prop_1', ['ctb_1']);
    expect(sent).toMatchSnapshot();
  });

  it('names events as the webhook scan does', async () => {
    const { graph, sent } = recording([[], [], [], []]);
    await recordUsedEventsOfOutput(graph, 'out_1', ['ctb_1']);
    await proposalNamedEventsOfProposal(graph, 'prop_1', ['ctb_1']);
    expect(sent[0]!.cypher).toContain(`'record-used:' + o.id + ':' + c.id AS eventId`);
    expect(enqueueRecordUsedCypher).toContain(`'record-used:' + o.id + ':' + c.id AS eventId`);
    expect(sent[1]!.cypher).toContain(`'proposal-named:' + p.id + ':' + c.id AS eventId`);
    expect(enqueueProposalNamedCypher).toContain(`'proposal-named:' + p.id + ':' + c.id AS eventId`);
  });
});
