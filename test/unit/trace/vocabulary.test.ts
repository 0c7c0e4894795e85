import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UNKNOWN_TOKEN, Vocabulary } from '../../../api/attribution/trace/vocabulary.js';

describe('Vocabulary', () => {
  it('assigns stable dense ids and counts occurrences', () => {
    const v = new Vocabulary();
    expect(['a', 'b', 'a', 'c', 'a'].map((w) => v.add(w))).toEqual([0, 1, 0, 2, 0]);
    expect(v.idOf('b')).toBe(1);
    expect(v.idOf('zzz')).toBe(UNKNOWN_TOKEN);
    expect(v.count(0)).toBe(3);
    expect(v.totalCount).toBe(5);
    expect(v.size).toBe(3);
  });

  it('add-one smoothing: probabilities of known words plus the unseen slot sum to 1; unseen is rarest', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), { minLength: 1, maxLength: 200 }), (words) => {
        const v = new Vocabulary();
        words.forEach((w) => v.add(w));
        let sum = Math.exp(v.logProb(UNKNOWN_TOKEN));
        for (let id = 0; id < v.size; id++) {
          sum += Math.exp(v.logProb(id));
          expect(v.surprisal(id)).toBeLessThan(v.surprisal(UNKNOWN_TOKEN));
        }
        expect(sum).toBeCloseTo(1, 12);
      }),
    );
  });

  it('round-trips through a snapshot, ids and counts included', () => {
    const v = new Vocabulary();
    for (let i = 0; i < 5000; i++) v.add(`w${i % 1234}`);
    const copy = Vocabulary.fromSnapshot(v.snapshot());
    expect(copy.size).toBe(v.size);
    expect(copy.totalCount).toBe(v.totalCount);
    expect(copy.idOf('w77')).toBe(v.idOf('w77'));
    expect(copy.logProb(5)).toBe(v.logProb(5));
    expect(copy.add('new')).toBe(1234);
  });
});
