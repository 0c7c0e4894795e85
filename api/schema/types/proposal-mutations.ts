import { builder } from '../builder.js';
import { mutationField } from '../mutation-field.js';
import { linkField } from '../nodes.js';
import { ProposalRef } from '../refs.js';
import { ProposalKindEnum, VoteChoiceEnum } from './proposal.js';
import { actorOf } from '../../use-cases/actor.js';
import { castVote, castVoteInput } from '../../use-cases/cast-vote.js';
import { createProposal, createProposalInput } from '../../use-cases/create-proposal.js';
import { executeProposal, executeProposalInput } from '../../use-cases/execute-proposal.js';
import { parseInput } from '../../use-cases/validation.js';

export const RewardPolicyInput = builder.inputType('RewardPolicyInput', {
  description: 'Fractions of a fee, each in [0, 1], together at most 1; the model owner gets the rest (docs/architecture.md#rewards).',
  fields: (t) => ({
    platform: t.float({ required: true }),
    adapterBuilders: t.float({ required: true }),
    dataContributors: t.float({ required: true, description: 'Paid as dataContributors × coverage.' }),
    validators: t.float({ required: true }),
  }),
});

export const GovernancePolicyInput = builder.inputType('GovernancePolicyInput', {
  description: 'The rules votes are counted by, for a GOVERNANCE_POLICY proposal (docs/architecture.md#governance).',
  fields: (t) => ({
    quorum: t.float({ required: true, description: 'Share of eligible voters who must vote, in [0, 1], whole basis points.' }),
    threshold: t.float({ required: true, description: 'A proposal passes when YES is more than this share of YES + NO; in [0, 1).' }),
    votingPeriodSeconds: t.int({ required: true, description: 'How long new proposals are open: 60 seconds to a year.' }),
  }),
});

const proposalPayload = (t: Parameters<Parameters<typeof mutationField<never, { proposalId: string }>>[1]['payload']>[0]) => ({
  proposal: linkField(t, ProposalRef, (r) => r.proposalId, 'the proposal'),
});

mutationField('createProposal', {
  description:
    'Any contributor proposes (the caller is the proposer): REWARD_POLICY takes rewardPolicy; GOVERNANCE_POLICY takes governancePolicy; DATANET_ELIGIBILITY, CONTRIBUTOR_SANCTION and ATTRIBUTION_CORRECTION take the subjectId of a Datanet, Contributor or Output. Open for votes for the voting period of the governance policy in force; appended to the transparency log.',
  scope: 'authenticated',
  input: (t) => ({
    kind: t.field({ type: ProposalKindEnum, required: true }),
    title: t.string({ required: true }),
    rationale: t.string({ required: true }),
    rewardPolicy: t.field({ type: RewardPolicyInput, required: false }),
    governancePolicy: t.field({ type: GovernancePolicyInput, required: false }),
    subjectId: t.id({ required: false }),
  }),
  run: (input, ctx) => createProposal(ctx.graph, actorOf(ctx.viewer), parseInput(createProposalInput, input), ctx.governance, ctx.notifications),
  payload: proposalPayload,
});

mutationField('castVote', {
  description: 'Voters only (VOTER role), while the proposal is OPEN: a later vote replaces the voter\'s earlier one. Each change is a log entry.',
  scope: 'voter',
  input: (t) => ({
    proposalId: t.id({ required: true }),
    choice: t.field({ type: VoteChoiceEnum, required: true }),
  }),
  run: (input, ctx) => castVote(ctx.graph, actorOf(ctx.viewer), parseInput(castVoteInput, input)),
  payload: proposalPayload,
});

mutationField('executeProposal', {
  description: 'Anyone with a key, after votingEndsAt, when the proposal PASSED: puts it in force from now on, once, and logs the outcome.',
  scope: 'authenticated',
  input: (t) => ({
    proposalId: t.id({ required: true }),
  }),
  run: async (input, ctx) => {
    const result = await executeProposal(ctx.graph, actorOf(ctx.viewer), parseInput(executeProposalInput, input), ctx.corpus);
    // A correction replaced an output's credit: lookups kept in memory must not keep serving the old one.
    ctx.provenance?.clear();
    return result;
  },
  payload: proposalPayload,
});
