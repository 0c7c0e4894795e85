import { describe, expect, it } from 'vitest';
import { BandFilter, fingerprint } from '../../../api/dedup/index.js';

describe('band filter', () => {
  it('never says "certainly not" for a key it was given, and rarely "may be" for one it was not', () => {
    const filter = new BandFilter();
    const stored = Array.from({ length: 500 }, (_, i) => fingerprint(`stored passage number ${i} about tides, harbours and ${i * 7} boats`).bandKeys).flat();
    for (const key of stored) filter.add(key);
    expect(stored.every((key) => filter.mightHave(key))).toBe(true);
    const fresh = Array.from({ length: 500 }, (_, i) => fingerprint(`fresh text ${i} on mountains, rivers and ${i * 13} birds`).bandKeys).flat();
    const storedSet = new Set(stored);
    const unseen = fresh.filter((key) => !storedSet.has(key));
    const falseMaybe = unseen.filter((key) => filter.mightHave(key)).length;
    // 16,000 keys in 2^28 bits with 3 probes: a false "may be" about once in 10^11.
    expect(falseMaybe / unseen.length).toBeLessThan(0.001);
  });

  it('an empty filter holds nothing', () => {
    const filter = new BandFilter();
    expect(fingerprint('The tide turns twice a day along the northern coast of the bay.').bandKeys.some((key) => filter.mightHave(key))).toBe(false);
  });
});
