import { describe, expect, it } from 'vitest';
import { BandIndex, bandHash } from '../../../api/dedup/index.js';

/** Hashes of band keys shaped like real ones (`b<band>:<32 hex>`); cluster i shares band 0 with cluster i - 1 when i is odd. */
const keysOf = (i: number, prefix: string) =>
  Array.from({ length: 32 }, (_, band) => bandHash(`b${band}:${prefix}${(band === 0 && i % 2 === 1 ? i - 1 : i).toString(16).padStart(31, '0')}`));

describe('band index', () => {
  it('names every cluster given with a band hash (through growth), and rarely one for a key it never saw', () => {
    const index = new BandIndex();
    const stored = Array.from({ length: 2000 }, (_, i) => ({ bandHashes: keysOf(i, 'a') }));
    stored.forEach((print, seq) => index.add(seq, print.bandHashes));
    expect(index.size).toBe(2000 * 32);
    // 64,000 pairs outgrow the first table (2^16 slots, three quarters full at 49,152).
    expect(index.bytes).toBeGreaterThan(2 ** 16 * 8);
    const holders = new Map<number, Set<number>>();
    stored.forEach((print, seq) => print.bandHashes.forEach((key) => holders.set(key, (holders.get(key) ?? new Set()).add(seq))));
    let missed = 0;
    for (const [key, seqs] of holders) for (const seq of seqs) if (!index.clustersOf(key).includes(seq)) missed += 1;
    expect(missed).toBe(0);
    expect([...index.clustersOf(keysOf(1, 'a')[0]!)].sort((a, b) => a - b)).toEqual([0, 1]);
    // Keys it never saw (other text): their hashes match one of the 64,000 stored about once in 67,000.
    const fresh = Array.from({ length: 500 }, (_, i) => keysOf(i, 'f')).flat();
    const falseHits = fresh.filter((hash) => index.clustersOf(hash).length > 0).length;
    expect(falseHits / fresh.length).toBeLessThan(0.001);
  }, 30_000);

  it('names a cluster once for a key given twice, several clusters sharing a key, and nothing when empty', () => {
    const index = new BandIndex();
    expect(index.clustersOf(7)).toEqual([]);
    index.add(4, [0xaa, 0xbb]);
    index.add(4, [0xaa]);
    index.add(9, [0xaa]);
    index.add(0, [0xbb]);
    expect([...index.clustersOf(0xaa)].sort()).toEqual([4, 9]);
    expect([...index.clustersOf(0xbb)].sort()).toEqual([0, 4]);
    expect(index.clustersOf(0xcc)).toEqual([]);
    // Hashes are uint32: one read back as a signed 32-bit integer names the same clusters.
    index.add(2, [0xfffffff0]);
    expect(index.clustersOf(0xfffffff0 | 0)).toEqual([2]);
  });

  it('refuses a number it cannot store', () => {
    const index = new BandIndex();
    expect(() => index.add(-1, [0xaa])).toThrow(RangeError);
    expect(() => index.add(2 ** 32, [0xaa])).toThrow(RangeError);
    expect(() => index.add(1.5, [0xaa])).toThrow(RangeError);
  });
});
