import neo4j from 'neo4j-driver';

/**
 * Integers across the driver boundary: sent as neo4j.int so Neo4j stores INTEGER rather than FLOAT (a float index
 * would miss the unique constraint's range scans), and read back whether the driver returns Integer objects, plain
 * numbers (disableLosslessIntegers) or bigints (useBigInt).
 */

export function int(n: number) {
  return neo4j.int(n);
}

export function num(value: unknown, what: string): number {
  if (neo4j.isInt(value)) {
    if (!value.inSafeRange()) throw new RangeError(`${what} is too large for a JS number`);
    return value.toNumber();
  }
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (typeof value === 'bigint' && value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)) {
    return Number(value);
  }
  throw new RangeError(`${what} is not a safe integer (got ${String(value)})`);
}
