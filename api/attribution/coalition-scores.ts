import { describeCoalition, exactShapley, MAX_EXACT_PLAYERS, type PlayerValue } from './shapley.js';

/** A score a builder measured offline for one subset of a model's datanets (e.g. eval accuracy). */
export interface CoalitionScore {
  datanetIds: readonly string[];
  score: number;
}

/** A coalition whose score the computation needed but nobody supplied. */
export class MissingCoalitionError extends Error {
  constructor(readonly datanetIds: string[]) {
    super(`no score supplied for coalition {${datanetIds.join(', ')}}`);
    this.name = 'MissingCoalitionError';
  }
}

/** Supplied coalition scores indexed by bitmask over `datanets` (bit i ↔ datanets[i]). */
export interface CoalitionScoreTable {
  datanets: readonly string[];
  /** v(coalition); the empty coalition is 0 unless supplied. Throws MissingCoalitionError for any other gap. */
  score(mask: number | bigint): number;
  /** The first coalition (in mask order) with no score, or undefined when all 2^n are present. Only for n ≤ 15. */
  firstMissing(): string[] | undefined;
}

/**
 * Validates and indexes supplied scores. Errors name the entry: an unknown or repeated datanet id, a coalition scored
 * twice, a score that is not a finite number. Datanet order inside an entry does not matter.
 */
export function parseCoalitionScores(datanets: readonly string[], entries: readonly CoalitionScore[]): CoalitionScoreTable {
  const bit = new Map<string, bigint>();
  datanets.forEach((id, i) => {
    if (bit.has(id)) throw new RangeError(`datanet ${id} is listed twice`);
    bit.set(id, 1n << BigInt(i));
  });
  const scores = new Map<bigint, { score: number; entry: number }>();
  entries.forEach((entry, index) => {
    let mask = 0n;
    for (const id of entry.datanetIds) {
      const b = bit.get(id);
      if (b === undefined) throw new RangeError(`coalitionScores[${index}] names datanet ${id}, which is not one of the model's datanets`);
      if (mask & b) throw new RangeError(`coalitionScores[${index}] lists datanet ${id} twice`);
      mask |= b;
    }
    if (!Number.isFinite(entry.score)) throw new RangeError(`coalitionScores[${index}].score must be a finite number, got ${entry.score}`);
    const earlier = scores.get(mask);
    if (earlier !== undefined) {
      throw new RangeError(`coalition ${describeCoalition(datanets, mask)} is scored twice (coalitionScores[${earlier.entry}] and [${index}])`);
    }
    scores.set(mask, { score: entry.score, entry: index });
  });

  const idsOf = (mask: bigint) => datanets.filter((_, i) => (mask >> BigInt(i)) & 1n);
  return {
    datanets,
    score(mask) {
      const key = BigInt(mask);
      const found = scores.get(key);
      if (found !== undefined) return found.score;
      if (key === 0n) return 0;
      throw new MissingCoalitionError(idsOf(key));
    },
    firstMissing() {
      if (datanets.length > MAX_EXACT_PLAYERS) throw new RangeError(`firstMissing enumerates 2^n coalitions; n = ${datanets.length} is too many`);
      for (let mask = 1n; mask < 1n << BigInt(datanets.length); mask++) {
        if (!scores.has(mask)) return idsOf(mask);
      }
      return undefined;
    },
  };
}

/** Exact Shapley values of the datanets from supplied scores; every non-empty coalition must be present. */
export function exactShapleyFromScores(datanets: readonly string[], entries: readonly CoalitionScore[]): PlayerValue[] {
  const table = parseCoalitionScores(datanets, entries);
  if (datanets.length > MAX_EXACT_PLAYERS) {
    throw new RangeError(`exact Shapley is limited to ${MAX_EXACT_PLAYERS} datanets (got ${datanets.length})`);
  }
  const missing = table.firstMissing();
  if (missing !== undefined) throw new MissingCoalitionError(missing);
  return exactShapley(datanets, (mask) => table.score(mask));
}
