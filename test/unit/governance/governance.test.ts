import { describe, expect, it } from 'vitest';
import { gini, topTenShare } from '../../../api/governance/concentration.js';
import { eligibleTraining } from '../../../api/governance/eligibility.js';
import { passes, quorumReached } from '../../../api/governance/governance-policy.js';
import { simulateRewardPolicy, type RecordedOutput } from '../../../api/governance/policy-simulation.js';
import { proposalAction } from '../../../api/governance/proposal-kinds.js';
import { DEFAULT_REWARD_POLICY } from '../../../api/rewards/reward-policy.js';
import { PLATFORM_RECIPIENT, splitOutputFee, type Payout } from '../../../api/rewards/split-fee.js';
import { withholdSanctioned } from '../../../api/rewards/withhold.js';
import { rewardPolicyInput } from '../../../api/use-cases/reward-policy-input.js';

const rules = { quorumBps: 1000, thresholdBps: 5000 };

describe('tally', () => {
  it('quorum counts abstentions; nobody eligible is no quorum', () => {
    expect(quorumReached({ yes: 0, no: 0, abstain: 1, eligibleVoters: 10 }, 1000)).toBe(true);
    expect(quorumReached({ yes: 0, no: 0, abstain: 0, eligibleVoters: 10 }, 1000)).toBe(false);
    expect(quorumReached({ yes: 1, no: 0, abstain: 0, eligibleVoters: 11 }, 1000)).toBe(false);
    expect(quorumReached({ yes: 0, no: 0, abstain: 0, eligibleVoters: 0 }, 0)).toBe(false);
  });
  it('passing needs YES strictly above the threshold of YES + NO', () => {
    expect(passes({ yes: 2, no: 1, abstain: 0, eligibleVoters: 3 }, rules)).toBe(true);
    expect(passes({ yes: 1, no: 1, abstain: 5, eligibleVoters: 7 }, rules)).toBe(false);
    expect(passes({ yes: 0, no: 2, abstain: 1, eligibleVoters: 3 }, rules)).toBe(false);
  });
  it('actions follow the subject\'s state when proposed', () => {
    expect(proposalAction('DATANET_ELIGIBILITY', false)).toBe('SUSPEND_DATANET');
    expect(proposalAction('DATANET_ELIGIBILITY', true)).toBe('ADMIT_DATANET');
    expect(proposalAction('CONTRIBUTOR_SANCTION', true)).toBe('LIFT_SANCTION');
    expect(proposalAction('REWARD_POLICY', true)).toBe('SET_REWARD_POLICY');
  });
});

describe('reward policy input', () => {
  it('names the field out of [0, 1], and the whole policy when the sum exceeds 1', () => {
    const bad = rewardPolicyInput.safeParse({ platform: -0.1, adapterBuilders: 0, dataContributors: 0, validators: 0 });
    expect(bad.success ? null : bad.error.issues[0]!.path).toEqual(['platform']);
    const over = rewardPolicyInput.safeParse({ platform: 0.5, adapterBuilders: 0.3, dataContributors: 0.3, validators: 0 });
    expect(over.success ? null : over.error.issues[0]!.message).toBe('fractions sum to 1.1, more than 1');
    expect(rewardPolicyInput.safeParse({ platform: 0.7, adapterBuilders: 0.2, dataContributors: 0.1, validators: 0 }).success).toBe(true);
  });
});

describe('concentration', () => {
  it('gini is 0 for equal earnings, (n−1)/n when one earns everything; top-ten share of few earners is 1', () => {
    expect(gini([5n, 5n, 5n, 5n])).toBe(0);
    expect(gini([0n, 0n, 0n, 12n])).toBeCloseTo(0.75, 12);
    expect(gini([])).toBe(0);
    expect(gini([1n, 2n, 3n])).toBeCloseTo(2 / 9, 12);
    expect(topTenShare([3n, 1n])).toBe(1);
    const many = Array.from({ length: 20 }, (_, i) => BigInt(i + 1));
    expect(topTenShare(many)).toBeCloseTo(155 / 210, 12);
    expect(topTenShare([10n ** 30n, 10n ** 30n])).toBe(1);
  });
});

