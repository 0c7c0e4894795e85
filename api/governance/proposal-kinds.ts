import type { NodeTypeName } from '../core/global-id.js';

export const PROPOSAL_KINDS = ['REWARD_POLICY', 'DATANET_ELIGIBILITY', 'CONTRIBUTOR_SANCTION', 'ATTRIBUTION_CORRECTION', 'GOVERNANCE_POLICY'] as const;
export type ProposalKind = (typeof PROPOSAL_KINDS)[number];

export const PROPOSAL_STATUSES = ['OPEN', 'PASSED', 'REJECTED', 'EXECUTED'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

export const VOTE_CHOICES = ['YES', 'NO', 'ABSTAIN'] as const;
export type VoteChoice = (typeof VOTE_CHOICES)[number];

/**
 * What executing a proposal does, fixed when it is created from the subject's state then: an eligibility proposal
 * about an eligible datanet suspends it, about a suspended one re-admits it; a sanction proposal about a contributor
 * under sanction lifts it.
 */
export const PROPOSAL_ACTIONS = ['SET_REWARD_POLICY', 'SUSPEND_DATANET', 'ADMIT_DATANET', 'SANCTION_CONTRIBUTOR', 'LIFT_SANCTION', 'CORRECT_ATTRIBUTION', 'SET_GOVERNANCE_POLICY'] as const;
export type ProposalAction = (typeof PROPOSAL_ACTIONS)[number];

/** The node a proposal of each kind is about; a reward or governance policy proposal is about no node. */
export const SUBJECT_TYPE: Record<ProposalKind, NodeTypeName | null> = {
  REWARD_POLICY: null,
  DATANET_ELIGIBILITY: 'Datanet',
  CONTRIBUTOR_SANCTION: 'Contributor',
  ATTRIBUTION_CORRECTION: 'Output',
  GOVERNANCE_POLICY: null,
};

/** The action of a new proposal, given whether its subject is currently suspended or sanctioned. */
export function proposalAction(kind: ProposalKind, subjectRestricted: boolean): ProposalAction {
  switch (kind) {
    case 'REWARD_POLICY':
      return 'SET_REWARD_POLICY';
    case 'DATANET_ELIGIBILITY':
      return subjectRestricted ? 'ADMIT_DATANET' : 'SUSPEND_DATANET';
    case 'CONTRIBUTOR_SANCTION':
      return subjectRestricted ? 'LIFT_SANCTION' : 'SANCTION_CONTRIBUTOR';
    case 'ATTRIBUTION_CORRECTION':
      return 'CORRECT_ATTRIBUTION';
    case 'GOVERNANCE_POLICY':
      return 'SET_GOVERNANCE_POLICY';
  }
}

/** The actions that put a restriction in force (the others lift it). */
export const RESTRICTING_ACTIONS: readonly ProposalAction[] = ['SUSPEND_DATANET', 'SANCTION_CONTRIBUTOR'];
