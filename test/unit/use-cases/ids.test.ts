import { describe, expect, it } from 'vitest';
import { newLocalId } from '../../../api/use-cases/ids.js';

describe('newLocalId', () => {
  it('gives the prefix and 80 random bits in hex', () => {
    expect(newLocalId('rec')).toMatch(/^rec_[0-9a-f]{20}$/);
    expect(newLocalId('dn')).toMatch(/^dn_[0-9a-f]{20}$/);
  });

  it('never hands out the same bytes twice, across many blocks of random bytes', () => {
    // 5,000 ids take 50,000 bytes: a dozen blocks of 4,096, and ids that straddle no block.
    const ids = Array.from({ length: 5000 }, () => newLocalId('rec'));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => /^rec_[0-9a-f]{20}$/.test(id))).toBe(true);
    // Random bits: each hex digit shows up about as often as the others (20 digits × 5,000 ids ≈ 6,250 each).
    const counts = new Map<string, number>();
    for (const id of ids) for (const digit of id.slice(4)) counts.set(digit, (counts.get(digit) ?? 0) + 1);
    expect(counts.size).toBe(16);
    for (const n of counts.values()) expect(n).toBeGreaterThan(5500);
  });
});
