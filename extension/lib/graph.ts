/**
 * The side panel's lineage graph model: merging `lineageGraph` answers as the user expands the frontier, and a
 * layered layout by dagre. Pure functions, unit-tested.
 */
import dagre from '@dagrejs/dagre';
import type { LineageEdge, LineageGraphData, LineageNode } from './api-types';

export interface GraphModel {
  root: string;
  nodes: Map<string, LineageNode>;
  edges: Map<string, LineageEdge>;
  /** Nodes with neighbours not drawn yet, and how many. */
  frontier: Map<string, number>;
  /** Nodes already expanded: never frontier again. */
  expanded: Set<string>;
}

export function edgeKey(e: LineageEdge): string {
  return `${e.from}\u0000${e.to}\u0000${e.kind}`;
}

export function emptyModel(root: string): GraphModel {
  return { root, nodes: new Map(), edges: new Map(), frontier: new Map(), expanded: new Set() };
}

/** Adds an answer to the model. `expandedFrom` is the node whose expansion this answer is (none for the first). */
export function mergeGraph(model: GraphModel, data: LineageGraphData, expandedFrom?: string): GraphModel {
  for (const n of data.nodes) {
    const had = model.nodes.get(n.id);
    model.nodes.set(n.id, had && !n.label ? had : n);
  }
  for (const e of data.edges) {
    if (model.nodes.has(e.from) && model.nodes.has(e.to)) model.edges.set(edgeKey(e), e);
  }
  if (expandedFrom !== undefined) {
    model.expanded.add(expandedFrom);
    model.frontier.delete(expandedFrom);
  }
  for (const f of data.frontier) {
    if (model.expanded.has(f.id) || !model.nodes.has(f.id)) continue;
    if (f.hiddenNeighbours > 0) model.frontier.set(f.id, f.hiddenNeighbours);
    else model.frontier.delete(f.id);
  }
  return model;
}

/**
 * The kinds with more than `max` nodes (the root's kind never): drawn, such a kind is a column far taller than the
 * panel and the rest of the graph is lost beside it, so both graph views start with it hidden.
 */
export function crowdedKinds(model: GraphModel, max: number): Set<string> {
  const counts = new Map<string, number>();
  for (const n of model.nodes.values()) counts.set(n.kind, (counts.get(n.kind) ?? 0) + 1);
  const rootKind = model.nodes.get(model.root)?.kind;
  return new Set([...counts].filter(([kind, count]) => count > max && kind !== rootKind).map(([kind]) => kind));
}

export interface PlacedNode {
  node: LineageNode;
  /** Top-left corner of the node's box. */
  x: number;
  y: number;
  hidden: number;
}

export interface PlacedEdge {
  edge: LineageEdge;
  from: PlacedNode;
  to: PlacedNode;
  /** The route dagre chose: starts on `from`'s box, ends on `to`'s, bends around the nodes between. */
  points: { x: number; y: number }[];
}

/** One kind in the drawn graph: how many nodes of it there are, and whether the user hid them. */
export interface KindCount {
  kind: string;
  count: number;
  hidden: boolean;
}

export interface Layout {
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  kinds: KindCount[];
  width: number;
  height: number;
}

export const NODE_W = 150;
export const NODE_H = 38;
const PAD = 12;

const KIND_ORDER = ['Output', 'Model', 'BaseModel', 'Adapter', 'Datanet', 'Record', 'ContentCluster', 'Contributor', 'RewardPolicy', 'Proposal', 'LogEntry'];

function kindRank(kind: string): number {
  const i = KIND_ORDER.indexOf(kind);
  return i < 0 ? KIND_ORDER.length : i;
}

function byKind(a: LineageNode, b: LineageNode): number {
  return kindRank(a.kind) - kindRank(b.kind) || a.kind.localeCompare(b.kind) || a.label.localeCompare(b.label) || a.id.localeCompare(b.id);
}

/**
 * A layered (Sugiyama) layout by dagre: ranks left to right from the root, nodes ordered within a rank to cut edge
 * crossings, long edges routed through their own slots so no edge runs through a node. Left to right because a rank
 * of many records then grows down the narrow, tall side panel instead of across it. Nodes of the kinds in `hide` are
 * left out with their edges (the panel's kind filter). Nodes are handed to dagre grouped by kind, so a rank's nodes of
 * one kind sit together.
 */
