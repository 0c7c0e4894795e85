import { describe, expect, it } from 'vitest';
import { DEFAULT_REWARD_POLICY } from '../../../api/rewards/reward-policy.js';
import { ensureDefaultRewardPolicy, policyInForce, policyInForceTx, writePayouts, writePayoutsOf } from '../../../api/store/rewards.js';
import { recording } from './recording.js';

const storedPolicy = { p: { properties: { ...DEFAULT_REWARD_POLICY, id: 'policy_2', version: 2 } } };

describe('store/rewards statements', () => {
  it('ensureDefaultRewardPolicy MERGEs the default policy on its id', async () => {
    const { graph, sent } = recording();
    await ensureDefaultRewardPolicy(graph);
    expect(sent).toMatchSnapshot();
  });

  it('policyInForceTx reads the latest in force; with none, MERGEs the default and reads again', async () => {
    const found = recording([[storedPolicy]]);
    expect((await policyInForceTx(found.tx)).id).toBe('policy_2');
    expect(found.sent).toHaveLength(1);

    const none = recording([[], [], [{ p: { properties: DEFAULT_REWARD_POLICY } }]]);
    expect(await policyInForceTx(none.tx)).toEqual(DEFAULT_REWARD_POLICY);
    expect(none.sent).toMatchSnapshot();
  });

  it('policyInForce reads, and writes only when the graph has no policy', async () => {
    const found = recording([[storedPolicy]]);
    expect((await policyInForce(found.graph)).version).toBe(2);
    expect(found.sent).toHaveLength(1);
  });

  it('writePayouts: one UNWIND of rows with ids in split order, amounts as decimal strings; the platform is not linked', async () => {
    const { tx, sent } = recording([[{ written: 2, linked: 1 }]]);
    await writePayouts(tx, {
      outputId: 'out_1',
      policyId: 'policy_default',
      platformId: 'platform',
      payouts: [
        { recipientId: 'platform', role: 'PLATFORM', amount: 50n },
        { recipientId: 'ctb_1', role: 'MODEL_OWNER', amount: 10n ** 30n },
      ],
    });
    expect(sent).toMatchSnapshot();
    await expect(
      writePayouts(recording([[{ written: 1, linked: 0 }]]).tx, { outputId: 'o', policyId: 'p', platformId: 'platform', payouts: [{ recipientId: 'ctb_x', role: 'VALIDATOR', amount: 1n }] }),
    ).rejects.toThrow('linked 0/1');
    const none = recording();
    await writePayouts(none.tx, { outputId: 'o', policyId: 'p', platformId: 'platform', payouts: [] });
    expect(none.sent).toEqual([]);
  });

  it('writePayoutsOf: the payouts of several outputs in one UNWIND, ids per output; the counts cover them all', async () => {
    const { tx, sent } = recording([[{ written: 3, linked: 2 }]]);
    await writePayoutsOf(tx, {
      platformId: 'platform',
      outputs: [
        { outputId: 'out_1', policyId: 'policy_default', payouts: [{ recipientId: 'platform', role: 'PLATFORM', amount: 50n }, { recipientId: 'ctb_1', role: 'MODEL_OWNER', amount: 7n }] },
        { outputId: 'out_2', policyId: 'policy_default', payouts: [] },
        { outputId: 'out_3', policyId: 'policy_default', payouts: [{ recipientId: 'ctb_2', role: 'DATA_CONTRIBUTOR', amount: 3n }] },
      ],
    });
    expect(sent).toHaveLength(1);
    expect(sent).toMatchSnapshot();
    await expect(
      writePayoutsOf(recording([[{ written: 2, linked: 1 }]]).tx, {
        platformId: 'platform',
        outputs: [
          { outputId: 'o1', policyId: 'p', payouts: [{ recipientId: 'ctb_x', role: 'VALIDATOR', amount: 1n }] },
          { outputId: 'o2', policyId: 'p', payouts: [{ recipientId: 'ctb_y', role: 'VALIDATOR', amount: 1n }] },
        ],
      }),
    ).rejects.toThrow('linked 1/2');
  });
});
