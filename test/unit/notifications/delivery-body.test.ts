import { describe, expect, it } from 'vitest';
import { deliveryBody } from '../../../api/notifications/webhook-dispatcher.js';
import type { WebhookDeliveryShape } from '../../../api/store/webhooks.js';

const base: WebhookDeliveryShape = {
  id: 'whs_1/e', eventId: 'e', kind: 'RECORD_USED', subscriptionId: 'whs_1', contributorId: 'ctb_1', occurredAt: '2026-03-01T00:00:00.000Z',
  status: 'PENDING', attempts: 0, createdAt: '2026-03-01T00:00:00.000Z',
};

// What each kind of event says, with global ids a client can look up.
describe('delivery bodies', () => {
  it('RECORD_USED names the output and the records with their shares', () => {
    expect(JSON.parse(deliveryBody({ ...base, outputId: 'out_1', recordIds: ['rec_1'], shares: [0.5] }))).toEqual({
      id: 'e', kind: 'RECORD_USED', occurredAt: base.occurredAt, contributor: 'Contributor:ctb_1', output: 'Output:out_1', records: [{ id: 'Record:rec_1', share: 0.5 }],
    });
  });

  it('VALUE_DROPPED names the version, its previous version and the numbers behind the flag', () => {
    const payload = JSON.stringify({ previousModelId: 'mdl_1', meanShare: 0.1, previousMeanShare: 0.4, dropFromPrevious: 0.75, threshold: 0.25 });
    expect(JSON.parse(deliveryBody({ ...base, kind: 'VALUE_DROPPED', modelId: 'mdl_2', payload }))).toEqual({
      id: 'e', kind: 'VALUE_DROPPED', occurredAt: base.occurredAt, contributor: 'Contributor:ctb_1',
      model: 'Model:mdl_2', previousModel: 'Model:mdl_1', meanShare: 0.1, previousMeanShare: 0.4, dropFromPrevious: 0.75, threshold: 0.25,
    });
  });

  it('PROPOSAL_NAMED names the proposal, its kind and how it names the contributor', () => {
    expect(JSON.parse(deliveryBody({ ...base, kind: 'PROPOSAL_NAMED', proposalId: 'prp_1', proposalKind: 'CONTRIBUTOR_SANCTION', role: 'SUBJECT' }))).toEqual({
      id: 'e', kind: 'PROPOSAL_NAMED', occurredAt: base.occurredAt, contributor: 'Contributor:ctb_1', proposal: 'Proposal:prp_1', proposalKind: 'CONTRIBUTOR_SANCTION', role: 'SUBJECT',
    });
  });
});
