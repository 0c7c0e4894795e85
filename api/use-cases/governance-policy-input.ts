import { z } from 'zod';
import { MAX_VOTING_PERIOD_SECONDS, MIN_VOTING_PERIOD_SECONDS, type GovernanceRules } from '../governance/governance-policy.js';

/** A fraction stored in basis points: refused unless it is a whole number of them (what is shown is what counts). */
const basisPoints = (max: number, why: string) =>
  z
    .number()
    .refine((v) => Number.isFinite(v) && v >= 0 && v <= max, why)
    .refine((v) => Math.abs(v * 10_000 - Math.round(v * 10_000)) < 1e-6, 'must be a whole number of basis points (at most four decimals)')
    .transform((v) => Math.round(v * 10_000));

/**
 * The rules a GOVERNANCE_POLICY proposal puts in force. A threshold of 1 is refused: YES can never be more than all of
 * YES + NO, so nothing (not even a proposal to lower it) could pass again.
 */
export const governancePolicyInput = z
  .object({
    quorum: basisPoints(1, 'must be a fraction in [0, 1] (the share of eligible voters who must vote)'),
    threshold: basisPoints(0.9999, 'must be a fraction in [0, 1): a threshold of 1 would let no proposal pass again, this one\'s repeal included'),
    votingPeriodSeconds: z
      .number()
      .int('must be a whole number of seconds')
      .min(MIN_VOTING_PERIOD_SECONDS, `must be at least ${MIN_VOTING_PERIOD_SECONDS} seconds`)
      .max(MAX_VOTING_PERIOD_SECONDS, `must be at most ${MAX_VOTING_PERIOD_SECONDS} seconds (a year)`),
  })
  .transform((p): GovernanceRules => ({ quorumBps: p.quorum, thresholdBps: p.threshold, votingPeriodSeconds: p.votingPeriodSeconds }));
