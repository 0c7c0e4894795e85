import { builder } from '../builder.js';
import { connectionComplexity, pageArgs, totalCountField } from '../connections.js';
import { loadedNodeType, linkField, nodeById } from '../nodes.js';
import { decodeCursor, pageSize, toConnection } from '../pagination.js';
import { ContributorRef, ProposalRef } from '../refs.js';
import { PROPOSAL_ACTIONS, PROPOSAL_KINDS, PROPOSAL_STATUSES, SUBJECT_TYPE, VOTE_CHOICES } from '../../governance/proposal-kinds.js';
import { rewardPolicyIdOf } from '../../use-cases/execute-proposal.js';
import { logEntryAt } from '../../store/log.js';
import { proposalPage, votePage, type VoteShape } from '../../store/reads/proposals.js';
import type { ProposalShape } from '../../store/governance.js';
import { LogEntryRef } from './log.js';
import { RewardPolicyRef } from './rewards.js';

export const ProposalKindEnum = builder.enumType('ProposalKind', {
  description: 'What a proposal decides (docs/architecture.md#governance).',
  values: PROPOSAL_KINDS,
});
export const ProposalStatusEnum = builder.enumType('ProposalStatus', {
  description: 'OPEN until votingEndsAt; then PASSED (quorum and threshold met) or REJECTED; EXECUTED once put in force.',
  values: PROPOSAL_STATUSES,
});
export const VoteChoiceEnum = builder.enumType('VoteChoice', { values: VOTE_CHOICES });
export const ProposalActionEnum = builder.enumType('ProposalAction', {
  description: 'What executing the proposal does, fixed when it was created from its subject\'s state then.',
  values: PROPOSAL_ACTIONS,
});

const TallyRef = builder.objectRef<ProposalShape['tally']>('Tally').implement({
  description: 'The votes so far (each voter\'s latest) against the electorate counted when the proposal was created.',
  fields: (t) => ({
    yes: t.exposeInt('yes'),
    no: t.exposeInt('no'),
    abstain: t.exposeInt('abstain'),
    eligibleVoters: t.exposeInt('eligibleVoters', { description: 'Holders of VOTER (or ADMIN) when the proposal was created.' }),
    quorumReached: t.exposeBoolean('quorumReached'),
  }),
});

const VoteRef = builder.objectRef<VoteShape>('Vote').implement({
  description: 'A voter\'s current vote on a proposal.',
  fields: (t) => ({
    voter: linkField(t, ContributorRef, (v) => v.voterId, 'the voter'),
    choice: t.field({ type: VoteChoiceEnum, resolve: (v) => v.choice }),
    castAt: t.expose('castAt', { type: 'DateTime' }),
    logEntry: t.field({
      type: LogEntryRef,
      nullable: true,
      description: 'The vote as appended to the transparency log when it was cast (a later vote by the same voter is a new entry): its inclusion proof verifies offline like an attribution\'s (docs/architecture.md#governance).',
      resolve: (v, _a, ctx) => (v.logIndex == null ? null : ctx.graph.readTx((tx) => logEntryAt(tx, v.logIndex!))),
    }),
  }),
});

export const ProposalConnection = builder.connectionObject({ type: ProposalRef, name: 'ProposalConnection', ...totalCountField });
const ProposalVoteConnection = builder.connectionObject({ type: VoteRef, name: 'ProposalVoteConnection', ...totalCountField });

