import { z } from 'zod';
import { formatFixed18, ONE, toFixed18 } from '../rewards/fixed-point.js';
import { POLICY_FRACTIONS } from '../rewards/reward-policy.js';

const fraction = z.number().refine((v) => Number.isFinite(v) && v >= 0 && v <= 1, 'must be a fraction in [0, 1]');

/**
 * A proposed reward policy's fractions: each in [0, 1] (the error names the field) and together at most 1 (the error
 * names `rewardPolicy` and shows the sum, in the same fixed point the fee split uses, so what passes here splits).
 */
export const rewardPolicyInput = z
  .object({ platform: fraction, adapterBuilders: fraction, dataContributors: fraction, validators: fraction })
  .superRefine((p, ctx) => {
    // A fraction already refused above has its own error; the sum is only checked over valid fractions.
    if (POLICY_FRACTIONS.some((name) => !(Number.isFinite(p[name]) && p[name] >= 0 && p[name] <= 1))) return;
    let sum = 0n;
    for (const name of POLICY_FRACTIONS) sum += toFixed18(p[name], name);
    if (sum > ONE) ctx.addIssue({ code: 'custom', message: `fractions sum to ${formatFixed18(sum)}, more than 1` });
  });
export type RewardPolicyFractions = z.output<typeof rewardPolicyInput>;
