import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatFixed18, toFixed18 } from '../../../api/rewards/fixed-point.js';
import { RewardPolicyError, validateRewardPolicy, type RewardPolicy } from '../../../api/rewards/reward-policy.js';
import { splitFee, type FeeSplitInput, type Payout, type PayoutRole } from '../../../api/rewards/split-fee.js';

const POLICY: RewardPolicy = { id: 'default', version: 1, platform: 0.05, adapterBuilders: 0.2, dataContributors: 0.5, validators: 0.05 };

function base(overrides: Partial<FeeSplitInput> = {}): FeeSplitInput {
  return {
    fee: 1_000_000n,
    policy: POLICY,
    coverage: 1,
    adapterShares: [{ builderId: 'builder-1', share: 1 }],
    contributorShares: [{ id: 'alice', share: 0.75 }, { id: 'bob', share: 0.25 }],
    validatorIds: ['val-1', 'val-2'],
    platformId: 'platform',
    modelOwnerId: 'owner',
    ...overrides,
  };
}

const sum = (payouts: Payout[]) => payouts.reduce((s, p) => s + p.amount, 0n);
const amountOf = (payouts: Payout[], id: string, role: PayoutRole) => payouts.find((p) => p.recipientId === id && p.role === role)?.amount ?? 0n;

describe('splitFee: worked examples', () => {
  it('splits a round fee exactly as the policy says', () => {
    expect(splitFee(base())).toEqual([
      { recipientId: 'platform', role: 'PLATFORM', amount: 50_000n },
      { recipientId: 'builder-1', role: 'ADAPTER_BUILDER', amount: 200_000n },
      { recipientId: 'alice', role: 'DATA_CONTRIBUTOR', amount: 375_000n },
      { recipientId: 'bob', role: 'DATA_CONTRIBUTOR', amount: 125_000n },
      { recipientId: 'val-1', role: 'VALIDATOR', amount: 25_000n },
      { recipientId: 'val-2', role: 'VALIDATOR', amount: 25_000n },
      { recipientId: 'owner', role: 'MODEL_OWNER', amount: 200_000n },
    ]);
  });

  it('scales the data pool by coverage; the unexplained part goes to the model owner', () => {
    const payouts = splitFee(base({ coverage: 0.4 }));
    expect(amountOf(payouts, 'alice', 'DATA_CONTRIBUTOR') + amountOf(payouts, 'bob', 'DATA_CONTRIBUTOR')).toBe(200_000n);
    expect(amountOf(payouts, 'owner', 'MODEL_OWNER')).toBe(500_000n);
    expect(splitFee(base({ coverage: 0 })).some((p) => p.role === 'DATA_CONTRIBUTOR')).toBe(false);
  });

  it('gives a pool with nobody in it to the model owner', () => {
    const payouts = splitFee(base({ adapterShares: [], validatorIds: [], contributorShares: [] }));
    expect(payouts).toEqual([
      { recipientId: 'platform', role: 'PLATFORM', amount: 50_000n },
      { recipientId: 'owner', role: 'MODEL_OWNER', amount: 950_000n },
    ]);
  });

  it('breaks equal remainders by recipient id ascending', () => {
    const allToData: RewardPolicy = { id: 'p', version: 1, platform: 0, adapterBuilders: 0, dataContributors: 1, validators: 0 };
    const shares = [{ id: 'carol', share: 1 / 3 }, { id: 'bob', share: 1 / 3 }, { id: 'alice', share: 1 / 3 }];
    expect(splitFee(base({ fee: 1n, policy: allToData, contributorShares: shares }))).toEqual([{ recipientId: 'alice', role: 'DATA_CONTRIBUTOR', amount: 1n }]);
    expect(splitFee(base({ fee: 2n, policy: allToData, contributorShares: shares })).map((p) => p.recipientId)).toEqual(['alice', 'bob']);
    expect(sum(splitFee(base({ fee: 10n, policy: allToData, contributorShares: shares })))).toBe(10n);
  });

  it('keeps one row per role for a recipient in several roles and merges repeats within a role', () => {
    const payouts = splitFee(
      base({
        adapterShares: [{ builderId: 'alice', share: 0.5 }, { builderId: 'alice', share: 0.5 }],
        contributorShares: [{ id: 'alice', share: 1 }],
        validatorIds: ['val-1', 'val-1'],
      }),
    );
    expect(payouts.filter((p) => p.recipientId === 'alice').map((p) => [p.role, p.amount])).toEqual([
      ['ADAPTER_BUILDER', 200_000n],
      ['DATA_CONTRIBUTOR', 500_000n],
    ]);
    expect(amountOf(payouts, 'val-1', 'VALIDATOR')).toBe(50_000n);
  });

  it('rejects bad input with a clear error', () => {
    expect(() => splitFee(base({ fee: -1n }))).toThrow(/fee/);
    expect(() => splitFee(base({ coverage: 1.5 }))).toThrow(/coverage/);
    expect(() => splitFee(base({ contributorShares: [{ id: 'x', share: -0.1 }] }))).toThrow(/contributorShares\[0\]\.share/);
    expect(() => splitFee(base({ policy: { ...POLICY, platform: 0.5 } }))).toThrow(RewardPolicyError);
  });
});

