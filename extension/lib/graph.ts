/**
 * The side panel's lineage graph model: merging `lineageGraph` answers as the user expands the frontier, and a
 * simple layered layout (columns by distance from the root). Pure functions, unit-tested.
 */
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

export interface PlacedNode {
  node: LineageNode;
  x: number;
  y: number;
  depth: number;
  hidden: number;
}

export interface PlacedEdge {
  edge: LineageEdge;
  from: PlacedNode;
  to: PlacedNode;
}

export interface Layout {
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  width: number;
  height: number;
}

export const NODE_W = 168;
export const NODE_H = 40;
const COL_GAP = 64;
const ROW_GAP = 14;
const PAD = 16;

const KIND_ORDER = ['Output', 'Model', 'BaseModel', 'Adapter', 'Datanet', 'Record', 'ContentCluster', 'Contributor', 'RewardPolicy', 'LogEntry'];

function kindRank(kind: string): number {
  const i = KIND_ORDER.indexOf(kind);
  return i < 0 ? KIND_ORDER.length : i;
}

export function layoutGraph(model: GraphModel): Layout {
  // Distance from the root over edges in either direction.
  const adj = new Map<string, string[]>();
  for (const id of model.nodes.keys()) adj.set(id, []);
  for (const e of model.edges.values()) {
    adj.get(e.from)?.push(e.to);
    adj.get(e.to)?.push(e.from);
  }
  const depth = new Map<string, number>();
  if (model.nodes.has(model.root)) {
    depth.set(model.root, 0);
    const queue = [model.root];
    for (let i = 0; i < queue.length; i++) {
      const id = queue[i]!;
      for (const next of adj.get(id) ?? []) {
        if (!depth.has(next)) {
          depth.set(next, depth.get(id)! + 1);
          queue.push(next);
        }
      }
    }
  }
  const maxDepth = Math.max(0, ...depth.values());
  const columns = new Map<number, LineageNode[]>();
  for (const n of model.nodes.values()) {
    const d = depth.get(n.id) ?? maxDepth + 1;
    if (!columns.has(d)) columns.set(d, []);
    columns.get(d)!.push(n);
  }
  const tallest = Math.max(1, ...[...columns.values()].map((c) => c.length));
  const height = PAD * 2 + tallest * NODE_H + (tallest - 1) * ROW_GAP;
  const placed = new Map<string, PlacedNode>();
  const cols = [...columns.keys()].sort((a, b) => a - b);
  cols.forEach((d, ci) => {
    const col = columns.get(d)!;
    col.sort((a, b) => kindRank(a.kind) - kindRank(b.kind) || a.label.localeCompare(b.label) || a.id.localeCompare(b.id));
    const colHeight = col.length * NODE_H + (col.length - 1) * ROW_GAP;
    const top = (height - colHeight) / 2;
    col.forEach((n, ri) => {
      placed.set(n.id, {
        node: n,
        depth: d,
        x: PAD + ci * (NODE_W + COL_GAP),
        y: top + ri * (NODE_H + ROW_GAP),
        hidden: model.frontier.get(n.id) ?? 0,
      });
    });
  });
  const edges: PlacedEdge[] = [];
  for (const e of model.edges.values()) {
    const from = placed.get(e.from);
    const to = placed.get(e.to);
    if (from && to) edges.push({ edge: e, from, to });
  }
  const width = PAD * 2 + cols.length * NODE_W + Math.max(0, cols.length - 1) * COL_GAP;
  return { nodes: [...placed.values()], edges, width, height };
}

export function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}
