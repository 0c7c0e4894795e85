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

/** One distance from the root: where its rows start and how many nodes it holds (for its caption). */
export interface PlacedLayer {
  depth: number;
  top: number;
  count: number;
  /** False for the layer of nodes the drawn edges do not connect to the root. */
  connected: boolean;
}

export interface Layout {
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  layers: PlacedLayer[];
  width: number;
  height: number;
}

export const NODE_W = 164;
export const NODE_H = 40;
const COL_GAP = 14;
const ROW_GAP = 16;
const LAYER_GAP = 44;
const PAD = 14;

const KIND_ORDER = ['Output', 'Model', 'BaseModel', 'Adapter', 'Datanet', 'Record', 'ContentCluster', 'Contributor', 'RewardPolicy', 'LogEntry'];

function kindRank(kind: string): number {
  const i = KIND_ORDER.indexOf(kind);
  return i < 0 ? KIND_ORDER.length : i;
}

/** How many nodes fit side by side in a panel this wide. */
export function nodesPerRow(width: number): number {
  return Math.max(1, Math.floor((width - 2 * PAD + COL_GAP) / (NODE_W + COL_GAP)));
}

/**
 * Layers top to bottom by distance from the root (the side panel is narrow and tall); a layer wider than the panel
 * wraps into several rows. Within a layer nodes are grouped by kind, then sorted by label.
 */
export function layoutGraph(model: GraphModel, perRow = 2): Layout {
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
  const layers = new Map<number, LineageNode[]>();
  for (const n of model.nodes.values()) {
    const d = depth.get(n.id) ?? maxDepth + 1;
    if (!layers.has(d)) layers.set(d, []);
    layers.get(d)!.push(n);
  }
  const cols = Math.max(1, Math.min(perRow, Math.max(...[...layers.values()].map((l) => l.length), 1)));
  const width = PAD * 2 + cols * NODE_W + (cols - 1) * COL_GAP;
  const placed = new Map<string, PlacedNode>();
  const placedLayers: PlacedLayer[] = [];
  let y = PAD;
  for (const d of [...layers.keys()].sort((a, b) => a - b)) {
    const layer = layers.get(d)!;
    placedLayers.push({ depth: d, top: y, count: layer.length, connected: depth.size > 0 && d <= maxDepth });
    layer.sort((a, b) => kindRank(a.kind) - kindRank(b.kind) || a.label.localeCompare(b.label) || a.id.localeCompare(b.id));
    for (let i = 0; i < layer.length; i += cols) {
      const row = layer.slice(i, i + cols);
      const rowWidth = row.length * NODE_W + (row.length - 1) * COL_GAP;
      const left = (width - rowWidth) / 2;
      row.forEach((n, ci) => {
        placed.set(n.id, { node: n, depth: d, x: left + ci * (NODE_W + COL_GAP), y, hidden: model.frontier.get(n.id) ?? 0 });
      });
      y += NODE_H + ROW_GAP;
    }
    y += LAYER_GAP - ROW_GAP;
  }
  const edges: PlacedEdge[] = [];
  for (const e of model.edges.values()) {
    const from = placed.get(e.from);
    const to = placed.get(e.to);
    if (from && to) edges.push({ edge: e, from, to });
  }
  return { nodes: [...placed.values()], edges, layers: placedLayers, width, height: Math.max(y - LAYER_GAP + PAD, PAD * 2 + NODE_H) };
}

/** The caption above a layer: how far it is from the root, and how many nodes it holds. */
export function layerCaption(layer: PlacedLayer): string {
  const where = !layer.connected ? 'not connected' : `${layer.depth} ${layer.depth === 1 ? 'hop' : 'hops'}`;
  return `${where} · ${layer.count} ${layer.count === 1 ? 'node' : 'nodes'}`;
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
