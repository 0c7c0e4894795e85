import type { GraphStore } from '../graph-store.js';
import { int, plainValue } from '../values.js';
import { NODE_TYPES, type NodeTypeName } from '../../core/global-id.js';
import { hop } from './lineage.js';

/**
 * The upstream edges of a page of lineage nodes, with their properties (the share of an INFLUENCED_BY edge, the
 * snapshot of a TRAINED_ON, the weight of a USES): what a PROV-O export needs beside the nodes `readLineagePage`
 * returns. One hop, the same edge kinds as `lineage` UPSTREAM (core/lineage-direction.ts), each start anchored on its
 * label's unique id; at most $limit edges, in a stable order, so a caller can say when a page was cut.
 */
export const upstreamRelationsCypher = `CALL () {
${NODE_TYPES.map((label) => `  UNWIND [n IN $nodes WHERE n.label = '${label}' | n.id] AS id MATCH (x:${label} {id: id}) RETURN x`).join('\n  UNION ALL\n')}
}
${hop('x', 'y', 'UPSTREAM')}
WITH x, r, y ORDER BY labels(x)[0], x.id, type(r), labels(y)[0], y.id
LIMIT $limit
RETURN labels(x)[0] AS fromLabel, x.id AS fromId, type(r) AS kind, labels(y)[0] AS toLabel, y.id AS toId, properties(r) AS properties`;

export interface NodeRef {
  label: NodeTypeName;
  id: string;
}

/** One stored edge, from the thing made to what it was made from (the lineage's UPSTREAM sense). */
export interface LineageRelation {
  from: NodeRef;
  kind: string;
  to: NodeRef;
  properties: Record<string, unknown>;
}

/** At most `limit` upstream edges of `nodes`; a result of `limit` edges may have been cut. */
export async function readUpstreamRelations(graph: GraphStore, nodes: readonly NodeRef[], limit: number): Promise<LineageRelation[]> {
  if (nodes.length === 0) return [];
  const rows = await graph.read<{ fromLabel: string; fromId: string; kind: string; toLabel: string; toId: string; properties: Record<string, unknown> }>(
    upstreamRelationsCypher,
    { nodes: nodes.map((n) => ({ label: n.label, id: n.id })), limit: int(limit) },
  );
  return rows.map((row) => ({
    from: { label: row.fromLabel as NodeTypeName, id: String(row.fromId) },
    kind: String(row.kind),
    to: { label: row.toLabel as NodeTypeName, id: String(row.toId) },
    properties: plainValue(row.properties) as Record<string, unknown>,
  }));
}
