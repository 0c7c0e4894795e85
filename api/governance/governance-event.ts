import type { GovernanceRules } from './governance-policy.js';
import type { ProposalAction, ProposalKind, VoteChoice } from './proposal-kinds.js';

/**
 * Transparency-log leaves of governance (RFC 8785 canonical JSON is applied by the log): a proposal as created, each
 * vote, and each execution with what it put in force. Anyone holding the log can replay the decisions offline.
 */
export function proposalEvent(p: {
  proposalId: string;
  kind: ProposalKind;
  action: ProposalAction;
  proposerId: string;
  subjectId: string | null;
  title: string;
  rationale: string;
  rewardPolicy: { platform: number; adapterBuilders: number; dataContributors: number; validators: number } | null;
  /** For GOVERNANCE_POLICY: the rules it would put in force (absent for other kinds). */
  governancePolicy?: GovernanceRules | null;
  votingEndsAt: string;
  eligibleVoters: number;
  governancePolicyId: string;
  quorumBps: number;
  thresholdBps: number;
}) {
  const { governancePolicy, ...rest } = p;
  return { type: 'governance.proposal', version: 1, ...rest, ...(governancePolicy ? { governancePolicy } : {}) };
}

export function voteEvent(v: { proposalId: string; voterId: string; choice: VoteChoice }) {
  return { type: 'governance.vote', version: 1, ...v };
}

export function executionEvent(e: {
  proposalId: string;
  kind: ProposalKind;
  action: ProposalAction;
  subjectId: string | null;
  tally: { yes: number; no: number; abstain: number; eligibleVoters: number };
  proposalLogIndex: number | null;
  rewardPolicyId?: string | null;
  /** For ATTRIBUTION_CORRECTION: the correction's attribution entry (which supersedes the output's earlier one). */
  correctionLogIndex?: number | null;
  /** For GOVERNANCE_POLICY: the governance policy it put in force. */
  newGovernancePolicyId?: string | null;
}) {
  const { rewardPolicyId, correctionLogIndex, newGovernancePolicyId, ...rest } = e;
  return {
    type: 'governance.execution',
    version: 1,
    ...rest,
    ...(rewardPolicyId ? { rewardPolicyId } : {}),
    ...(correctionLogIndex != null ? { correctionLogIndex } : {}),
    ...(newGovernancePolicyId ? { newGovernancePolicyId } : {}),
  };
}
