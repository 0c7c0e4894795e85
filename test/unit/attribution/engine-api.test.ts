import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AttributionShape } from '../../../api/attribution/attribution-shape.js';
import { CLASSIC_OVERLAP_EXAMPLE } from '../../../seed/classic-overlap-example.js';
import { MissingCoalitionError } from '../../../api/attribution/coalition-scores.js';
import { coalitionsToScore, SAMPLED_PERMUTATIONS, shapleyFromTable, shapleySeed } from '../../../api/attribution/datanet-shapley.js';
import { DEFAULT_REWARD_POLICY } from '../../../api/rewards/reward-policy.js';
import { sumAmounts } from '../../../api/rewards/sum-amounts.js';
import { payoutId, policyInForceCypher, writePayoutsCypher } from '../../../api/store/rewards.js';
import { splitFee } from '../../../api/rewards/split-fee.js';
import { feeRecipientsCypher, storeAttributionsCypher, storeInfluencesCypher } from '../../../api/store/outputs.js';
import { valueHistory, type ModelValueRow } from '../../../api/attribution/value-history.js';
import { valueHistoryCypher } from '../../../api/store/reads/value-history.js';
import { compareAttributions } from '../../../api/attribution/compare-attributions.js';
import { validateRewardPolicy } from '../../../api/rewards/reward-policy.js';

const attribution = (over: Partial<AttributionShape> = {}): AttributionShape => ({
  method: 'span-trace+owen-coverage',
  methodVersion: 'span-trace/1+owen/1',
  coverage: 0.5,
  datanets: [{ id: 'dn_a', share: 1 }],
  adapters: [{ id: 'ad_a', share: 1 }],
  contributors: [
    { id: 'ctb_a', share: 0.75 },
    { id: 'ctb_b', share: 0.25 },
  ],
  records: [
    { id: 'rec_a', share: 0.75 },
    { id: 'rec_b', share: 0.25 },
  ],
  spans: [{ start: 0, end: 10, text: 'abcdefghij', recordIds: ['rec_a', 'rec_c'] }],
  ...over,
});

describe('compareAttributions', () => {
  it('finds nothing between equal attributions, whatever the list and record order, within 1e-9', () => {
    const a = attribution();
    const b = attribution({
      coverage: 0.5 + 1e-12,
      contributors: [
        { id: 'ctb_b', share: 0.25 + 1e-12 },
        { id: 'ctb_a', share: 0.75 - 1e-12 },
      ],
      spans: [{ start: 0, end: 10, text: 'abcdefghij', recordIds: ['rec_c', 'rec_a'] }],
    });
    expect(compareAttributions(a, b)).toEqual([]);
  });

  it('names every difference: coverage, a changed, missing or extra share, and spans', () => {
    const a = attribution();
    const b = attribution({
      coverage: 0.4,
      contributors: [{ id: 'ctb_a', share: 0.7 }, { id: 'ctb_c', share: 0.3 }],
      spans: [
        { start: 0, end: 10, text: 'abcdefghij', recordIds: ['rec_a'] },
        { start: 12, end: 20, text: 'klmnopqr', recordIds: ['rec_b'] },
      ],
    });
    expect(compareAttributions(a, b)).toEqual([
      'coverage: stored 0.5, recomputed 0.4',
      'contributors: Contributor:ctb_a share stored 0.75, recomputed 0.7',
      'contributors: Contributor:ctb_b has stored share 0.25, none recomputed',
      'contributors: Contributor:ctb_c has no stored share, recomputed 0.3',
      'spans: 1 stored, 2 recomputed',
      'spans: [0, 10) records stored {rec_a, rec_c}, recomputed {rec_a}',
      'spans: recomputed span [12, 20) "klmnopqr" is not stored',
    ]);
  });
});

describe('valueHistory', () => {
  const row = (modelId: string, previousVersionId: string | null, outputs: number, credit: number, earnings = 0n): ModelValueRow => ({
    modelId, previousVersionId, createdAt: '', outputs, credit, credited: credit > 0 ? outputs : 0, earnings,
  });

  it('compares with the previous version of the chain, not the row before, and flags drops over the threshold', () => {
    const history = valueHistory(
      [row('a1', null, 4, 2, 10n), row('b1', null, 2, 2), row('a2', 'a1', 2, 0.5, 3n), row('b2', 'b1', 1, 0.8), row('a3', 'a2', 0, 0)],
      0.25,
    );
    expect(history.map((h) => [h.modelId, h.meanShare, h.dropFromPrevious, h.flagged])).toEqual([
      ['a1', 0.5, null, false],
      ['b1', 1, null, false],
      ['a2', 0.25, 0.5, true],
      ['b2', 0.8, 0.19999999999999996, false],
      ['a3', null, null, false], // no attributed output yet: nothing to compare
    ]);
    expect(history[2]!.earnings).toBe(3n);
  });

  it('a rise is a negative drop, never flagged; a previous version absent from the rows had no share to lose', () => {
    const history = valueHistory([row('x1', null, 1, 0.2), row('x2', 'x1', 1, 0.4), row('y2', 'y1', 1, 0)], 0);
    expect(history[1]).toMatchObject({ dropFromPrevious: -1, flagged: false });
    expect(history[2]).toMatchObject({ dropFromPrevious: null, flagged: false });
  });
});

