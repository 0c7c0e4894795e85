import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jaccard, jaccardOfSorted } from '../../../api/dedup/index.js';

const ascending = fc.uniqueArray(fc.integer({ min: 0, max: 400 }), { maxLength: 120 }).map((xs) => xs.sort((a, b) => a - b));

describe('jaccardOfSorted', () => {
  it('equals the set-based Jaccard on ascending arrays of distinct numbers', () => {
    fc.assert(fc.property(ascending, ascending, (a, b) => jaccardOfSorted(a, b) === jaccard(a, b)), { numRuns: 500 });
  });

  it('measures an input that is not strictly ascending the general way (duplicates ignored, any order)', () => {
    expect(jaccardOfSorted([3, 1, 2], [1, 2, 3])).toBe(1);
    expect(jaccardOfSorted([1, 2, 2, 3], [1, 2, 3])).toBe(1);
    // The disorder sits in a tail the merge walk never compares.
    expect(jaccardOfSorted([1], [5, 6, 4])).toBe(0);
    expect(jaccardOfSorted([1, 9, 3], [1])).toBe(jaccard([1, 9, 3], [1]));
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 40 }), fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 40 }), (a, b) =>
        jaccardOfSorted(a, b) === jaccard(a, b),
      ),
      { numRuns: 500 },
    );
  });

  it('takes two empty sets as identical and one empty set as disjoint', () => {
    expect(jaccardOfSorted([], [])).toBe(1);
    expect(jaccardOfSorted([], [1])).toBe(0);
  });
});
