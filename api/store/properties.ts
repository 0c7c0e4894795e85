import { createGuarded, type Guard } from './actor-guard.js';
import type { Transaction } from './transaction.js';

/**
 * Shared Cypher property maps. A node kind's map is written once, as a function of where its values come from: a
 * production writer's parameters (`$`) or the row of an UNWIND batch (`row`), with the values a writer computes in
 * the statement itself (timestamps, ids of matched nodes) passed in. The production writer and the seed's bulk
 * writer of a kind both CREATE through the same map, so a property added to one is added to the other.
 */

/** A field of the row: `$name` when the row is the statement's parameters, `row.name` for an UNWIND row. */
export function field(row: string, name: string): string {
  return row === '$' ? `$${name}` : `${row}.${name}`;
}

/** Cypher for an ISO-8601 timestamp field of an imported row, null kept as null. */
export function datetimeOf(expression: string): string {
  return `CASE WHEN ${expression} IS NULL THEN null ELSE datetime(${expression}) END`;
}

/**
 * A bulk importer (seeds) for a node kind written without edges: one UNWIND batch, no guard, the kind's shared
 * property map. Its statement is exported beside it so the snapshot tests pin it.
 */
export function nodeImporter<Row>(label: string, variable: string, properties: string) {
  const cypher = `UNWIND $rows AS row
CREATE (${variable}:${label} ${properties})`;
  return {
    cypher,
    async run(tx: Transaction, rows: readonly Row[]): Promise<void> {
      if (rows.length > 0) await tx.run(cypher, { rows });
    },
  };
}

/**
 * The guarded create of a node kind written without edges (a datanet, a base model): its shared property map with the
 * statement's time as createdAt, behind the caller's role guard. False when the guard refused and nothing was written.
 */
export function guardedNodeCreate<New extends object>(label: string, variable: string, properties: string) {
  const cypher = `CREATE (${variable}:${label} ${properties})
     RETURN ${variable}.id AS id`;
  return (tx: Transaction, guard: Guard, node: New): Promise<boolean> => createGuarded(tx, guard, cypher, { ...node } as Record<string, unknown>);
}