describe('dataset-level Shapley from a stored table', () => {
  it('is exact on the classic overlap example', () => {
    const s = shapleyFromTable('mdl_x', ['C', 'B', 'A'], CLASSIC_OVERLAP_EXAMPLE.coalitionScores);
    expect(s.method).toBe('EXACT');
    expect(s.values.map((v) => v.id)).toEqual(['A', 'B', 'C']);
    for (const v of s.values) expect(v.value).toBeCloseTo(0.3, 12);
    expect(s.total).toBeCloseTo(0.9, 12);
  });

  it('names the missing coalition', () => {
    const scores = CLASSIC_OVERLAP_EXAMPLE.coalitionScores.filter((c) => c.datanetIds.join() !== 'A,C');
    expect(() => shapleyFromTable('mdl_x', ['A', 'B', 'C'], scores)).toThrow(MissingCoalitionError);
    expect(() => shapleyFromTable('mdl_x', ['A', 'B', 'C'], scores)).toThrow('{A, C}');
  });

  it('beyond 15 datanets samples seeded orders: the coalitions it asks for suffice, and an additive game comes out exact', () => {
    const players = Array.from({ length: 17 }, (_, i) => `dn_${String(i).padStart(2, '0')}`);
    const weight = (id: string) => Number(id.slice(3)) + 1;
    const plan = coalitionsToScore(players, shapleySeed('mdl_big'));
    expect(plan).toMatchObject({ method: 'SAMPLED', permutations: SAMPLED_PERMUTATIONS });
    expect(plan.coalitions.length).toBeLessThanOrEqual(SAMPLED_PERMUTATIONS * players.length);
    const scores = plan.coalitions.map((c) => ({ datanetIds: c, score: c.reduce((s, id) => s + weight(id), 0) }));
    const s = shapleyFromTable('mdl_big', players, scores);
    expect(s.method).toBe('SAMPLED');
    for (const v of s.values) {
      expect(v.value).toBeCloseTo(weight(v.id), 9);
      expect(v.standardError).toBeLessThan(1e-9);
    }
    // Another model's seed walks other orders, so this table is not enough for it.
    expect(() => shapleyFromTable('mdl_other', players, scores)).toThrow(MissingCoalitionError);
  });

  it('a sampled estimate of a non-additive game states its error, and the truth is within a few standard errors', () => {
    const players = Array.from({ length: 16 }, (_, i) => `p${String(i).padStart(2, '0')}`);
    // Saturating game: v(S) = min(|S|, 4). Symmetric, so every true value is 4/16 = 0.25.
    const plan = coalitionsToScore(players, shapleySeed('mdl_sat'));
    const s = shapleyFromTable('mdl_sat', players, plan.coalitions.map((c) => ({ datanetIds: c, score: Math.min(c.length, 4) })));
    const total = s.values.reduce((sum, v) => sum + v.value, 0);
    expect(total).toBeCloseTo(4, 9); // every sampled order distributes exactly v(N) − v(∅)
    for (const v of s.values) {
      expect(v.standardError).toBeGreaterThan(0);
      expect(Math.abs(v.value - 0.25)).toBeLessThan(5 * v.standardError);
    }
  });
});

describe('rewards storage', () => {
  it('the default policy is valid and leaves the model owner at least 15 %', () => {
    expect(() => validateRewardPolicy(DEFAULT_REWARD_POLICY)).not.toThrow();
    const p = DEFAULT_REWARD_POLICY;
    expect(1 - p.platform - p.adapterBuilders - p.dataContributors - p.validators).toBeCloseTo(0.15, 12);
  });

  it('payout ids sort in split order for up to 1000 payouts per output', () => {
    const ids = Array.from({ length: 120 }, (_, i) => payoutId('out_x', i));
    expect([...ids].sort()).toEqual(ids);
  });

  it('stored amounts add up exactly, far beyond 2^53 and 2^63', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: 0n, max: 10n ** 40n }), { maxLength: 30 }), (amounts) => {
        expect(sumAmounts(amounts.map(String))).toBe(amounts.reduce((s, a) => s + a, 0n));
      }),
      { numRuns: 500 },
    );
    expect(() => sumAmounts(['1.5'])).toThrow(/not an integer decimal string/);
  });

  it('any fee splits into payouts that sum to it exactly under the default policy', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 30n }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.array(fc.double({ min: 0.001, max: 1, noNaN: true }), { minLength: 0, maxLength: 5 }),
        fc.nat(3),
        (fee, coverage, weights, validators) => {
          const total = weights.reduce((s, w) => s + w, 0);
          const payouts = splitFee({
            fee,
            policy: DEFAULT_REWARD_POLICY,
            coverage: weights.length ? coverage : 0,
            adapterShares: weights.length ? [{ builderId: 'ctb_builder', share: 1 }] : [],
            contributorShares: weights.map((w, i) => ({ id: `ctb_${i}`, share: w / total })),
            validatorIds: Array.from({ length: validators }, (_, i) => `ctb_v${i}`),
            platformId: 'platform',
            modelOwnerId: 'ctb_owner',
          });
          expect(payouts.reduce((s, p) => s + p.amount, 0n)).toBe(fee);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

// neo4j/graphql tck style: the Cypher the engine's API sends, pinned.
describe('engine Cypher', () => {
  it('is anchored on unique ids and pinned', () => {
    expect(storeAttributionsCypher.startsWith('UNWIND $rows AS row\nMATCH (o:Output {id: row.outputId})')).toBe(true);
    expect(storeInfluencesCypher('Record')).toContain('MATCH (x:Record {id: row.id})');
    expect(valueHistoryCypher.startsWith('MATCH (c:Contributor {id: $id})')).toBe(true);
    expect(valueHistoryCypher).toContain('[:PREVIOUS_VERSION*1..25]');
    expect({ storeAttributionsCypher, storeInfluences: storeInfluencesCypher('Datanet'), feeRecipientsCypher, writePayoutsCypher, policyInForceCypher, valueHistoryCypher }).toMatchSnapshot();
  });
});
