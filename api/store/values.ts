import neo4j, { type Node } from 'neo4j-driver';

/**
 * Values across the driver boundary, in one place. Integers are sent as neo4j.int so Neo4j stores INTEGER rather than
 * FLOAT (a float would miss the unique constraint's range scans), and are read back as JS numbers whether the driver
 * returns Integer objects, plain numbers or bigints — refusing, rather than rounding, one past 2^53 (money is never
 * stored as an integer: it is a decimal string).
 */
export function int(n: number) {
  return neo4j.int(n);
}

export function toNumber(value: unknown, what = 'integer'): number {
  if (neo4j.isInt(value)) {
    if (!value.inSafeRange()) throw new RangeError(`${what} is too large for a JS number`);
    return value.toNumber();
  }
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'bigint' && value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)) {
    return Number(value);
  }
  throw new RangeError(`${what} is not a safe integer (got ${String(value)})`);
}

/** Converts Neo4j values to what GraphQL resolvers expect: numbers, ISO date strings, plain objects. */
export function plainValue(value: unknown): unknown {
  if (neo4j.isInt(value)) return toNumber(value);
  if (
    neo4j.isDateTime(value as never) ||
    neo4j.isDate(value as never) ||
    neo4j.isLocalDateTime(value as never)
  ) {
    return new Date((value as { toString(): string }).toString()).toISOString();
  }
  if (Array.isArray(value)) return value.map(plainValue);
  if (value && typeof value === 'object' && value.constructor === Object) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainValue(v)]));
  }
  return value;
}

/** Node properties as a plain object, branded with its label so GraphQL can resolve the Node interface. */
export function plainNode<T>(node: Node): T {
  return { ...(plainValue({ ...node.properties }) as object), __typename: node.labels[0] } as T;
}
