import { createGuarded, type Guard } from './actor-guard.js';
import type { Transaction } from './transaction.js';

/**
 * Shared Cypher property maps. A node kind's map is written once, as a function of where its values come from: a
 * production writer's parameters (`$`) or the row of an UNWIND batch (`row`), with the values a writer computes in
 * the statement itself (timestamps, ids of matched nodes) passed in. The production writer and the seed's bulk
 * writer of a kind both CREATE through the same map, so a property added to one is added to the other.
 */

/**
 * Where a property map's values come from: `'$'` the statement's parameters, any other string an UNWIND row of that
 * name, or a batch sent as columns (`Columns`).
 */
export type Row = string | Columns;

/**
 * A batch sent as one list parameter per field, `$<batch>_<field>`, read at `index`. Rows of maps repeat every key in
 * every row, and the driver packs and Neo4j unpacks each row as a map: for a 500-record batch, columns took ~2–5 ms
 * off the API process's CPU and ~6–11 ms off the write (three scratch runs, the same statement side by side).
 */
export interface Columns {
  batch: string;
  index: string;
}

/** The parameter that holds a field's column. */
export const columnParam = (columns: Columns, name: string) => `${columns.batch}_${name}`;

/** A field of the row: `$name` for the statement's parameters, `row.name` for an UNWIND row, `$batch_name[i]` for columns. */
export function field(row: Row, name: string): string {
  if (typeof row !== 'string') return `$${columnParam(row, name)}[${row.index}]`;
  return row === '$' ? `$${name}` : `${row}.${name}`;
}

/** Cypher for the number of rows of a batch sent as columns (the length of one of its columns). */
export const columnRows = (columns: Columns, name: string) => `size($${columnParam(columns, name)})`;

/** The parameters of a batch sent as columns: for each field, its column lists the rows' values in order. */
export function columnsOf<T extends object>(columns: Columns, rows: readonly T[], fields: ReadonlyArray<keyof T & string>): Record<string, unknown[]> {
  const params: Record<string, unknown[]> = {};
  for (const name of fields) {
    const values = new Array<unknown>(rows.length);
    for (let i = 0; i < rows.length; i++) values[i] = rows[i]![name];
    params[columnParam(columns, name)] = values;
  }
  return params;
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
