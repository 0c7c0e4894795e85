import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apportion } from '../../../api/rewards/largest-remainder.js';

describe('largest-remainder apportionment', () => {
  it('sums exactly to the total and keeps every amount within one unit of its exact share', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 30n }),
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 20n }), { minLength: 1, maxLength: 12 }),
        (total, numerators) => {
          const denominator = numerators.reduce((s, n) => s + n, 0n);
          fc.pre(denominator > 0n);
          const claims = numerators.map((numerator, i) => ({ key: `r${String(i).padStart(2, '0')}`, numerator }));
          const amounts = apportion(total, claims, denominator, (a, b) => (a < b ? -1 : a > b ? 1 : 0));
          expect(amounts.reduce((s, a) => s + a, 0n)).toBe(total);
          amounts.forEach((amount, i) => {
            // |amount − total·n/D| < 1  ⇔  |amount·D − total·n| < D
            const gap = amount * denominator - total * numerators[i]!;
            expect(gap < denominator && -gap < denominator).toBe(true);
            expect(amount >= 0n).toBe(true);
          });
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('refuses claims that do not add up to the whole', () => {
    const byId = (a: string, b: string) => (a < b ? -1 : 1);
    expect(() => apportion(10n, [{ key: 'a', numerator: 1n }], 2n, byId)).toThrow(/not 1/);
    expect(() => apportion(-1n, [{ key: 'a', numerator: 1n }], 1n, byId)).toThrow(/negative/);
  });
});
