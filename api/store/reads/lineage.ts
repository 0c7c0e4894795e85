import type { Node } from 'neo4j-driver';
import type { GraphStore } from '../graph-store.js';
import { int, plainNode, toNumber } from '../values.js';
import type { NodeTypeName } from '../../core/global-id.js';
import { followRules, LINEAGE_MAX_DEPTH, LINEAGE_PATH_CAP, type LineageDirection } from '../../core/lineage-direction.js';

/**
 * Lineage, one bounded query per field: a breadth-first search written out level by level (the validated, capped
 * depth is written into the text, so the plan has no unbounded part), every hop a DIRECTED expansion over only the
 * edge kinds that direction follows (see core/lineage-direction.ts). Each level keeps the nodes not seen at a
 * shallower level, with the number of shortest paths reaching them (the sum over their predecessors) and the kinds of
 * those last hops; a level is ordered by id, so the result is nearest first, then by id.
 *
 * The work is bounded by $pathCap shortest paths: a level reads at most $pathCap new edges (each carries at least one
 * path), the level that reaches the cap is cut (by id), and nothing deeper is expanded; the caller reports PATH_CAP,
 * as it did when the old query's LIMIT on enumerated paths was reached. (The cut is not a `LIMIT` on the level's
 * sort: Neo4j 5.26's Top operator under an Apply allocated past the transaction memory limit.) Parameters: $id,
 * $pathCap, and per query $afterDepth/$afterId/$limit/$stopWhenFull or $maxNodes. (An earlier version used one ALL
 * SHORTEST quantified path pattern over undirected edges filtered per hop: on a graph of 10^5 records one upstream
 * lineage of depth 4 ran for minutes; see bench/RESULTS.md.)
 */
/** A reached entry `r` comes after the page cursor ($afterDepth, $afterId): nearest first, then by id. */
const AFTER_CURSOR = 'r.depth > $afterDepth OR (r.depth = $afterDepth AND r.id > $afterId)';

function checkDepth(maxDepth: number): void {
  if (!Number.isInteger(maxDepth) || maxDepth < 1 || maxDepth > LINEAGE_MAX_DEPTH) throw new Error(`depth ${maxDepth} out of range`);
}

/** Neighbours of `from` one hop in the direction: rows of (to, kind), through the edge index of each kind. */
export function hop(from: string, to: string, direction: LineageDirection, edge = 'r'): string {
  const { outgoing, incoming } = followRules(direction);
  return `CALL (${from}) {
    MATCH (${from})-[${edge}:${outgoing.join('|')}]->(${to}) RETURN ${to}, ${edge}
    UNION ALL
    MATCH (${from})<-[${edge}:${incoming.join('|')}]-(${to}) RETURN ${to}, ${edge}
  }`;
}

/**
 * Binds `reached` (ordered by depth, then id: {node, id, depth, pathCount, kinds}), `seen` (start and every reached
 * node) and `pathsSeen` (shortest paths counted) for everything within maxDepth of the anchored `start`.
 */
