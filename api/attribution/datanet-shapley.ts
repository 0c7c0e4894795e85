import { badInput } from '../core/errors.js';
import { encodeGlobalId } from '../core/global-id.js';
import { hashString32 } from '../dedup/hash32.js';
import { MissingCoalitionError, parseCoalitionScores, type CoalitionScore } from './coalition-scores.js';
import { seededRandom, shuffled } from './seeded-random.js';
import { exactShapley, MAX_EXACT_PLAYERS, sampledShapley, type SampledPlayerValue } from './shapley.js';

/**
 * Dataset-level Shapley values from coalition scores a model's builder measured offline (e.g. the eval accuracy of the
 * model trained on each subset of its datanets), stored per model and replaced by the next submission.
 *
 * The players are the datanets named in the scores (each must be one the model's adapters were trained on), so a
 * builder can value a subset of them. Up to 15 players the values are exact and every non-empty coalition must be
 * scored (the empty one is 0 unless given). Beyond, they are Monte Carlo estimates over SAMPLED_PERMUTATIONS player
 * orders drawn from a seed fixed by the model id, with standard errors; every prefix of those orders must be scored,
 * and `coalitionsToScore` lists them. Values are recomputed from the stored table on every read (cheap), so they are
 * never out of step with it.
 */

export const SAMPLED_PERMUTATIONS = 200;
/** Large enough for 15 datanets (2^15 − 1 coalitions), bounded so one request stays small. */
export const MAX_COALITION_SCORES = 40_000;
export const MAX_COALITION_PLAYERS = 64;

export type ShapleyMethod = 'EXACT' | 'SAMPLED';

/** A model's submitted table, as stored. */
export interface StoredCoalitionScores {
  modelId: string;
  datanetIds: string[];
  scores: CoalitionScore[];
  submittedBy: string | null;
  submittedAt: string;
}

export interface DatanetShapleyShape {
  modelId: string;
  method: ShapleyMethod;
  values: SampledPlayerValue[];
  coalitionCount: number;
  /** Player orders sampled (SAMPLED only). */
  permutations: number | null;
  seed: number | null;
  /** v(all players) − v(∅): what the values add up to (exactly for EXACT, by construction for SAMPLED). */
  total: number;
  submittedBy: string | null;
  submittedAt: string;
}

export const shapleySeed = (modelId: string) => hashString32(`datanet-shapley:${modelId}`);

/** The player orders a SAMPLED computation walks, and so the coalitions it needs (every prefix). */
export function sampledOrders(players: readonly string[], seed: number, permutations = SAMPLED_PERMUTATIONS): string[][] {
  const random = seededRandom(seed);
  return Array.from({ length: permutations }, () => shuffled(players, random));
}

/** Coalitions whose scores a computation over these players needs, smallest first (the empty one is optional). */
export function coalitionsToScore(players: readonly string[], seed: number): { method: ShapleyMethod; coalitions: string[][]; permutations: number | null } {
  const sorted = [...players].sort();
  if (sorted.length <= MAX_EXACT_PLAYERS) {
    const coalitions: string[][] = [];
    for (let mask = 1; mask < 1 << sorted.length; mask++) coalitions.push(sorted.filter((_, i) => mask & (1 << i)));
    return { method: 'EXACT', coalitions: coalitions.sort((a, b) => a.length - b.length), permutations: null };
  }
  const seen = new Map<string, string[]>();
  for (const order of sampledOrders(sorted, seed)) {
    for (let k = 1; k <= order.length; k++) {
      const coalition = order.slice(0, k).sort();
      seen.set(coalition.join('\u0000'), coalition);
    }
  }
  return { method: 'SAMPLED', coalitions: [...seen.values()].sort((a, b) => a.length - b.length || (a.join() < b.join() ? -1 : 1)), permutations: SAMPLED_PERMUTATIONS };
}

/**
 * Shapley values of the stored table. Throws MissingCoalitionError (naming the coalition) when a score it needs is
 * absent and RangeError for a malformed table.
 */
export function shapleyFromTable(modelId: string, players: readonly string[], scores: readonly CoalitionScore[]): Omit<DatanetShapleyShape, 'submittedBy' | 'submittedAt'> {
  const sorted = [...players].sort();
  const table = parseCoalitionScores(sorted, scores);
  const all = (1n << BigInt(sorted.length)) - 1n;
  if (sorted.length <= MAX_EXACT_PLAYERS) {
    const missing = table.firstMissing();
    if (missing !== undefined) throw new MissingCoalitionError(missing);
    const values = exactShapley(sorted, (mask) => table.score(mask)).map((v) => ({ ...v, standardError: 0 }));
    return { modelId, method: 'EXACT', values, coalitionCount: scores.length, permutations: null, seed: null, total: table.score(all) - table.score(0) };
  }
  const seed = shapleySeed(modelId);
  const values = sampledShapley(sorted, (mask) => table.score(mask), { permutations: SAMPLED_PERMUTATIONS, seed });
  return { modelId, method: 'SAMPLED', values, coalitionCount: scores.length, permutations: SAMPLED_PERMUTATIONS, seed, total: table.score(all) - table.score(0) };
}

/** A set of datanets as a message names it: their global ids. */
export const describeDatanets = (ids: readonly string[]) => `{${ids.map((id) => encodeGlobalId('Datanet', id)).join(', ')}}`;

/** The Shapley values of a model's stored table. */
export function datanetShapleyOf(stored: StoredCoalitionScores): DatanetShapleyShape {
  try {
    return { ...shapleyFromTable(stored.modelId, stored.datanetIds, stored.scores), submittedBy: stored.submittedBy, submittedAt: stored.submittedAt };
  } catch (error) {
    if (error instanceof MissingCoalitionError) throw badInput(`The stored coalition scores of ${encodeGlobalId('Model', stored.modelId)} have no score for ${describeDatanets(error.datanetIds)}; submit a complete table.`);
    throw error;
  }
}
