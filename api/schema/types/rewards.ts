import { builder } from '../builder.js';
import { neighbourConnection, totalCountField } from '../connections.js';
import { ContributorRef, OutputRef, ProposalRef } from '../refs.js';
import { required } from '../required.js';
import { PAYOUT_ROLES, PLATFORM_RECIPIENT } from '../../rewards/split-fee.js';
import type { StoredRewardPolicy } from '../../rewards/reward-policy.js';
import { policyInForce, type PayoutShape } from '../../store/rewards.js';
import { contributorBalance } from '../../store/reads/rewards.js';
import { NEIGHBOUR_LISTS } from '../../store/reads/pages.js';

export const PayoutRoleEnum = builder.enumType('PayoutRole', {
  description: 'Why a payout was made (docs/architecture.md#rewards).',
  values: PAYOUT_ROLES,
});

export const RewardPolicyRef = builder.objectRef<StoredRewardPolicy>('RewardPolicy').implement({
  description:
    'How fees are split: explicit fractions for the platform, adapter builders, data contributors (scaled by the output\'s coverage) and validators; the model owner gets the rest. Versioned and never edited: a new policy is a new node with a later inForceFrom.',
  fields: (t) => ({
    id: t.exposeID('id'),
    version: t.exposeInt('version'),
    platform: t.exposeFloat('platform'),
    adapterBuilders: t.exposeFloat('adapterBuilders'),
    dataContributors: t.exposeFloat('dataContributors', { description: 'Paid as dataContributors × coverage; the unexplained part goes to the model owner.' }),
    validators: t.exposeFloat('validators'),
    modelOwnerAtLeast: t.float({
      description: 'What the model owner keeps at full coverage: 1 − the other fractions.',
      resolve: (p) => Math.max(0, 1 - p.platform - p.adapterBuilders - p.dataContributors - p.validators),
    }),
    inForceFrom: t.expose('inForceFrom', { type: 'DateTime' }),
  }),
});

export const PayoutRef = builder.objectRef<PayoutShape>('Payout').implement({
  description: 'Part of an output\'s fee paid to one recipient for one role, in integer base units. A compensating payout (correctedBy set) may be negative.',
  fields: (t) => ({
    id: t.exposeID('id'),
    output: t.field({ type: OutputRef, resolve: async (p, _a, ctx) => required(await ctx.loaders.Output.load(p.outputId), 'the output of a payout') }),
    recipientId: t.exposeString('recipientId', { description: `A contributor's local id, or "${PLATFORM_RECIPIENT}".` }),
    recipient: t.field({
      type: ContributorRef,
      nullable: true,
      description: 'Null for the platform, which has no contributor node.',
      resolve: (p, _a, ctx) => (p.recipientId === PLATFORM_RECIPIENT ? null : ctx.loaders.Contributor.load(p.recipientId)),
    }),
    role: t.field({ type: PayoutRoleEnum, resolve: (p) => p.role }),
    amount: t.field({ type: 'BigInt', resolve: (p) => p.amount }),
    policy: t.field({ type: RewardPolicyRef, resolve: async (p, _a, ctx) => required(await ctx.loaders.rewardPolicy.load(p.policyId), 'the reward policy of a payout') }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    correctedBy: t.field({
      type: ProposalRef,
      nullable: true,
      description: 'Set on a compensating payout: the ATTRIBUTION_CORRECTION that added it (its amount may be negative: it takes back part of an earlier row, which is never edited).',
      resolve: (p, _a, ctx) => (p.correctedBy ? ctx.loaders.Proposal.load(p.correctedBy) : null),
    }),
  }),
});

export const ContributorPayoutConnection = builder.connectionObject({ type: PayoutRef, name: 'ContributorPayoutConnection', ...totalCountField });

builder.objectField(OutputRef, 'rewards', (t) =>
  t.field({
    type: [PayoutRef],
    description: 'How this output\'s fee was split (empty when no fee was paid). The amounts sum exactly to the fee.',
    resolve: (o, _a, ctx) => ctx.loaders.outputPayouts.load(o.id),
  }),
);

builder.objectFields(ContributorRef, (t) => ({
  payouts: t.field({
    type: ContributorPayoutConnection,
    description: 'Payouts to this contributor, by payout id (grouped by output).',
    ...neighbourConnection<PayoutShape>(t.arg, NEIGHBOUR_LISTS.contributorPayouts),
  }),
  balance: t.field({
    type: 'BigInt',
    description: 'The exact sum of every payout to this contributor, in integer base units.',
    resolve: (c, _a, ctx) => contributorBalance(ctx.graph, c.id),
  }),
}));

builder.queryField('rewardPolicy', (t) =>
  t.field({
    type: RewardPolicyRef,
    description: 'The reward policy in force now: the one with the latest inForceFrom not in the future.',
    resolve: (_root, _args, ctx) => policyInForce(ctx.graph),
  }),
);