loadedNodeType(ProposalRef, 'A governance decision put to the voters: what it would change, the votes, and whether it is in force.', (t) => ({
  kind: t.field({ type: ProposalKindEnum, resolve: (p) => p.kind }),
  action: t.field({ type: ProposalActionEnum, resolve: (p) => p.action }),
  status: t.field({ type: ProposalStatusEnum, resolve: (p) => p.status }),
  title: t.exposeString('title'),
  rationale: t.exposeString('rationale'),
  proposer: linkField(t, ContributorRef, (p) => p.proposerId, 'the proposer'),
  createdAt: t.expose('createdAt', { type: 'DateTime' }),
  votingEndsAt: t.expose('votingEndsAt', { type: 'DateTime' }),
  executedAt: t.expose('executedAt', { type: 'DateTime', nullable: true }),
  quorum: t.float({ description: 'Share of eligible voters who must vote (from the governance policy in force at creation).', resolve: (p) => p.quorumBps / 10_000 }),
  threshold: t.float({ description: 'A proposal passes when YES is more than this share of YES + NO.', resolve: (p) => p.thresholdBps / 10_000 }),
  subject: t.field({
    type: builder.nodeInterfaceRef(),
    nullable: true,
    description: 'The datanet, contributor or output it is about; null for a REWARD_POLICY proposal.',
    resolve: (p, _a, ctx) => {
      const label = SUBJECT_TYPE[p.kind];
      if (!label || !p.subjectId) return null;
      return ctx.loaders[label].load(p.subjectId) as never;
    },
  }),
  rewardPolicy: t.field({
    type: RewardPolicyRef,
    nullable: true,
    description:
      'For REWARD_POLICY: once executed, the policy it put in force; before, the proposed fractions as they would be stored (version 0 until executed, inForceFrom the earliest it could apply: votingEndsAt). Null for other kinds.',
    resolve: async (p, _a, ctx) => {
      if (!p.rewardPolicy) return null;
      if (p.rewardPolicyId) return ctx.loaders.rewardPolicy.load(p.rewardPolicyId);
      return { id: rewardPolicyIdOf(p.id), version: 0, ...p.rewardPolicy, inForceFrom: p.votingEndsAt };
    },
  }),
  tally: t.field({ type: TallyRef, resolve: (p) => p.tally }),
  votes: t.field({
    type: ProposalVoteConnection,
    description: 'Each voter\'s current vote, by voter id.',
    args: pageArgs(t.arg),
    complexity: connectionComplexity,
    resolve: async (p, args, ctx) => {
      const size = pageSize(args.first);
      const after = decodeCursor(args.after);
      const { total, nodes } = await votePage(ctx.graph, p.id, after, size + 1);
      return toConnection(nodes, size, total, (v) => v.id, after !== null);
    },
  }),
  logEntry: t.field({
    type: LogEntryRef,
    nullable: true,
    description: 'The proposal as appended to the transparency log when it was created.',
    resolve: (p, _a, ctx) => (p.logIndex == null ? null : ctx.graph.readTx((tx) => logEntryAt(tx, p.logIndex!))),
  }),
  executionLogEntry: t.field({
    type: LogEntryRef,
    nullable: true,
    description: 'The execution as appended to the transparency log; null until executed.',
    resolve: (p, _a, ctx) => (p.executionLogIndex == null ? null : ctx.graph.readTx((tx) => logEntryAt(tx, p.executionLogIndex!))),
  }),
  correctionLogEntry: t.field({
    type: LogEntryRef,
    nullable: true,
    description: 'For an executed ATTRIBUTION_CORRECTION: the output\'s new attribution entry, which `supersedes` its earlier one and lists the compensating payouts.',
    resolve: (p, _a, ctx) => (p.correctionLogIndex == null ? null : ctx.graph.readTx((tx) => logEntryAt(tx, p.correctionLogIndex!))),
  }),
}));

builder.queryFields((t) => ({
  proposal: t.field({ type: ProposalRef, ...nodeById(t.arg, 'Proposal') }),
  proposals: t.field({
    type: ProposalConnection,
    description: 'Proposals by id, optionally only those with one status (computed now).',
    args: { ...pageArgs(t.arg), status: t.arg({ type: ProposalStatusEnum, required: false }) },
    complexity: connectionComplexity,
    resolve: async (_root, args, ctx) => {
      const size = pageSize(args.first);
      const after = decodeCursor(args.after);
      const { total, nodes } = await proposalPage(ctx.graph, args.status ?? null, after, size + 1);
      for (const n of nodes) ctx.loaders.Proposal.prime(n.id, n);
      return toConnection(nodes, size, total, (n) => n.id, after !== null);
    },
  }),
}));
