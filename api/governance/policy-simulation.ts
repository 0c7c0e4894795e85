import { PLATFORM_RECIPIENT, splitOutputFee, type FeeRecipients } from '../rewards/split-fee.js';
import type { RewardPolicy } from '../rewards/reward-policy.js';
import { withholdSanctioned } from '../rewards/withhold.js';
import { gini, topTenShare } from './concentration.js';

/** A recorded output with a fee, as the simulation needs it: its stored attribution, recipients and actual payouts. */
export interface RecordedOutput {
  outputId: string;
  fee: bigint;
  coverage: number;
  adapters: ReadonlyArray<{ id: string; share: number }>;
  contributors: ReadonlyArray<{ id: string; share: number }>;
  recipients: FeeRecipients;
  /** What was actually paid, per recipient (any role). */
  paid: ReadonlyArray<{ recipientId: string; amount: bigint }>;
}

export interface PayoutDelta {
  contributorId: string;
  before: bigint;
  after: bigint;
  delta: bigint;
}

export interface PolicySimulation {
  outputs: number;
  totalFees: bigint;
  /** Contributors paid before or after, by largest |delta| then id. */
  contributors: PayoutDelta[];
  /** The platform's part (it has no contributor node): Σ before + platformBefore = totalFees, and so for after. */
  platformBefore: bigint;
  platformAfter: bigint;
  topTenShareBefore: number;
  topTenShareAfter: number;
  giniBefore: number;
  giniAfter: number;
}

/**
 * The payouts of recorded outputs recomputed under `policy`, exactly as recordOutput would split them (same stored
 * attribution, same recipients, the fee split and then the payouts of `sanctioned` contributors withheld), next to
 * what was actually paid. Every amount is an exact BigInt; per output the recomputed payouts sum to its fee.
 */
export function simulateRewardPolicy(outputs: readonly RecordedOutput[], policy: RewardPolicy, sanctioned: ReadonlySet<string>): PolicySimulation {
  const before = new Map<string, bigint>();
  const after = new Map<string, bigint>();
  const add = (map: Map<string, bigint>, id: string, amount: bigint) => map.set(id, (map.get(id) ?? 0n) + amount);
  let totalFees = 0n;
  for (const o of outputs) {
    totalFees += o.fee;
    for (const p of o.paid) add(before, p.recipientId, p.amount);
    const split = splitOutputFee({ fee: o.fee, policy, attribution: { coverage: o.coverage, adapters: o.adapters, contributors: o.contributors }, recipients: o.recipients });
    for (const p of withholdSanctioned(split, sanctioned, PLATFORM_RECIPIENT).payouts) add(after, p.recipientId, p.amount);
  }
  const platformBefore = before.get(PLATFORM_RECIPIENT) ?? 0n;
  const platformAfter = after.get(PLATFORM_RECIPIENT) ?? 0n;
  before.delete(PLATFORM_RECIPIENT);
  after.delete(PLATFORM_RECIPIENT);
  const ids = [...new Set([...before.keys(), ...after.keys()])];
  const abs = (x: bigint) => (x < 0n ? -x : x);
  const contributors = ids
    .map((contributorId) => {
      const b = before.get(contributorId) ?? 0n;
      const a = after.get(contributorId) ?? 0n;
      return { contributorId, before: b, after: a, delta: a - b };
    })
    .sort((x, y) => (abs(y.delta) > abs(x.delta) ? 1 : abs(y.delta) < abs(x.delta) ? -1 : x.contributorId < y.contributorId ? -1 : x.contributorId > y.contributorId ? 1 : 0));
  const befores = contributors.map((c) => c.before);
  const afters = contributors.map((c) => c.after);
  return {
    outputs: outputs.length,
    totalFees,
    contributors,
    platformBefore,
    platformAfter,
    topTenShareBefore: topTenShare(befores),
    topTenShareAfter: topTenShare(afters),
    giniBefore: gini(befores),
    giniAfter: gini(afters),
  };
}