describe('withholding and eligibility', () => {
  const payouts: Payout[] = [
    { recipientId: PLATFORM_RECIPIENT, role: 'PLATFORM', amount: 5n },
    { recipientId: 'ctb_a', role: 'DATA_CONTRIBUTOR', amount: 60n },
    { recipientId: 'ctb_b', role: 'DATA_CONTRIBUTOR', amount: 20n },
    { recipientId: 'ctb_o', role: 'MODEL_OWNER', amount: 15n },
  ];
  it('moves a sanctioned contributor\'s rows to the platform row; the sum is unchanged', () => {
    const { payouts: kept, withheld } = withholdSanctioned(payouts, new Set(['ctb_a']), PLATFORM_RECIPIENT);
    expect(withheld).toEqual([payouts[1]]);
    expect(kept).toEqual([{ recipientId: PLATFORM_RECIPIENT, role: 'PLATFORM', amount: 65n }, payouts[2], payouts[3]]);
    expect(kept.reduce((s, p) => s + p.amount, 0n)).toBe(100n);
    expect(withholdSanctioned(payouts.slice(1), new Set(['ctb_b']), PLATFORM_RECIPIENT).payouts[0]).toEqual({ recipientId: PLATFORM_RECIPIENT, role: 'PLATFORM', amount: 20n });
    expect(withholdSanctioned(payouts, new Set(), PLATFORM_RECIPIENT).payouts).toEqual(payouts);
  });
  it('drops suspended datanets from a model\'s training', () => {
    const training = [{ adapterId: 'ad', datanetId: 'dn_1', snapshotAtMs: 1 }, { adapterId: 'ad', datanetId: 'dn_2', snapshotAtMs: 1 }];
    expect(eligibleTraining(training, new Set(['dn_2']))).toEqual([training[0]]);
  });
});

describe('policy simulation', () => {
  const output = (id: string, fee: bigint, coverage: number): RecordedOutput => {
    const recipients = { ownerId: 'ctb_o', builders: [{ adapterId: 'ad_1', builderId: 'ctb_b' }], validatorIds: ['ctb_v'] };
    const attribution = { coverage, adapters: [{ id: 'ad_1', share: 1 }], contributors: [{ id: 'ctb_1', share: 2 / 3 }, { id: 'ctb_2', share: 1 / 3 }] };
    const paid = splitOutputFee({ fee, policy: DEFAULT_REWARD_POLICY, attribution, recipients }).map((p) => ({ recipientId: p.recipientId, amount: p.amount }));
    return { outputId: id, fee, ...attribution, recipients, paid };
  };
  const outputs = [output('out_1', 1_000_003n, 0.8), output('out_2', 10n ** 24n + 7n, 0.35)];

  it('the policy in force recomputes exactly what was paid', () => {
    const same = simulateRewardPolicy(outputs, DEFAULT_REWARD_POLICY, new Set());
    for (const c of same.contributors) expect(c.delta).toBe(0n);
    expect(same.giniAfter).toBe(same.giniBefore);
  });

  it('another policy: per contributor before/after/delta, sums exact, concentration both ways, sanctions withheld', () => {
    const policy = { id: 'p', version: 1, platform: 0.1, adapterBuilders: 0.1, dataContributors: 0.7, validators: 0 };
    const sim = simulateRewardPolicy(outputs, policy, new Set(['ctb_2']));
    const total = outputs.reduce((s, o) => s + o.fee, 0n);
    expect(sim.totalFees).toBe(total);
    expect(sim.contributors.reduce((s, c) => s + c.before, 0n) + sim.platformBefore).toBe(total);
    expect(sim.contributors.reduce((s, c) => s + c.after, 0n) + sim.platformAfter).toBe(total);
    for (const c of sim.contributors) expect(c.after - c.before).toBe(c.delta);
    expect(sim.contributors.find((c) => c.contributorId === 'ctb_2')?.after).toBe(0n);
    expect(sim.contributors.find((c) => c.contributorId === 'ctb_v')?.after).toBe(0n);
    const expectedFor = (o: RecordedOutput) => splitOutputFee({ fee: o.fee, policy, attribution: o, recipients: o.recipients });
    const ctb1 = outputs.flatMap(expectedFor).filter((p) => p.recipientId === 'ctb_1').reduce((s, p) => s + p.amount, 0n);
    expect(sim.contributors.find((c) => c.contributorId === 'ctb_1')?.after).toBe(ctb1);
    expect(sim.giniAfter).toBeGreaterThanOrEqual(0);
    expect(sim.topTenShareBefore).toBe(1);
  });
});
