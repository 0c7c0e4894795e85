import neo4j, { type Node } from 'neo4j-driver';

/** Converts Neo4j values to what GraphQL resolvers expect: numbers, ISO date strings, plain objects. */
export function plainValue(value: unknown): unknown {
  if (neo4j.isInt(value)) return (value as { toNumber(): number }).toNumber();
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
