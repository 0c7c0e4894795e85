import { formatFixed18, ONE, toFixed18 } from './fixed-point.js';

/**
 * How a fee is split, stored and versioned so a payout can always be explained by the policy in force. Fractions of
 * the fee; whatever they leave over (including the data contributors' part that coverage does not earn) goes to the
 * model owner.
 */
export interface RewardPolicy {
  id: string;
  version: number;
  platform: number;
  adapterBuilders: number;
  /** Scaled by the output's coverage: unexplained text earns data contributors nothing. */
  dataContributors: number;
  validators: number;
}

export class RewardPolicyError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'RewardPolicyError';
  }
}

export const POLICY_FRACTIONS = ['platform', 'adapterBuilders', 'dataContributors', 'validators'] as const;
export type PolicyFraction = (typeof POLICY_FRACTIONS)[number];

/** The policy's fractions in 18-decimal fixed point, validated: each in [0, 1] and together at most 1. */
export function policyFractions(policy: RewardPolicy): Record<PolicyFraction, bigint> {
  if (typeof policy.id !== 'string' || policy.id.length === 0) throw new RewardPolicyError('reward policy id must be a non-empty string');
  if (!Number.isSafeInteger(policy.version) || policy.version < 1) {
    throw new RewardPolicyError(`reward policy ${policy.id}: version must be an integer ≥ 1, got ${policy.version}`);
  }
  const fixed = {} as Record<PolicyFraction, bigint>;
  let sum = 0n;
  for (const name of POLICY_FRACTIONS) {
    const value = policy[name];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
      throw new RewardPolicyError(`reward policy ${policy.id} v${policy.version}: ${name} must be a fraction in [0, 1], got ${String(value)}`);
    }
    fixed[name] = toFixed18(value, name);
    sum += fixed[name];
  }
  if (sum > ONE) {
    const parts = POLICY_FRACTIONS.map((name) => `${name} ${formatFixed18(fixed[name])}`).join(' + ');
    throw new RewardPolicyError(`reward policy ${policy.id} v${policy.version}: fractions sum to ${formatFixed18(sum)} (${parts}), more than 1`);
  }
  return fixed;
}

/** Throws RewardPolicyError with a message naming the bad field; returns the policy for chaining. */
export function validateRewardPolicy(policy: RewardPolicy): RewardPolicy {
  policyFractions(policy);
  return policy;
}

export interface StoredRewardPolicy extends RewardPolicy {
  /** ISO-8601 instant from which the policy applies. */
  inForceFrom: string;
}

/**
 * The default policy: 5 % platform, 15 % adapter builders, 60 % data contributors (× coverage), 5 % validators; the
 * model owner keeps the rest (at least 15 %, plus the contributors' part that coverage does not earn).
 */
export const DEFAULT_REWARD_POLICY: StoredRewardPolicy = {
  id: 'policy_default',
  version: 1,
  platform: 0.05,
  adapterBuilders: 0.15,
  dataContributors: 0.6,
  validators: 0.05,
  inForceFrom: '2026-01-01T00:00:00.000Z',
};
validateRewardPolicy(DEFAULT_REWARD_POLICY);