function reachedLevels(maxDepth: number, direction: LineageDirection, stopWhenPageFull = false): string {
  checkDepth(maxDepth);
  // With $stopWhenFull (a page query whose client asked for no totals), the search stops after the level that fills
  // the page: every level up to it is complete, so the page, its order and its path counts are the same.
  const pageFull = stopWhenPageFull
    ? ` OR ($stopWhenFull AND size([r IN reached + level[0..cut.n] WHERE ${AFTER_CURSOR}]) >= $limit)`
    : '';
  const levels: string[] = [];
  for (let depth = 1; depth <= maxDepth; depth++) {
    levels.push(`CALL (frontier, seen) {
  UNWIND frontier AS f
  WITH f.node AS x, f.paths AS paths, seen
  ${hop('x', 'y', direction)}
  WITH y, type(r) AS kind, paths, seen WHERE NOT y IN seen
  WITH y, kind, paths LIMIT $pathCap
  WITH y, sum(paths) AS pathCount, collect(DISTINCT kind) AS kinds
  ORDER BY y.id
  RETURN collect({node: y, id: y.id, depth: ${depth}, pathCount: pathCount, kinds: kinds}) AS level
}
WITH start, reached, seen, level,
  reduce(acc = {n: 0, paths: pathsSeen}, l IN level | CASE WHEN acc.paths >= $pathCap THEN acc ELSE {n: acc.n + 1, paths: acc.paths + l.pathCount} END) AS cut
WITH start, reached + level[0..cut.n] AS reached, seen + [l IN level[0..cut.n] | l.node] AS seen, cut.paths AS pathsSeen,
  CASE WHEN cut.paths >= $pathCap${pageFull} THEN [] ELSE [l IN level[0..cut.n] | {node: l.node, paths: l.pathCount}] END AS frontier`);
  }
  return `WITH start, [] AS reached, [start] AS seen, 0 AS pathsSeen, [{node: start, paths: 1}] AS frontier
${levels.join('\n')}`;
}

export function lineageCypher(label: NodeTypeName, maxDepth: number, direction: LineageDirection = 'UPSTREAM'): string {
  return `MATCH (start:${label} {id: $id})
${reachedLevels(maxDepth, direction, true)}
CALL (reached, seen) {
  UNWIND [r IN reached WHERE r.depth = ${maxDepth} | r.node] AS b
  WITH b, seen WHERE EXISTS {
    ${hop('b', 'm', direction, 'e')}
    WITH m WHERE NOT m IN seen
    RETURN m
  }
  RETURN count(b) AS truncatedNodes
}
RETURN size(reached) AS total, pathsSeen, truncatedNodes,
  [r IN reached WHERE ${AFTER_CURSOR}][0..$limit] AS page`;
}

export function lineageGraphCypher(label: NodeTypeName, maxDepth: number, direction: LineageDirection = 'UPSTREAM'): string {
  return `MATCH (start:${label} {id: $id})
${reachedLevels(maxDepth, direction)}
WITH start, reached, pathsSeen, [{node: start, depth: 0}] + [r IN reached[0..$maxNodes] | {node: r.node, depth: r.depth}] AS kept
WITH start, reached, pathsSeen, kept, [k IN kept | k.node] AS shown
CALL (shown) {
  UNWIND shown AS a
  ${hop('a', 'b', direction, 'e')}
  WITH a, e, b, shown
  WITH a, shown,
       collect(CASE WHEN b IN shown THEN {from: labels(startNode(e))[0] + ':' + startNode(e).id, to: labels(endNode(e))[0] + ':' + endNode(e).id, kind: type(e)} END) AS visible,
       count(DISTINCT CASE WHEN NOT b IN shown THEN b END) AS hidden
  RETURN collect(visible) AS edgeLists, collect(CASE WHEN hidden > 0 THEN {id: labels(a)[0] + ':' + a.id, hidden: hidden} END) AS frontier
}
RETURN kept, size(reached) AS total, pathsSeen, reduce(all = [], l IN edgeLists | all + l) AS edges, frontier`;
}

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

/** What both lineage queries start from: the anchor and the path cap (the edge kinds are written into the text). */
function searchParams(q: LineageQuery) {
  return { id: q.id, pathCap: int(LINEAGE_PATH_CAP) };
}

/** The parameters of `lineageCypher` for one page, exactly as the API sends them (the benchmark reuses them). */
export function lineagePageParams(q: LineageQuery, after: { depth: number; id: string } | null, limit: number, withTotals: boolean) {
  return {
    ...searchParams(q),
    afterDepth: int(after?.depth ?? -1),
    afterId: after?.id ?? '',
    limit: int(limit),
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
  const rows = await graph.read(lineageGraphCypher(q.label, q.maxDepth, q.direction), { ...searchParams(q), maxNodes: int(maxNodes) });
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
