import { describe, expect, it } from 'vitest';
import { addDecimals, checkPayouts, formatDecimal, parseDecimal } from '../../../api/log/payouts.js';

describe('decimal strings', () => {
  it('add exactly, beyond double precision', () => {
    const sum = addDecimals(['9007199254740993', '0.1', '0.2', '1.005'].map(parseDecimal));
    expect(formatDecimal(sum)).toBe('9007199254740994.305');
  });

  it('reject anything but a plain non-negative decimal', () => {
    for (const bad of ['', '-1', '+1', '1e3', '01', '1.', '.5', ' 1', '0x10', '1,5', 'NaN']) {
      expect(() => parseDecimal(bad), bad).toThrow(/not a non-negative decimal string/);
    }
    expect(formatDecimal(parseDecimal('0.050'))).toBe('0.050');
  });
});

describe('payout checks', () => {
  it('pass when payouts sum exactly to the fee, whatever the shape of the list', () => {
    const rows = [
      { recipientId: 'c1', role: 'DATA_CONTRIBUTOR', amount: '333' },
      { recipientId: 'c2', role: 'DATA_CONTRIBUTOR', amount: '333' },
      { recipientId: 'm', role: 'MODEL_OWNER', amount: '334' },
    ];
    expect(checkPayouts({ fee: '1000', payouts: rows })).toMatchObject({ present: true, ok: true, count: 3, total: '1000' });
    expect(checkPayouts({ fee: '1000', payouts: ['500', '500'] }).ok).toBe(true);
    expect(checkPayouts({ fee: '10.5', payouts: { a: '10.25', b: '0.25' } }).ok).toBe(true);
    expect(checkPayouts({ fee: '10', payouts: { a: '9.99', b: '0.01000' } }).ok).toBe(true);
  });

  it('fail on a sum that is off by one base unit, naming both numbers', () => {
    const r = checkPayouts({ fee: '1000', payouts: [{ amount: '333' }, { amount: '333' }, { amount: '333' }] });
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual(['payouts sum to 999 but the fee is 1000']);
  });

  it('fail on amounts that are not exact decimal strings', () => {
    const r = checkPayouts({ payouts: [{ amount: 1.5 }, { amount: '-2' }, { amount: null }] });
    expect(r.ok).toBe(false);
    expect(r.problems).toHaveLength(3);
    expect(r.problems[0]).toMatch(/JSON number/);
    expect(checkPayouts({ fee: 1000, payouts: [] }).problems).toEqual(['fee is not a decimal string']);
    expect(checkPayouts({ payouts: 'lots' }).ok).toBe(false);
  });

  it('report absent payouts as nothing to check', () => {
    expect(checkPayouts({ type: 'attribution' })).toMatchObject({ present: false, ok: true });
    expect(checkPayouts(null)).toMatchObject({ present: false, ok: true });
  });
});
