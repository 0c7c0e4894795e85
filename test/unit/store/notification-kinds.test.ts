import { describe, expect, it } from 'vitest';
import { enqueueProposalNamed, enqueueValueDropped, valueDropSubscriptions } from '../../../api/store/webhooks.js';
import { int } from '../../../api/store/values.js';
import { recording } from './recording.js';

// The statements of the VALUE_DROPPED and PROPOSAL_NAMED notifications, pinned (no database).
describe('notification kinds store', () => {
  it('enqueues PROPOSAL_NAMED for proposals since the cursor whose subject is the subscriber or their datanet', async () => {
    const { tx, sent } = recording([[{ found: int(1) }]]);
    expect(await enqueueProposalNamed(tx, { lagMs: 60_000, limit: 10_000 })).toBe(1);
    expect(sent[0]!.cypher).toContain("MERGE (d:WebhookDelivery {id: s.id + '/' + eventId})");
    expect(sent[0]!.cypher).toContain('MATCH (c:Contributor {id: dn.ownerId})');
    expect(sent).toMatchSnapshot();
  });

  it('lists VALUE_DROPPED subscribers and enqueues flagged versions once per event id', async () => {
    const { tx, graph, sent } = recording([[{ subscriptionId: 'whs_1', contributorId: 'ctb_1' }], [{ found: int(1) }]]);
    expect(await valueDropSubscriptions(graph, 1000)).toEqual([{ subscriptionId: 'whs_1', contributorId: 'ctb_1' }]);
    expect(await enqueueValueDropped(tx, [{ subscriptionId: 'whs_1', contributorId: 'ctb_1', modelId: 'mdl_2', payload: '{"meanShare":0}' }])).toBe(1);
    expect(await enqueueValueDropped(tx, [])).toBe(0);
    expect(sent).toHaveLength(2);
    expect(sent).toMatchSnapshot();
  });
});
