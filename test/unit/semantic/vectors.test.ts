import { describe, expect, it } from 'vitest';
import { cosine, dot, meanPoolNormalized, normalize } from '../../../api/attribution/semantic/vectors.js';

describe('mean pooling', () => {
  it('averages only the positions the mask keeps, then normalises', () => {
    // batch 2, sequence 3, dimensions 2
    const hidden = new Float32Array([1, 0, 3, 4, 100, 100, 0, 2, 0, 2, 0, 2]);
    const [a, b] = meanPoolNormalized(hidden, [1, 1, 0, 1, 1, 1], 2, 3, 2);
    // row 0: mean of (1,0) and (3,4) = (2,2) → (0.7071, 0.7071); the padded (100,100) is ignored
    expect(a![0]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(a![1]).toBeCloseTo(Math.SQRT1_2, 6);
    expect([...b!]).toEqual([0, 1]);
  });

  it('takes an int64 mask (what ONNX is fed) and pools an all-padding row to zeros', () => {
    const [v] = meanPoolNormalized(new Float32Array([5, 5]), new BigInt64Array([0n]), 1, 1, 2);
    expect([...v!]).toEqual([0, 0]);
  });

  it('rejects a tensor of the wrong size', () => {
    expect(() => meanPoolNormalized(new Float32Array(5), [1, 1], 1, 2, 2)).toThrow(/expected/);
  });
});

describe('cosine', () => {
  it('is 1 for parallel, 0 for orthogonal, -1 for opposite vectors, whatever their length', () => {
    expect(cosine([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(cosine([1, 0], [0, 5])).toBe(0);
    expect(cosine([1, 1], [-2, -2])).toBeCloseTo(-1, 12);
    expect(cosine([0, 0], [1, 1])).toBe(0);
  });

  it('equals the dot product of normalised vectors', () => {
    const a = normalize(new Float32Array([3, 1, -2]));
    const b = normalize(new Float32Array([1, 4, 0.5]));
    expect(dot(a, b)).toBeCloseTo(cosine([3, 1, -2], [1, 4, 0.5]), 6);
    expect(Math.hypot(...a)).toBeCloseTo(1, 6);
  });
});
