import { describe, expect, it } from 'vitest';
import { fingerprint, lockBuckets, LSH_LOCK_BUCKETS } from '../../../api/dedup/index.js';

describe('LSH lock buckets', () => {
  it('are sorted, distinct, in range, and the same for the same keys in any order', () => {
    const keys = fingerprint('The tide turns twice a day along the northern coast of the bay.').bandKeys;
    const buckets = lockBuckets(keys);
    expect(buckets).toEqual([...new Set(buckets)].sort((a, b) => a - b));
    expect(buckets.every((b) => Number.isInteger(b) && b >= 0 && b < LSH_LOCK_BUCKETS)).toBe(true);
    expect(lockBuckets([...keys].reverse())).toEqual(buckets);
    expect(lockBuckets([...keys, ...keys])).toEqual(buckets);
    expect(lockBuckets([])).toEqual([]);
  });

  it('two texts that share a band key share a lock bucket (what orders concurrent near-duplicates)', () => {
    const words = Array.from({ length: 60 }, (_, i) => `word${(i * 7919) % 1000}`);
    const a = fingerprint(words.join(' '));
    const b = fingerprint(words.map((w, i) => (i === 30 ? 'changed' : w)).join(' '));
    const shared = a.bandKeys.filter((k) => b.bandKeys.includes(k));
    expect(shared.length).toBeGreaterThan(0);
    const common = lockBuckets(a.bandKeys).filter((x) => lockBuckets(b.bandKeys).includes(x));
    expect(common).toEqual(expect.arrayContaining(lockBuckets(shared)));
  });
});
