import neo4j, { type Node } from 'neo4j-driver';
import type { GraphStore } from '../graph-store.js';
import { toNumber } from '../values.js';
import { plainNode } from '../values.js';
import type { NodeTypeName } from '../../core/global-id.js';
import { followRules, LINEAGE_PATH_CAP, type LineageDirection } from '../../core/lineage-direction.js';
import { lineageCypher, lineageGraphCypher } from './lineage-cypher.js';

export interface LineageItem {
  node: Record<string, unknown> & { id: string; __typename: string };
  minDepth: number;
  pathCount: number;
  reachedBy: string[];
}

export interface Completeness {
  isComplete: boolean;
  exploredDepth: number;
  truncatedNodes: number;
  reasons: string[];
}

function completeness(maxDepth: number, truncatedNodes: number, pathsSeen: number): Completeness {
  const reasons: string[] = [];
  if (truncatedNodes > 0) reasons.push(`DEPTH_CAP: ${truncatedNodes} node(s) at depth ${maxDepth} lead further; raise maxDepth to see more.`);
  if (pathsSeen >= LINEAGE_PATH_CAP) reasons.push(`PATH_CAP: stopped after ${LINEAGE_PATH_CAP} paths; some nodes or path counts may be missing.`);
  return { isComplete: reasons.length === 0, exploredDepth: maxDepth, truncatedNodes, reasons };
}

export interface LineageQuery {
  label: NodeTypeName;
  id: string;
  direction: LineageDirection;
  maxDepth: number;
}

/** What both lineage queries start from: the anchor, the edge kinds the direction follows, the path cap. */
function searchParams(q: LineageQuery) {
  const rules = followRules(q.direction);
  return { id: q.id, outgoing: rules.outgoing, incoming: rules.incoming, pathCap: neo4j.int(LINEAGE_PATH_CAP) };
}

/** The parameters of `lineageCypher` for one page, exactly as the API sends them (the benchmark reuses them). */
export function lineagePageParams(q: LineageQuery, after: { depth: number; id: string } | null, limit: number, withTotals: boolean) {
  return {
    ...searchParams(q),
    afterDepth: neo4j.int(after?.depth ?? -1),
    afterId: after?.id ?? '',
    limit: neo4j.int(limit),
    stopWhenFull: !withTotals,
  };
}

/**
 * null when the start node does not exist. With `withTotals: false` the search stops once the page is full: the page
 * is the same, but `total` and `completeness` then describe only what was explored and must not be shown.
 */
export async function readLineagePage(graph: GraphStore, q: LineageQuery, after: { depth: number; id: string } | null, limit: number, withTotals = true) {
  const rows = await graph.read(lineageCypher(q.label, q.maxDepth, q.direction), lineagePageParams(q, after, limit, withTotals));
  const row = rows[0];
  if (!row) return null;
  const page = (row.page as Array<{ node: Node; depth: unknown; pathCount: unknown; kinds: string[] }>).map(
    (r): LineageItem => ({
      node: plainNode(r.node),
      minDepth: toNumber(r.depth),
      pathCount: toNumber(r.pathCount),
      reachedBy: [...r.kinds].sort(),
    }),
  );
  return {
    total: toNumber(row.total),
    page,
    completeness: completeness(q.maxDepth, toNumber(row.truncatedNodes), toNumber(row.pathsSeen)),
  };
}

export interface LineageGraphResult {
  nodes: Array<{ node: Record<string, unknown> & { id: string; __typename: string }; depth: number }>;
  edges: Array<{ from: string; to: string; kind: string }>;
  frontier: Array<{ id: string; hidden: number }>;
  completeness: Completeness;
}

export async function readLineageGraph(graph: GraphStore, q: LineageQuery, maxNodes: number): Promise<LineageGraphResult | null> {
  const rows = await graph.read(lineageGraphCypher(q.label, q.maxDepth, q.direction), { ...searchParams(q), maxNodes: neo4j.int(maxNodes) });
  const row = rows[0];
  if (!row) return null;
  const kept = (row.kept as Array<{ node: Node; depth: unknown }>).map((k) => ({ node: plainNode<LineageItem['node']>(k.node), depth: toNumber(k.depth) }));
  const total = toNumber(row.total);
  const frontier = (row.frontier as Array<{ id: string; hidden: unknown }>).map((f) => ({ id: f.id, hidden: toNumber(f.hidden) }));
  const cut = total - (kept.length - 1);
  const base = completeness(q.maxDepth, 0, toNumber(row.pathsSeen));
  const reasons = [...base.reasons];
  if (cut > 0) reasons.push(`NODE_CAP: ${cut} more reachable node(s) not shown; raise maxNodes or expand the frontier.`);
  const beyondDepth = frontier.length > 0 && kept.some((k) => k.depth === q.maxDepth);
  if (beyondDepth) reasons.push(`DEPTH_CAP: nodes at depth ${q.maxDepth} lead further; expand the frontier.`);
  return {
    nodes: kept,
    edges: row.edges as LineageGraphResult['edges'],
    frontier,
    completeness: { isComplete: reasons.length === 0, exploredDepth: q.maxDepth, truncatedNodes: frontier.length, reasons },
  };
}
