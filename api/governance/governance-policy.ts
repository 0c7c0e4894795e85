/**
 * The rules votes are counted by, stored and versioned like the reward policy (docs/architecture.md#governance). A
 * proposal copies the rules in force when it is created, so a later change never moves a vote already under way.
 * Fractions are kept in basis points (1/10 000) so a tally is integer arithmetic, in Cypher and here alike.
 */
export interface GovernancePolicy {
  id: string;
  version: number;
  /** Share of eligible voters (holders of VOTER or ADMIN when the proposal is created) who must vote, abstentions included. */
  quorumBps: number;
  /** A proposal passes when YES is more than this share of the YES and NO votes. */
  thresholdBps: number;
  /**
   * How long new proposals are open, in seconds; null: the deployment's STRATA_GOVERNANCE_VOTING_PERIOD_SECONDS (the
   * default policy's). A GOVERNANCE_POLICY proposal sets it.
   */
  votingPeriodSeconds: number | null;
  /** ISO-8601 instant from which the policy applies. */
  inForceFrom: string;
}

/** 10 % quorum, simple majority: with few voters a proposal still needs at least one vote to pass. */
export const DEFAULT_GOVERNANCE_POLICY: GovernancePolicy = {
  id: 'governance_default',
  version: 1,
  quorumBps: 1000,
  thresholdBps: 5000,
  votingPeriodSeconds: null,
  inForceFrom: '2026-01-01T00:00:00.000Z',
};

/** The rules a GOVERNANCE_POLICY proposal would put in force. */
export interface GovernanceRules {
  quorumBps: number;
  thresholdBps: number;
  votingPeriodSeconds: number;
}

/** Bounds of a proposed voting period: long enough for voters to see it, short enough that decisions happen. */
export const MIN_VOTING_PERIOD_SECONDS = 60;
export const MAX_VOTING_PERIOD_SECONDS = 365 * 24 * 3600;

export interface Tally {
  yes: number;
  no: number;
  abstain: number;
  eligibleVoters: number;
}

/** Quorum: enough of the eligible voters voted (YES, NO or ABSTAIN); nobody eligible means no quorum. */
export function quorumReached(t: Tally, quorumBps: number): boolean {
  const voted = t.yes + t.no + t.abstain;
  return t.eligibleVoters > 0 && voted * 10_000 >= quorumBps * t.eligibleVoters;
}

/** Passed: quorum, and YES strictly more than the threshold's share of YES + NO. */
export function passes(t: Tally, policy: { quorumBps: number; thresholdBps: number }): boolean {
  return quorumReached(t, policy.quorumBps) && t.yes * 10_000 > policy.thresholdBps * (t.yes + t.no);
}
