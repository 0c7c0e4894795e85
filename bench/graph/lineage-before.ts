/**
 * The lineage Cypher as it was before the scale benchmarks (git 15c50d5 and earlier, api/lineage/lineage-cypher.ts):
 * one ALL SHORTEST quantified path pattern over undirected edges of every kind, filtered by direction per hop.
 * Kept here, unchanged, so `npm run bench` can PROFILE it beside the current query ("before / after").
 */
import { LINEAGE_EDGE_KINDS, LINEAGE_MAX_DEPTH } from '../../api/core/lineage-direction.js';
import type { NodeTypeName } from '../../api/core/global-id.js';

/**
 * The Cypher for lineage, one bounded query per field. Quantifiers of quantified path patterns must be literals,
 * so the (validated, capped) depth is written into the text; everything else is a parameter.
 * Parameters: $id, $outgoing, $incoming (edge kinds per direction, see direction.ts), $pathCap.
 */
const kinds = LINEAGE_EDGE_KINDS.join('|');
const step = (from: string, rel: string, to: string) =>
  `(${from})-[${rel}:${kinds}]-(${to}) WHERE (type(${rel}) IN $outgoing AND startNode(${rel}) = ${from}) OR (type(${rel}) IN $incoming AND endNode(${rel}) = ${from})`;

function checkDepth(maxDepth: number): void {
  if (!Number.isInteger(maxDepth) || maxDepth < 1 || maxDepth > LINEAGE_MAX_DEPTH) throw new Error(`depth ${maxDepth} out of range`);
}

/** Shortest paths from the anchored start to every node within maxDepth: minDepth, pathCount, kinds reached by. */
function reachedSubquery(maxDepth: number): string {
  checkDepth(maxDepth);
  return `OPTIONAL CALL (start) {
  MATCH p = ALL SHORTEST (start) (${step('x', 'r', 'y')}){1,${maxDepth}} (n)
  WHERE n <> start
  RETURN n, length(p) AS depth, type(last(relationships(p))) AS kind
  LIMIT $pathCap
}
WITH start, n, min(depth) AS depth, count(n) AS pathCount, collect(DISTINCT kind) AS kinds
ORDER BY depth, n.id`;
}

export function lineageCypherBefore(label: NodeTypeName, maxDepth: number): string {
  return `MATCH (start:${label} {id: $id})
${reachedSubquery(maxDepth)}
WITH start, collect(CASE WHEN n IS NULL THEN null ELSE {node: n, id: n.id, depth: depth, pathCount: pathCount, kinds: kinds} END) AS reached,
     sum(pathCount) AS pathsSeen
CALL (start, reached) {
  WITH [start] + [r IN reached | r.node] AS seen, [r IN reached WHERE r.depth = ${maxDepth} | r.node] AS boundary
  UNWIND boundary AS b
  MATCH ${step('b', 'e', 'm')}
  WITH b, m, seen WHERE NOT m IN seen
  RETURN count(DISTINCT b) AS truncatedNodes
}
RETURN size(reached) AS total, pathsSeen, truncatedNodes,
  [r IN reached WHERE r.depth > $afterDepth OR (r.depth = $afterDepth AND r.id > $afterId)][0..$limit] AS page`;
}

export function lineageGraphCypherBefore(label: NodeTypeName, maxDepth: number): string {
  return `MATCH (start:${label} {id: $id})
${reachedSubquery(maxDepth)}
WITH start, collect(CASE WHEN n IS NULL THEN null ELSE {node: n, depth: depth} END) AS reached, sum(pathCount) AS pathsSeen
WITH start, reached, pathsSeen, [{node: start, depth: 0}] + reached[0..$maxNodes] AS kept
WITH start, reached, pathsSeen, kept, [k IN kept | k.node] AS shown
CALL (shown) {
  UNWIND shown AS a
  OPTIONAL MATCH ${step('a', 'e', 'b')}
  WITH a, shown,
       collect(CASE WHEN b IN shown THEN {from: labels(startNode(e))[0] + ':' + startNode(e).id, to: labels(endNode(e))[0] + ':' + endNode(e).id, kind: type(e)} END) AS visible,
       count(DISTINCT CASE WHEN b IS NOT NULL AND NOT b IN shown THEN b END) AS hidden
  RETURN collect(visible) AS edgeLists, collect(CASE WHEN hidden > 0 THEN {id: labels(a)[0] + ':' + a.id, hidden: hidden} END) AS frontier
}
RETURN kept, size(reached) AS total, pathsSeen, reduce(all = [], l IN edgeLists | all + l) AS edges, frontier`;
}
