import { describe, expect, it } from 'vitest';
import { BandIndex } from '../../../api/dedup/index.js';

/** Band keys shaped like real ones (`b<band>:<32 hex>`); cluster i shares band 0 with cluster i - 1 when i is odd. */
const keysOf = (i: number, prefix: string) =>
  Array.from({ length: 32 }, (_, band) => `b${band}:${prefix}${(band === 0 && i % 2 === 1 ? i - 1 : i).toString(16).padStart(31, '0')}`);

describe('band index', () => {
  it('names every cluster given with a key (through growth), and rarely one that was not', () => {
    const index = new BandIndex();
    const stored = Array.from({ length: 2000 }, (_, i) => ({ bandKeys: keysOf(i, 'a') }));
    stored.forEach((print, seq) => index.add(seq, print.bandKeys));
    expect(index.size).toBe(2000 * 32);
    // 64,000 pairs outgrow the first table (2^16 slots, three quarters full at 49,152).
    expect(index.bytes).toBeGreaterThan(2 ** 16 * 8);
    const holders = new Map<string, Set<number>>();
    stored.forEach((print, seq) => print.bandKeys.forEach((key) => holders.set(key, (holders.get(key) ?? new Set()).add(seq))));
    let missed = 0;
    for (const [key, seqs] of holders) for (const seq of seqs) if (!index.clustersOf(key).includes(seq)) missed += 1;
    expect(missed).toBe(0);
    expect(index.clustersOf(keysOf(1, 'a')[0]!).sort((a, b) => a - b)).toEqual([0, 1]);
    const fresh = Array.from({ length: 500 }, (_, i) => keysOf(i, 'f')).flat();
    const unseen = fresh.filter((key) => !holders.has(key));
    const falseHits = unseen.filter((key) => index.clustersOf(key).length > 0).length;
    // 64,000 keys as 32-bit hashes: a key it never saw collides about once in 67,000.
    expect(falseHits / unseen.length).toBeLessThan(0.001);
  }, 30_000);

  it('names a cluster once for a key given twice, several clusters sharing a key, and nothing when empty', () => {
    const index = new BandIndex();
    expect(index.clustersOf('b0:00')).toEqual([]);
    index.add(4, ['b0:aa', 'b1:bb']);
    index.add(4, ['b0:aa']);
    index.add(9, ['b0:aa']);
    index.add(0, ['b1:bb']);
    expect(index.clustersOf('b0:aa').sort()).toEqual([4, 9]);
    expect(index.clustersOf('b1:bb').sort()).toEqual([0, 4]);
    expect(index.clustersOf('b2:cc')).toEqual([]);
  });

  it('refuses a number it cannot store', () => {
    const index = new BandIndex();
    expect(() => index.add(-1, ['b0:aa'])).toThrow(RangeError);
    expect(() => index.add(2 ** 32, ['b0:aa'])).toThrow(RangeError);
    expect(() => index.add(1.5, ['b0:aa'])).toThrow(RangeError);
  });
});
