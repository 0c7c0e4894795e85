import { seededRandom, shuffled } from './seeded-random.js';

/** Exact Shapley evaluates all 2^n coalitions: 32,768 at n = 15. Beyond that, sample. */
export const MAX_EXACT_PLAYERS = 15;

export interface PlayerValue {
  id: string;
  value: number;
}

export interface SampledPlayerValue extends PlayerValue {
  /** Standard error of `value`: sample standard deviation of the player's marginal contributions / √permutations. */
  standardError: number;
}

/**
 * Exact Shapley values, φ_i = Σ_{S ⊆ N∖{i}} |S|!(n−|S|−1)!/n! · (v(S ∪ {i}) − v(S)).
 * `score(mask)` is v of the coalition whose bit i is set for players[i]; it is called once per coalition. O(2^n · n).
 * Values come back in the order of `players`.
 */
export function exactShapley(players: readonly string[], score: (coalition: number) => number): PlayerValue[] {
  assertDistinct(players);
  const n = players.length;
  if (n > MAX_EXACT_PLAYERS) {
    throw new RangeError(`exact Shapley is limited to ${MAX_EXACT_PLAYERS} players (got ${n}); use sampledShapley`);
  }
  const size = 1 << n;
  const v = new Float64Array(size);
  const members = new Uint8Array(size);
  for (let mask = 0; mask < size; mask++) {
    v[mask] = checkedScore(score(mask), () => describeCoalition(players, BigInt(mask)));
    if (mask > 0) members[mask] = members[mask >> 1]! + (mask & 1);
  }
  // weight[s] = s!(n−s−1)!/n! = 1 / (n · C(n−1, s)), built without factorials so nothing overflows.
  const weight: number[] = [];
  let binomial = 1;
  for (let s = 0; s < n; s++) {
    weight.push(1 / (n * binomial));
    binomial = (binomial * (n - 1 - s)) / (s + 1);
  }
  const phi = new Array<number>(n).fill(0);
  for (let mask = 0; mask < size; mask++) {
    const w = weight[members[mask]!] ?? 0;
    for (let i = 0; i < n; i++) {
      const bit = 1 << i;
      if (mask & bit) continue;
      phi[i]! += w * (v[mask | bit]! - v[mask]!);
    }
  }
  return players.map((id, i) => ({ id, value: phi[i]! }));
}

export interface SamplingOptions {
  /** Number of random player orders (≥ 2, so a standard error exists). */
  permutations: number;
  /** Seed of the order sampler: the same seed gives the same estimate. */
  seed: number;
}

/**
 * Monte Carlo Shapley values: the average marginal contribution of each player over uniformly random orders, with
 * the standard error of that mean. Each order costs n calls of `score`; coalitions are bigint masks so any number of
 * players works. Every sampled order distributes exactly v(N) − v(∅), so the estimates are efficient by construction.
 */
export function sampledShapley(
  players: readonly string[],
  score: (coalition: bigint) => number,
  options: SamplingOptions,
): SampledPlayerValue[] {
  assertDistinct(players);
  const { permutations, seed } = options;
  if (!Number.isSafeInteger(permutations) || permutations < 2) {
    throw new RangeError(`permutations must be an integer ≥ 2, got ${permutations}`);
  }
  const n = players.length;
  const random = seededRandom(seed);
  const indices = players.map((_, i) => i);
  const empty = checkedScore(score(0n), () => '{}');
  // Welford's running mean and sum of squared deviations, per player.
  const mean = new Array<number>(n).fill(0);
  const m2 = new Array<number>(n).fill(0);
  for (let k = 1; k <= permutations; k++) {
    let mask = 0n;
    let previous = empty;
    for (const i of shuffled(indices, random)) {
      mask |= 1n << BigInt(i);
      const current = checkedScore(score(mask), () => describeCoalition(players, mask));
      const marginal = current - previous;
      previous = current;
      const delta = marginal - mean[i]!;
      mean[i]! += delta / k;
      m2[i]! += delta * (marginal - mean[i]!);
    }
  }
  return players.map((id, i) => ({
    id,
    value: mean[i]!,
    standardError: Math.sqrt(m2[i]! / (permutations - 1) / permutations),
  }));
}

/** `{A, C}`: the players of a coalition mask, for error messages. */
export function describeCoalition(players: readonly string[], mask: bigint): string {
  return `{${players.filter((_, i) => (mask >> BigInt(i)) & 1n).join(', ')}}`;
}

function checkedScore(value: number, coalition: () => string): number {
  if (!Number.isFinite(value)) throw new RangeError(`score of coalition ${coalition()} is not a finite number: ${value}`);
  return value;
}

function assertDistinct(players: readonly string[]): void {
  const seen = new Set<string>();
  for (const id of players) {
    if (seen.has(id)) throw new RangeError(`player ${id} is listed twice`);
    seen.add(id);
  }
}
