import type { Node } from 'neo4j-driver';
import neo4j from 'neo4j-driver';
import type { GraphStore } from '../graph-store.js';
import { toNumber } from '../values.js';
import { plainNode } from '../values.js';
import type { NodeTypeName } from '../../core/global-id.js';

/**
 * Keyset pages ordered by id. Top-level lists walk the unique id index (index-backed ORDER BY); neighbour lists
 * start from the parent's index seek. `limit` is page size + 1 so the caller knows whether there is more.
 */
export function labelPageCypher(label: NodeTypeName): string {
  return `CALL () { MATCH (n:${label}) RETURN count(n) AS total }
CALL () { MATCH (n:${label}) WHERE n.id IS NOT NULL AND ($after IS NULL OR n.id > $after)
  RETURN n ORDER BY n.id LIMIT $limit }
RETURN total, collect(n) AS nodes`;
}

export async function labelPage<T>(graph: GraphStore, label: NodeTypeName, after: string | null, limit: number) {
  const [row] = await graph.read<{ total: unknown; nodes: Node[] }>(labelPageCypher(label), { after, limit: neo4j.int(limit) });
  return { total: toNumber(row?.total ?? 0), nodes: (row?.nodes ?? []).map((n) => plainNode<T>(n)) };
}

/** A page of neighbours reached by one fixed pattern from an anchored parent, e.g. a datanet's records. */
export interface NeighbourPattern {
  parentLabel: NodeTypeName;
  /** Cypher pattern from `(p)` to `(n)`, e.g. `(n:Record)-[:IN]->(p)`. */
  pattern: string;
  /** Optional extra filter on n, using parameters given in `params`. */
  where?: string;
}

/** The neighbour lists the API pages through, by what they list. */
export const NEIGHBOUR_LISTS = {
  contributorRecords: { parentLabel: 'Contributor', pattern: '(p)-[:CONTRIBUTED]->(n:Record)' },
  contributorPayouts: { parentLabel: 'Contributor', pattern: '(n:Payout)-[:TO]->(p)' },
  datanetRecords: { parentLabel: 'Datanet', pattern: '(n:Record)-[:IN]->(p)', where: '($status IS NULL OR n.status = $status)' },
  modelOutputs: { parentLabel: 'Model', pattern: '(n:Output)-[:GENERATED_BY]->(p)' },
} as const satisfies Record<string, NeighbourPattern>;

export function neighbourPageCypher(spec: NeighbourPattern): string {
  const filter = spec.where ? ` AND ${spec.where}` : '';
  return `MATCH (p:${spec.parentLabel} {id: $parentId})
CALL (p) { MATCH ${spec.pattern} WHERE true${filter} RETURN count(n) AS total }
CALL (p) { MATCH ${spec.pattern} WHERE ($after IS NULL OR n.id > $after)${filter}
  RETURN n ORDER BY n.id LIMIT $limit }
RETURN total, collect(n) AS nodes`;
}

export async function neighbourPage<T>(
  graph: GraphStore,
  spec: NeighbourPattern,
  parentId: string,
  after: string | null,
  limit: number,
  params: Record<string, unknown> = {},
) {
  const rows = await graph.read<{ total: unknown; nodes: Node[] }>(neighbourPageCypher(spec), {
    ...params,
    parentId,
    after,
    limit: neo4j.int(limit),
  });
  const row = rows[0];
  return { total: toNumber(row?.total ?? 0), nodes: (row?.nodes ?? []).map((n) => plainNode<T>(n)) };
}
