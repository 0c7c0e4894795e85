import type { GraphStore } from './graph-store.js';
import type { Transaction } from './transaction.js';
import { toNumber } from './values.js';
import neo4j from 'neo4j-driver';

/** Whole-graph statements of the dev entry points and seeds: is it empty, wipe it, which scale graph it holds. */

export const graphIsEmptyCypher = 'MATCH (c:Contributor) RETURN count(c) AS n';

/** True when the graph has no Strata data yet (so `npm start` seeds it). */
export async function graphIsEmpty(graph: GraphStore): Promise<boolean> {
  const rows = await graph.read<{ n: unknown }>(graphIsEmptyCypher);
  return toNumber(rows[0]?.n ?? 0) === 0;
}

export const graphHasNodesCypher = 'MATCH (n) RETURN count(n) > 0 AS any';

/** True when the graph holds any node at all. */
export async function graphHasNodes(graph: GraphStore): Promise<boolean> {
  const rows = await graph.read<{ any: unknown }>(graphHasNodesCypher);
  return rows[0]?.any === true;
}

export const wipeGraphCypher = 'MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS';

/** Wipes the graph (the demo is a reset, not a migration) in bounded transactions. */
export async function wipeGraph(graph: GraphStore): Promise<void> {
  // CALL … IN TRANSACTIONS needs an auto-commit transaction, which only session.run gives.
  const session = graph.driver.session({ database: graph.database });
  try {
    await session.run(wipeGraphCypher);
  } finally {
    await session.close();
  }
}

export const writeScaleInfoCypher = 'CREATE (s:ScaleInfo) SET s = $info, s.completedAt = datetime()';

/** Marks a complete scale load: which generator, scale and seed the graph holds (written last). */
export async function writeScaleInfo(tx: Transaction, info: Record<string, unknown>): Promise<void> {
  await tx.run(writeScaleInfoCypher, { info });
}

export const scaleInfoCypher = 'MATCH (s:ScaleInfo) RETURN s LIMIT 1';

/** What a complete scale load recorded about itself (integers as numbers, the rest as the driver returns it), or null when there is none. */
export async function graphScaleInfo(graph: GraphStore): Promise<Record<string, unknown> | null> {
  const rows = await graph.read<{ s: { properties: Record<string, unknown> } }>(scaleInfoCypher);
  if (!rows[0]) return null;
  return Object.fromEntries(Object.entries(rows[0].s.properties).map(([k, v]) => [k, neo4j.isInt(v) ? toNumber(v) : v]));
}
