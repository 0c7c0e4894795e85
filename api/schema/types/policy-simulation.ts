import { builder } from '../builder.js';
import { linkField } from '../nodes.js';
import { ContributorRef, ProposalRef } from '../refs.js';
import type { PayoutDelta, PolicySimulation } from '../../governance/policy-simulation.js';
import { simulateFractions, simulateRewardPolicy } from '../../use-cases/simulate-reward-policy.js';
import { RewardPolicyInput } from './proposal-mutations.js';

const PayoutDeltaRef = builder.objectRef<PayoutDelta>('PayoutDelta').implement({
  description: 'One contributor\'s payouts over the simulated outputs: as paid, as the policy would pay, and the difference (exact base units).',
  fields: (t) => ({
    contributor: linkField(t, ContributorRef, (d) => d.contributorId, 'a paid contributor'),
    before: t.field({ type: 'BigInt', resolve: (d) => d.before }),
    after: t.field({ type: 'BigInt', resolve: (d) => d.after }),
    delta: t.field({ type: 'BigInt', resolve: (d) => d.delta }),
  }),
});

export const PolicySimulationRef = builder.objectRef<PolicySimulation>('PolicySimulation').implement({
  description:
    'The fees of recorded outputs split again under a proposed policy (same stored attribution and recipients, sanctions in force now), next to what was paid. Σ contributors.before + platformBefore = totalFees, and so for after (docs/architecture.md#governance).',
  fields: (t) => ({
    outputs: t.exposeInt('outputs', { description: 'Outputs with a fee in the window.' }),
    totalFees: t.field({ type: 'BigInt', resolve: (s) => s.totalFees }),
    contributors: t.field({ type: [PayoutDeltaRef], description: 'By largest |delta|, then id.', resolve: (s) => s.contributors }),
    platformBefore: t.field({ type: 'BigInt', resolve: (s) => s.platformBefore }),
    platformAfter: t.field({ type: 'BigInt', resolve: (s) => s.platformAfter }),
    topTenShareBefore: t.exposeFloat('topTenShareBefore', { description: 'Share of contributors\' earnings going to the ten largest earners.' }),
    topTenShareAfter: t.exposeFloat('topTenShareAfter'),
    giniBefore: t.exposeFloat('giniBefore', { description: 'Gini coefficient of contributors\' earnings (0 = equal).' }),
    giniAfter: t.exposeFloat('giniAfter'),
  }),
});

builder.queryField('simulateRewardPolicy', (t) =>
  t.field({
    type: PolicySimulationRef,
    description: 'What-if for voters: payouts of outputs recorded since `since` (default: all) recomputed under `policy`. Writes nothing.',
    args: {
      policy: t.arg({ type: RewardPolicyInput, required: true }),
      since: t.arg({ type: 'DateTime', required: false }),
    },
    complexity: 20,
    resolve: (_root, args, ctx) => simulateRewardPolicy(ctx.graph, args.policy, args.since ? new Date(args.since) : null),
  }),
);

const ProposalImpactRef = builder.objectRef<{ simulation: PolicySimulation | null }>('ProposalImpact').implement({
  description: 'What a proposal would change, for voters to see before they vote.',
  fields: (t) => ({
    simulation: t.field({
      type: PolicySimulationRef,
      nullable: true,
      description: 'For REWARD_POLICY: every recorded output\'s payouts recomputed under the proposed policy (simulateRewardPolicy).',
      resolve: (i) => i.simulation,
    }),
  }),
});

builder.objectField(ProposalRef, 'impact', (t) =>
  t.field({
    type: ProposalImpactRef,
    nullable: true,
    description: 'What executing it would change; null for kinds whose impact is not computed yet (see docs/architecture.md#governance).',
    complexity: 20,
    resolve: async (p, _a, ctx) => {
      if (p.kind === 'REWARD_POLICY' && p.rewardPolicy) return { simulation: await simulateFractions(ctx.graph, p.rewardPolicy, null) };
      return null;
    },
  }),
);
