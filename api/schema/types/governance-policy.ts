import { builder } from '../builder.js';
import { ProposalRef } from '../refs.js';
import type { GovernancePolicy } from '../../governance/governance-policy.js';
import { governancePolicyById, governancePolicyInForce } from '../../store/governance.js';
import { governancePolicyIdOf } from '../../use-cases/execute-proposal.js';

/** A governance policy as the API shows it; `defaultVotingPeriodSeconds` fills in a policy that leaves the period to the deployment. */
type Shown = GovernancePolicy & { defaultVotingPeriodSeconds: number };

const GovernancePolicyRef = builder.objectRef<Shown>('GovernancePolicy').implement({
  description: 'The rules votes are counted by, versioned and changed only by a GOVERNANCE_POLICY proposal (docs/architecture.md#governance). A proposal copies the rules in force when it is created.',
  fields: (t) => ({
    id: t.exposeID('id'),
    version: t.exposeInt('version', { description: '0 for a proposal\'s rules not yet executed.' }),
    quorum: t.float({ description: 'Share of eligible voters who must vote (abstentions count).', resolve: (g) => g.quorumBps / 10_000 }),
    threshold: t.float({ description: 'A proposal passes when YES is more than this share of YES + NO.', resolve: (g) => g.thresholdBps / 10_000 }),
    votingPeriodSeconds: t.int({
      description: 'How long a new proposal is open (STRATA_GOVERNANCE_VOTING_PERIOD_SECONDS until a GOVERNANCE_POLICY proposal sets it).',
      resolve: (g) => g.votingPeriodSeconds ?? g.defaultVotingPeriodSeconds,
    }),
    inForceFrom: t.expose('inForceFrom', { type: 'DateTime' }),
  }),
});

builder.queryField('governancePolicy', (t) =>
  t.field({
    type: GovernancePolicyRef,
    description: 'The governance policy in force now.',
    resolve: async (_root, _a, ctx) => ({ ...(await governancePolicyInForce(ctx.graph)), defaultVotingPeriodSeconds: ctx.governance.votingPeriodSeconds }),
  }),
);

builder.objectField(ProposalRef, 'governancePolicy', (t) =>
  t.field({
    type: GovernancePolicyRef,
    nullable: true,
    description:
      'For GOVERNANCE_POLICY: once executed, the policy it put in force; before, the proposed rules (version 0, inForceFrom the earliest they could apply: votingEndsAt). Null for other kinds.',
    resolve: async (p, _a, ctx) => {
      if (!p.governanceRules) return null;
      const defaultVotingPeriodSeconds = ctx.governance.votingPeriodSeconds;
      if (p.executedAt) {
        const stored = await governancePolicyById(ctx.graph, governancePolicyIdOf(p.id));
        if (stored) return { ...stored, defaultVotingPeriodSeconds };
      }
      return { id: governancePolicyIdOf(p.id), version: 0, ...p.governanceRules, inForceFrom: p.votingEndsAt, defaultVotingPeriodSeconds };
    },
  }),
);
