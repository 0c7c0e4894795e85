/**
 * Deterministic randomness for the scale generator: one seed gives the same graph on every machine.
 *
 * - `rng(seed)`: a sequential stream (sfc32 seeded through splitmix32), for the small entity lists.
 * - `streamAt(seed, salt, index)`: an independent stream per (entity kind, index), so record 123 456's text can be
 *   regenerated later (an output quoting it, a duplicate copying it) without keeping a million texts in memory.
 * - `Zipf`: rank r drawn with probability ∝ 1 / r^s, by binary search over the cumulative weights.
 */

export type Rand = () => number;

/** splitmix32 step: a good 32-bit mixer, used to derive seeds. */
export function mix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** sfc32: small, fast, passes PractRand to large sizes; uniform in [0, 1). */
export function rng(seed: number): Rand {
  let a = mix32(seed);
  let b = mix32(a ^ 0x5bd1e995);
  let c = mix32(b ^ 0x1b873593);
  let d = 1;
  const next = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return next;
}

/** An independent stream for one item of one kind (salt names the kind). */
export function streamAt(seed: number, salt: number, index: number): Rand {
  return rng(mix32(mix32(seed ^ Math.imul(salt, 0x27d4eb2d)) ^ index));
}

export const intBelow = (rand: Rand, n: number) => Math.floor(rand() * n);
export const pick = <T>(rand: Rand, list: readonly T[]): T => list[intBelow(rand, list.length)]!;

/** Geometric-ish positive integer with the given mean, capped. */
export function lengthAround(rand: Rand, min: number, mean: number, max: number): number {
  const extra = -Math.log(1 - rand()) * (mean - min);
  return Math.min(max, min + Math.floor(extra));
}

/** Ranks 0..n-1 with P(r) ∝ 1 / (r + 1)^s. */
export class Zipf {
  private readonly cumulative: Float64Array;

  constructor(readonly n: number, readonly s: number) {
    if (n < 1) throw new RangeError('Zipf needs at least one rank');
    this.cumulative = new Float64Array(n);
    let total = 0;
    for (let r = 0; r < n; r++) {
      total += 1 / (r + 1) ** s;
      this.cumulative[r] = total;
    }
  }

  /** Probability of rank r. */
  p(r: number): number {
    const total = this.cumulative[this.n - 1]!;
    return (this.cumulative[r]! - (r > 0 ? this.cumulative[r - 1]! : 0)) / total;
  }

  sample(rand: Rand): number {
    const target = rand() * this.cumulative[this.n - 1]!;
    let lo = 0;
    let hi = this.n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid]! > target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

/** k distinct ranks drawn from a Zipf (k ≤ n), in draw order. */
export function distinctZipf(rand: Rand, zipf: Zipf, k: number): number[] {
  const chosen = new Set<number>();
  const want = Math.min(k, zipf.n);
  let guard = 0;
  while (chosen.size < want && guard++ < want * 50) chosen.add(zipf.sample(rand));
  // A very skewed law may keep drawing the head: fill up with the next free ranks, still deterministic.
  for (let r = 0; chosen.size < want; r++) chosen.add(r);
  return [...chosen];
}
