import { ONE, toFixed18 } from './fixed-point.js';
import { apportion, type Claim } from './largest-remainder.js';
import { policyFractions, type RewardPolicy } from './reward-policy.js';

/** The platform's recipient id: it has no contributor node. */
export const PLATFORM_RECIPIENT = 'platform';

/** A recipient's fraction of a pool (an attribution share list: ids with shares summing to 1). */
type Weighted = ReadonlyArray<{ id: string; share: number }>;

export type PayoutRole = 'PLATFORM' | 'ADAPTER_BUILDER' | 'DATA_CONTRIBUTOR' | 'VALIDATOR' | 'MODEL_OWNER';

/** Fixed role order: used for output order and as the last tie-break. */
export const PAYOUT_ROLES: readonly PayoutRole[] = ['PLATFORM', 'ADAPTER_BUILDER', 'DATA_CONTRIBUTOR', 'VALIDATOR', 'MODEL_OWNER'];

export interface Payout {
  recipientId: string;
  role: PayoutRole;
  /** Integer base units, > 0. */
  amount: bigint;
}

export interface FeeSplitInput {
  /** Integer base units, ≥ 0. */
  fee: bigint;
  policy: RewardPolicy;
  /** Fraction of the output explained by the data (0..1). */
  coverage: number;
  /** One entry per adapter with that adapter's share of the credit; a builder of several adapters is summed. */
  adapterShares: ReadonlyArray<{ builderId: string; share: number }>;
  contributorShares: Weighted;
  /** Validators of the records used; each is paid once, equally. */
  validatorIds: readonly string[];
  platformId: string;
  modelOwnerId: string;
}

/**
 * Splits a fee by the policy:
 *   platform          fee × platform
 *   adapter builders  fee × adapterBuilders, by adapter share
 *   data contributors fee × dataContributors × coverage, by contributor share
 *   validators        fee × validators, equally
 *   model owner       the rest (including any pool with nobody in it)
 * Everything is exact rational arithmetic over one common denominator; the integer amounts come from largest-remainder
 * rounding with ties by recipient id ascending (then role), so they sum exactly to the fee and each is within one
 * base unit of its exact value.
 *
 * A recipient with several roles (a builder who also contributed data) gets one row per role, so each payout keeps
 * the reason it was paid; rows of one role for the same id are merged. Zero amounts are left out. Rows are ordered by
 * role (PAYOUT_ROLES), then recipient id.
 */
export function splitFee(input: FeeSplitInput): Payout[] {
  const { fee, policy, coverage } = input;
  if (typeof fee !== 'bigint' || fee < 0n) throw new RangeError(`fee must be a bigint ≥ 0, got ${String(fee)}`);
  if (!(Number.isFinite(coverage) && coverage >= 0 && coverage <= 1)) throw new RangeError(`coverage must be in [0, 1], got ${coverage}`);
  if (!input.platformId) throw new RangeError('platformId is required');
  if (!input.modelOwnerId) throw new RangeError('modelOwnerId is required');
  const fraction = policyFractions(policy);

  const builders = weights(input.adapterShares.map((s) => ({ id: s.builderId, share: s.share })), 'adapterShares');
  const contributors = weights(input.contributorShares, 'contributorShares');
  const validators = new Map([...new Set(input.validatorIds)].map((id) => [id, 1n]));

  // Every row's exact amount is fee × numerator / D with D = ONE² · ΣB · ΣC · |V| (a pool's factor is 1 when empty).
  const sumB = total(builders);
  const sumC = total(contributors);
  const countV = BigInt(Math.max(validators.size, 1));
  const denominator = ONE * ONE * sumB * sumC * countV;
  const claims: Claim<{ recipientId: string; role: PayoutRole }>[] = [];
  const claim = (recipientId: string, role: PayoutRole, numerator: bigint) => {
    if (numerator > 0n) claims.push({ key: { recipientId, role }, numerator });
  };

  claim(input.platformId, 'PLATFORM', fraction.platform * ONE * sumB * sumC * countV);
  for (const [id, w] of builders) claim(id, 'ADAPTER_BUILDER', fraction.adapterBuilders * ONE * w * sumC * countV);
  const coverageFixed = toFixed18(coverage, 'coverage');
  for (const [id, w] of contributors) claim(id, 'DATA_CONTRIBUTOR', fraction.dataContributors * coverageFixed * w * sumB * countV);
  for (const [id] of validators) claim(id, 'VALIDATOR', fraction.validators * ONE * sumB * sumC);
  const assigned = claims.reduce((sum, c) => sum + c.numerator, 0n);
  claim(input.modelOwnerId, 'MODEL_OWNER', denominator - assigned);

  const amounts = apportion(fee, claims, denominator, (a, b) => compareIds(a.recipientId, b.recipientId) || roleRank(a.role) - roleRank(b.role));
  return claims
    .map((c, i) => ({ recipientId: c.key.recipientId, role: c.key.role, amount: amounts[i]! }))
    .filter((p) => p.amount > 0n)
    .sort((a, b) => roleRank(a.role) - roleRank(b.role) || compareIds(a.recipientId, b.recipientId));
}

/** Who an output's fee can pay, as the graph says when the output is recorded. */
export interface FeeRecipients {
  /** null for a model registered with the admin key: the owner's part then goes to the platform. */
  ownerId: string | null;
  /** The builder of each of the model's adapters the attribution credits (null: the adapter has no builder). */
  builders: ReadonlyArray<{ adapterId: string; builderId: string | null }>;
  /** Every contributor who accepted one of the credited records. */
  validatorIds: readonly string[];
}

/**
 * An output's fee split with the policy in force: adapter builders by adapter share (an adapter without a builder
 * leaves its part to the model owner), data contributors by contributor share × coverage, validators equally, the
 * model owner the rest; a model with no owner leaves that rest to the platform.
 */
export function splitOutputFee(input: {
  fee: bigint;
  policy: RewardPolicy;
  attribution: { coverage: number; adapters: Weighted; contributors: Weighted };
  recipients: FeeRecipients;
}): Payout[] {
  const { attribution: a, recipients } = input;
  const ownerId = recipients.ownerId ?? PLATFORM_RECIPIENT;
  const builderOf = new Map(recipients.builders.map((b) => [b.adapterId, b.builderId ?? ownerId]));
  return splitFee({
    fee: input.fee,
    policy: input.policy,
    coverage: a.coverage,
    adapterShares: a.adapters.map((s) => ({ builderId: builderOf.get(s.id) ?? ownerId, share: s.share })),
    contributorShares: a.contributors,
    validatorIds: [...recipients.validatorIds].sort(),
    platformId: PLATFORM_RECIPIENT,
    modelOwnerId: ownerId,
  });
}

/** Shares in fixed point, merged by id, zeros dropped. */
function weights(shares: Weighted, what: string): Map<string, bigint> {
  const merged = new Map<string, bigint>();
  shares.forEach((s, i) => {
    if (!s.id) throw new RangeError(`${what}[${i}] has no recipient id`);
    const w = toFixed18(s.share, `${what}[${i}].share`);
    if (w > 0n) merged.set(s.id, (merged.get(s.id) ?? 0n) + w);
  });
  return merged;
}

function total(pool: ReadonlyMap<string, bigint>): bigint {
  let sum = 0n;
  for (const w of pool.values()) sum += w;
  return sum > 0n ? sum : 1n;
}

function roleRank(role: PayoutRole): number {
  return PAYOUT_ROLES.indexOf(role);
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
