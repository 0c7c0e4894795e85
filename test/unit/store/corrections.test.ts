import neo4j from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import * as corrections from '../../../api/store/corrections.js';
import { recording } from './recording.js';

const attribution = {
  method: 'span-trace+owen-coverage',
  methodVersion: 'span-trace/2+owen/1',
  coverage: 0.5,
  coverageByKind: [],
  datanets: [{ id: 'dn_1', share: 1 }],
  adapters: [],
  contributors: [{ id: 'ctb_1', share: 1 }],
  records: [{ id: 'rec_1', share: 1 }],
  spans: [],
};

describe('store/corrections statements', () => {
  it('a correction: the locked output with what it paid, its policy, the attribution replaced, compensations, the new log position', async () => {
    const { tx, sent } = recording([
      [{ logIndex: neo4j.int(4), fee: '1000', modelId: 'mdl_1', paid: [{ recipientId: 'ctb_1', role: 'DATA_CONTRIBUTOR', amount: '600', policyId: 'policy_default' }] }],
      [{ r: { properties: { id: 'policy_default', version: neo4j.int(1), platform: 0.05, adapterBuilders: 0.15, dataContributors: 0.6, validators: 0.05, inForceFrom: '2026-01-01T00:00:00Z' } } }],
      [{ removed: neo4j.int(3) }],
      [],
      [{ linked: neo4j.int(1) }],
      [{ linked: neo4j.int(1) }],
      [{ linked: neo4j.int(1) }],
      [{ written: neo4j.int(2), linked: neo4j.int(1) }],
      [{ marked: neo4j.int(1) }],
    ]);
    expect(await corrections.outputForCorrection(tx, 'out_1')).toEqual({
      logIndex: 4, fee: 1000n, modelId: 'mdl_1', paid: [{ recipientId: 'ctb_1', role: 'DATA_CONTRIBUTOR', amount: 600n, policyId: 'policy_default' }],
    });
    expect((await corrections.rewardPolicyById(tx, 'policy_default'))?.id).toBe('policy_default');
    await corrections.replaceAttribution(tx, { outputId: 'out_1', attribution, corpus: { records: 12, asOfMs: 1_770_000_000_000 } });
    await corrections.writeCompensations(tx, {
      outputId: 'out_1', proposalId: 'prop_1', policyId: 'policy_default', platformId: 'platform',
      rows: [{ recipientId: 'platform', role: 'PLATFORM', amount: 7n }, { recipientId: 'ctb_1', role: 'DATA_CONTRIBUTOR', amount: -7n }],
    });
    expect(await corrections.markCorrected(tx, { outputId: 'out_1', proposalId: 'prop_1', supersedes: 4, index: 9 })).toBe(1);
    expect(sent).toMatchSnapshot();
  });

  it('compensation ids sort after the output\'s own payouts', () => {
    expect(corrections.compensationId('out_1', 'prop_1', 0) > 'pay.out_1.999').toBe(true);
  });
});