export function layoutGraph(model: GraphModel, hide: ReadonlySet<string> = new Set()): Layout {
  const counts = new Map<string, number>();
  for (const n of model.nodes.values()) counts.set(n.kind, (counts.get(n.kind) ?? 0) + 1);
  const kinds = [...counts].map(([kind, count]) => ({ kind, count, hidden: hide.has(kind) })).sort((a, b) => kindRank(a.kind) - kindRank(b.kind) || a.kind.localeCompare(b.kind));

  // The root is always drawn, whatever its kind.
  const shown = [...model.nodes.values()].filter((n) => n.id === model.root || !hide.has(n.kind)).sort(byKind);
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'LR', nodesep: 10, ranksep: 44, edgesep: 8, marginx: PAD, marginy: PAD });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of shown) g.setNode(n.id, { width: NODE_W, height: NODE_H });
  const drawn = [...model.edges.values()].filter((e) => e.from !== e.to && g.hasNode(e.from) && g.hasNode(e.to));
  drawn.forEach((e) => g.setEdge(e.from, e.to, {}, edgeKey(e)));
  dagre.layout(g);

  const placed = new Map<string, PlacedNode>();
  for (const n of shown) {
    const at = g.node(n.id) as { x: number; y: number };
    placed.set(n.id, { node: n, x: at.x - NODE_W / 2, y: at.y - NODE_H / 2, hidden: model.frontier.get(n.id) ?? 0 });
  }
  const bands = [...new Set([...placed.values()].map((n) => n.x))];
  const edges = drawn.map((e) => {
    const route = g.edge(e.from, e.to, edgeKey(e)) as { points?: { x: number; y: number }[] };
    const from = placed.get(e.from)!;
    const to = placed.get(e.to)!;
    return { edge: e, from, to, points: sideRoute(from, to, route.points ?? [], bands) };
  });
  const size = g.graph() as { width?: number; height?: number };
  return {
    nodes: [...placed.values()],
    edges,
    kinds,
    width: Math.ceil(size.width ?? PAD * 2 + NODE_W),
    height: Math.ceil(size.height ?? PAD * 2 + NODE_H),
  };
}

type Point = { x: number; y: number };

/**
 * dagre's route, made to keep off every box: dagre leaves a node through whichever side faces the next bend, so a
 * steep edge can leave through the top of a box straight into the box above it. Here an edge leaves its `from` box and
 * enters its `to` box through the side facing the next rank, at dagre's height clamped to the box; and where the route
 * passes a rank (a bend inside a rank's column: dagre's slot for the edge, between that rank's boxes) it crosses the
 * whole column level, at that slot's height. Between ranks, in the empty gap, it follows dagre's bends.
 */
function sideRoute(from: PlacedNode, to: PlacedNode, points: readonly Point[], bands: readonly number[]): Point[] {
  const inner = points.slice(1, -1);
  const clampY = (n: PlacedNode, y: number) => Math.min(n.y + NODE_H - 6, Math.max(n.y + 6, y));
  const firstBend = inner[0] ?? { x: to.x + NODE_W / 2, y: to.y + NODE_H / 2 };
  const lastBend = inner[inner.length - 1] ?? { x: from.x + NODE_W / 2, y: from.y + NODE_H / 2 };
  const rightward = firstBend.x >= from.x + NODE_W / 2;
  const route: Point[] = [{ x: rightward ? from.x + NODE_W : from.x, y: clampY(from, firstBend.y) }];
  for (const p of inner) {
    const band = bands.find((left) => p.x > left && p.x < left + NODE_W);
    if (band === undefined) route.push({ x: p.x, y: p.y });
    else if (rightward) route.push({ x: band, y: p.y }, { x: band + NODE_W, y: p.y });
    else route.push({ x: band + NODE_W, y: p.y }, { x: band, y: p.y });
  }
  const entersLeft = lastBend.x <= to.x + NODE_W / 2;
  route.push({ x: entersLeft ? to.x : to.x + NODE_W, y: clampY(to, lastBend.y) });
  return route;
}

/** An SVG path through an edge's route: straight from its first point, then smooth through the bends. */
export function edgePath(points: readonly { x: number; y: number }[]): string {
  if (points.length === 0) return '';
  const f = (n: number) => Math.round(n * 10) / 10;
  let d = `M ${f(points[0]!.x)} ${f(points[0]!.y)}`;
  if (points.length === 2) return `${d} L ${f(points[1]!.x)} ${f(points[1]!.y)}`;
  // Quadratic segments between midpoints: the curve stays inside the polygon of the route's points, which dagre keeps
  // clear of other nodes.
  for (let i = 1; i < points.length - 1; i++) {
    const p = points[i]!;
    const q = points[i + 1]!;
    const end = i === points.length - 2 ? q : { x: (p.x + q.x) / 2, y: (p.y + q.y) / 2 };
    d += ` Q ${f(p.x)} ${f(p.y)} ${f(end.x)} ${f(end.y)}`;
  }
  return d;
}

/** Edges that touch the node in focus are drawn last and highlighted; the rest recede. */
export function edgesInFocus(layout: Layout, focus: string | null): { edge: PlacedEdge; active: boolean }[] {
  return layout.edges
    .map((edge) => ({ edge, active: focus !== null && (edge.edge.from === focus || edge.edge.to === focus) }))
    .sort((a, b) => Number(a.active) - Number(b.active));
}

export function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}