describe('reward policy validation', () => {
  it('accepts fractions that sum to exactly 1 in decimal, even where binary floats overshoot', () => {
    // 0.1 + 0.2 + 0.3 + 0.4 = 1.0000000000000002 in doubles; in decimal it is exactly 1.
    expect(() => validateRewardPolicy({ id: 'p', version: 1, platform: 0.1, adapterBuilders: 0.2, dataContributors: 0.3, validators: 0.4 })).not.toThrow();
  });

  it('names the offending field', () => {
    expect(() => validateRewardPolicy({ ...POLICY, validators: 1.2 })).toThrow(/validators must be a fraction in \[0, 1\], got 1.2/);
    expect(() => validateRewardPolicy({ ...POLICY, platform: Number.NaN })).toThrow(/platform/);
    expect(() => validateRewardPolicy({ ...POLICY, dataContributors: 0.8 })).toThrow(/fractions sum to 1.1 .*more than 1/);
    expect(() => validateRewardPolicy({ ...POLICY, version: 0 })).toThrow(/version/);
    expect(() => validateRewardPolicy({ ...POLICY, id: '' })).toThrow(/id/);
  });

  it('reads decimals exactly', () => {
    expect(toFixed18(0.1, 'x')).toBe(10n ** 17n);
    expect(toFixed18(1e-7, 'x')).toBe(10n ** 11n);
    expect(toFixed18(1.5e-19, 'x')).toBe(0n);
    expect(toFixed18(5e-19, 'x')).toBe(1n);
    expect(toFixed18(1, 'x')).toBe(10n ** 18n);
    expect(formatFixed18(toFixed18(0.375, 'x'))).toBe('0.375');
  });
});

// Random but valid inputs: a policy whose fractions sum to ≤ 1, shares with repeats and zeros, fees up to 10^30.
const fractionParts = fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 5, maxLength: 5 }).map((parts) => {
  const total = parts.reduce((s, x) => s + x, 0) || 1;
  const [p, b, d, v] = parts.map((x) => Math.floor((x / total) * 1000) / 1000) as [number, number, number, number];
  return { id: 'prop', version: 1, platform: p, adapterBuilders: b, dataContributors: d, validators: v } satisfies RewardPolicy;
});
const recipient = fc.constantFrom('u0', 'u1', 'u2', 'u3', 'u4', 'u5');
const share = fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 1 / 3, 0.5));
const feeInput = fc.record({
  fee: fc.bigInt({ min: 0n, max: 10n ** 30n }),
  policy: fractionParts,
  coverage: fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 1)),
  adapterShares: fc.array(fc.record({ builderId: recipient, share }), { maxLength: 4 }),
  contributorShares: fc.array(fc.record({ id: recipient, share }), { maxLength: 8 }),
  validatorIds: fc.array(recipient, { maxLength: 4 }),
  platformId: fc.constant('platform'),
  modelOwnerId: fc.constantFrom('owner', 'u0'),
});

describe('splitFee: properties', () => {
  it('pays out exactly the fee, in positive integer amounts, for fees up to 10^30', () => {
    fc.assert(
      fc.property(feeInput, (input) => {
        const payouts = splitFee(input);
        expect(sum(payouts)).toBe(input.fee);
        for (const p of payouts) expect(p.amount > 0n).toBe(true);
        const keys = payouts.map((p) => `${p.role}/${p.recipientId}`);
        expect(new Set(keys).size).toBe(keys.length);
      }),
      { numRuns: 1500 },
    );
  });

  it('is within one base unit of the exact pool amounts', () => {
    fc.assert(
      fc.property(feeInput, (input) => {
        const payouts = splitFee(input);
        const platform = amountOf(payouts, 'platform', 'PLATFORM');
        const exactPlatform = (input.fee * toFixed18(input.policy.platform, 'p')) / 10n ** 18n;
        expect(platform - exactPlatform >= 0n && platform - exactPlatform <= 1n).toBe(true);
        const validators = [...new Set(input.validatorIds)];
        if (validators.length > 0) {
          const exactEach = (input.fee * toFixed18(input.policy.validators, 'v')) / 10n ** 18n / BigInt(validators.length);
          for (const id of validators) {
            const got = amountOf(payouts, id, 'VALIDATOR');
            expect(got - exactEach >= 0n && got - exactEach <= 1n).toBe(true);
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('a larger share never earns less within a role; equal shares differ by at most one unit', () => {
    fc.assert(
      fc.property(feeInput, (input) => {
        const payouts = splitFee(input);
        // Shares count at 18 decimals: two shares closer than 10^-18 are equal for payout purposes.
        const merged = new Map<string, bigint>();
        for (const s of input.contributorShares) merged.set(s.id, (merged.get(s.id) ?? 0n) + toFixed18(s.share, 'share'));
        const entries = [...merged];
        for (const [a, sa] of entries) {
          for (const [b, sb] of entries) {
            const [pa, pb] = [amountOf(payouts, a, 'DATA_CONTRIBUTOR'), amountOf(payouts, b, 'DATA_CONTRIBUTOR')];
            if (sa > sb) expect(pa >= pb).toBe(true);
            if (sa === sb) expect(pa - pb <= 1n && pb - pa <= 1n).toBe(true);
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('does not depend on the order of its inputs', () => {
    fc.assert(
      fc.property(feeInput, (input) => {
        const reversed = {
          ...input,
          adapterShares: [...input.adapterShares].reverse(),
          contributorShares: [...input.contributorShares].reverse(),
          validatorIds: [...input.validatorIds].reverse(),
        };
        expect(splitFee(reversed)).toEqual(splitFee(input));
      }),
      { numRuns: 500 },
    );
  });
});
