import { builder } from '../builder.js';
import { linkField } from '../nodes.js';
import { ContributorRef, ProposalRef } from '../refs.js';
import type { PayoutDelta, PolicySimulation } from '../../governance/policy-simulation.js';
import { simulateFractions, simulateRewardPolicy } from '../../use-cases/simulate-reward-policy.js';
import { RewardPolicyInput } from './proposal-mutations.js';
import { contributorImpact, datanetImpact, type SubjectImpact } from '../../store/reads/proposal-impact.js';
import { executedCorrection, previewCorrection, type CorrectionPayout, type CorrectionPreview } from '../../use-cases/correct-attribution.js';
import { OutputRef } from '../refs.js';
import { required } from '../required.js';
import { AttributionRef } from './attribution.js';
import { PayoutRoleEnum } from './rewards.js';
import { MAX_OUTPUT_TEXT, textCost } from './trace.js';
import { PLATFORM_RECIPIENT } from '../../rewards/split-fee.js';

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

type Impact = { simulation: PolicySimulation | null; subject: SubjectImpact | null; correction?: { outputId: string; correctionLogIndex: number | null } };

const CorrectionPayoutRef = builder.objectRef<CorrectionPayout>('CorrectionPayout').implement({
  description: 'One recipient\'s part of an output\'s fee (one role) under the old and the corrected attribution, exact base units; delta is the compensating payout.',
  fields: (t) => ({
    recipientId: t.exposeString('recipientId', { description: `A contributor's local id, or "${PLATFORM_RECIPIENT}".` }),
    recipient: t.field({
      type: ContributorRef,
      nullable: true,
      resolve: (p, _a, ctx) => (p.recipientId === PLATFORM_RECIPIENT ? null : ctx.loaders.Contributor.load(p.recipientId)),
    }),
    role: t.field({ type: PayoutRoleEnum, resolve: (p) => p.role }),
    before: t.field({ type: 'BigInt', resolve: (p) => p.before }),
    after: t.field({ type: 'BigInt', resolve: (p) => p.after }),
    delta: t.field({ type: 'BigInt', resolve: (p) => p.delta }),
  }),
});

const AttributionCorrectionImpactRef = builder.objectRef<CorrectionPreview>('AttributionCorrectionImpact').implement({
  description:
    'An ATTRIBUTION_CORRECTION side by side: the output\'s attribution now and re-attributed with the current method (over the same corpus), and what each pays. Once executed, both are read from the log: the superseded entry and the correction entry (docs/architecture.md#attribution-corrections).',
  fields: (t) => ({
    output: t.field({ type: OutputRef, resolve: async (c, _a, ctx) => required(await ctx.loaders.Output.load(c.outputId), 'the corrected output') }),
    before: t.field({ type: AttributionRef, resolve: (c) => c.before }),
    after: t.field({ type: AttributionRef, resolve: (c) => c.after }),
    payouts: t.field({ type: [CorrectionPayoutRef], description: 'By role, then recipient; Σ delta = 0.', resolve: (c) => c.payouts }),
  }),
});

const ProposalImpactRef = builder.objectRef<Impact>('ProposalImpact').implement({
  description: 'What a proposal would change, for voters to see before they vote.',
  fields: (t) => ({
    simulation: t.field({
      type: PolicySimulationRef,
      nullable: true,
      description: 'For REWARD_POLICY: every recorded output\'s payouts recomputed under the proposed policy (simulateRewardPolicy).',
      resolve: (i) => i.simulation,
    }),
    outputs: t.int({ nullable: true, description: 'For DATANET_ELIGIBILITY and CONTRIBUTOR_SANCTION: recorded outputs whose attribution credits the subject.', resolve: (i) => i.subject?.outputs ?? null }),
    contributors: t.int({ nullable: true, description: 'For DATANET_ELIGIBILITY: contributors with accepted records in the datanet.', resolve: (i) => i.subject?.contributors ?? null }),
    records: t.int({ nullable: true, description: 'For CONTRIBUTOR_SANCTION: the contributor\'s records.', resolve: (i) => i.subject?.records ?? null }),
    clusters: t.int({ nullable: true, description: 'For CONTRIBUTOR_SANCTION: the content clusters their records are in.', resolve: (i) => i.subject?.clusters ?? null }),
    duplicates: t.int({ nullable: true, description: 'For CONTRIBUTOR_SANCTION: their records that are exact or near copies of a record someone accepted first.', resolve: (i) => i.subject?.duplicates ?? null }),
    earnings: t.field({ type: 'BigInt', nullable: true, description: 'For CONTRIBUTOR_SANCTION: the exact sum of their payouts so far.', resolve: (i) => i.subject?.earnings ?? null }),
    earningsShare: t.float({ nullable: true, description: 'For CONTRIBUTOR_SANCTION: their share of all contributors\' earnings.', resolve: (i) => i.subject?.earningsShare ?? null }),
    correction: t.field({
      type: AttributionCorrectionImpactRef,
      nullable: true,
      description: 'For ATTRIBUTION_CORRECTION: old vs new attribution and payouts. Before execution it re-traces the output, so it costs what verifyAttribution does.',
      complexity: 2 * textCost(MAX_OUTPUT_TEXT),
      resolve: (i, _a, ctx) => {
        if (!i.correction) return null;
        if (i.correction.correctionLogIndex !== null) return executedCorrection(ctx.graph, i.correction.correctionLogIndex);
        return previewCorrection(ctx.graph, ctx.corpus, i.correction.outputId);
      },
    }),
  }),
});

builder.objectField(ProposalRef, 'impact', (t) =>
  t.field({
    type: ProposalImpactRef,
    nullable: true,
    description: 'What executing it would change (docs/architecture.md#governance).',
    complexity: 20,
    resolve: async (p, _a, ctx): Promise<Impact | null> => {
      if (p.kind === 'REWARD_POLICY' && p.rewardPolicy) return { simulation: await simulateFractions(ctx.graph, p.rewardPolicy, null), subject: null };
      if (p.kind === 'DATANET_ELIGIBILITY' && p.subjectId) return { simulation: null, subject: await datanetImpact(ctx.graph, p.subjectId) };
      if (p.kind === 'CONTRIBUTOR_SANCTION' && p.subjectId) return { simulation: null, subject: await contributorImpact(ctx.graph, p.subjectId) };
      if (p.kind === 'ATTRIBUTION_CORRECTION' && p.subjectId) return { simulation: null, subject: null, correction: { outputId: p.subjectId, correctionLogIndex: p.correctionLogIndex } };
      return null;
    },
  }),
);
