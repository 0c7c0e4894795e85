import { builder, type StrataTypes } from '../builder.js';
import { badInput, notFound } from '../../core/errors.js';
import { decodeGlobalId, encodeGlobalId } from '../../core/global-id.js';
import { decodeCursor, encodeCursor, pageSize } from '../pagination.js';
import { LINEAGE_EDGE_KINDS, LINEAGE_MAX_DEPTH, LINEAGE_MAX_NODES } from '../../core/lineage-direction.js';
import { selectsAny } from '../selection.js';
import { readLineageGraph, readLineagePage, type Completeness, type LineageItem } from '../../store/reads/lineage-read.js';

const LineageDirectionEnum = builder.enumType('LineageDirection', {
  description: 'UPSTREAM: what it was made from. DOWNSTREAM: what it influenced.',
  values: ['UPSTREAM', 'DOWNSTREAM'] as const,
});

const LineageEdgeKindEnum = builder.enumType('LineageEdgeKind', { values: LINEAGE_EDGE_KINDS });

const CompletenessRef = builder.objectRef<Completeness>('LineageCompleteness').implement({
  description: 'Never isComplete when a depth, node or path cap cut the result; reasons say which.',
  fields: (t) => ({
    isComplete: t.exposeBoolean('isComplete'),
    exploredDepth: t.exposeInt('exploredDepth'),
    truncatedNodes: t.exposeInt('truncatedNodes', { description: 'Nodes whose further lineage was not explored.' }),
    reasons: t.exposeStringList('reasons'),
  }),
});

const LineageEdgeRef = builder.objectRef<LineageItem & { cursor: string }>('LineageEdge').implement({
  fields: (t) => ({
    cursor: t.exposeString('cursor'),
    node: t.field({ type: builder.nodeInterfaceRef(), resolve: (e) => e.node as never }),
    minDepth: t.exposeInt('minDepth', { description: 'Hops on the shortest path from the start.' }),
    pathCount: t.exposeInt('pathCount', { description: 'How many distinct shortest paths reach this node.' }),
    reachedBy: t.field({ type: [LineageEdgeKindEnum], description: 'Edge kinds of the last hop of those paths.', resolve: (e) => e.reachedBy as never }),
  }),
});

interface LineageConnectionShape {
  edges: Array<LineageItem & { cursor: string }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number;
  completeness: Completeness;
}

const LineageConnectionRef = builder.objectRef<LineageConnectionShape>('LineageConnection').implement({
  fields: (t) => ({
    edges: t.field({ type: [LineageEdgeRef], resolve: (c) => c.edges }),
    pageInfo: t.field({ type: builder.pageInfoRef(), resolve: (c) => c.pageInfo }),
    totalCount: t.exposeInt('totalCount'),
    completeness: t.field({ type: CompletenessRef, resolve: (c) => c.completeness }),
  }),
});

interface GraphNodeShape { id: string; kind: string; label: string; depth: number; node: Record<string, unknown> }
const LineageGraphNodeRef = builder.objectRef<GraphNodeShape>('LineageGraphNode').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    kind: t.exposeString('kind'),
    label: t.exposeString('label', { description: 'A short human-readable name for drawing.' }),
    depth: t.exposeInt('depth'),
    node: t.field({ type: builder.nodeInterfaceRef(), resolve: (n) => n.node as never }),
  }),
});
const LineageGraphEdgeRef = builder.objectRef<{ from: string; to: string; kind: string }>('LineageGraphEdge').implement({
  description: 'An edge in its stored direction (from → to).',
  fields: (t) => ({
    from: t.exposeID('from'),
    to: t.exposeID('to'),
    kind: t.field({ type: LineageEdgeKindEnum, resolve: (e) => e.kind as never }),
  }),
});
const FrontierRef = builder.objectRef<{ id: string; hidden: number }>('LineageFrontierNode').implement({
  description: 'A shown node with neighbours (in this direction) that are not shown: expand it with lineageGraph(of: id).',
  fields: (t) => ({
    id: t.exposeID('id'),
    hiddenNeighbours: t.exposeInt('hidden'),
  }),
});
const LineageGraphRef = builder
  .objectRef<{ nodes: GraphNodeShape[]; edges: Array<{ from: string; to: string; kind: string }>; frontier: Array<{ id: string; hidden: number }>; completeness: Completeness }>('LineageGraph')
  .implement({
    fields: (t) => ({
      nodes: t.field({ type: [LineageGraphNodeRef], resolve: (g) => g.nodes }),
      edges: t.field({ type: [LineageGraphEdgeRef], resolve: (g) => g.edges }),
      frontier: t.field({ type: [FrontierRef], resolve: (g) => g.frontier }),
      completeness: t.field({ type: CompletenessRef, resolve: (g) => g.completeness }),
    }),
  });

function checkDepth(maxDepth: number): number {
  if (!Number.isInteger(maxDepth) || maxDepth < 1 || maxDepth > LINEAGE_MAX_DEPTH) {
    throw badInput(`maxDepth must be between 1 and ${LINEAGE_MAX_DEPTH} (the server's cap), got ${maxDepth}.`, 'maxDepth');
  }
  return maxDepth;
}

function displayLabel(node: Record<string, unknown>): string {
  const text = node.handle ?? (node.version ? `${node.name} ${node.version}` : node.name) ?? node.text ?? node.id;
  const s = String(text);
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

/** The arguments both lineage fields take: where to start, which way, how deep (each field has its own default). */
const startArgs = (t: PothosSchemaTypes.QueryFieldBuilder<StrataTypes, {}>, defaultDepth: number) => ({
  of: t.arg.id({ required: true }),
  direction: t.arg({ type: LineageDirectionEnum, defaultValue: 'UPSTREAM' }),
  maxDepth: t.arg.int({ defaultValue: defaultDepth }),
});

interface StartArgs { of: string | number; direction?: 'UPSTREAM' | 'DOWNSTREAM' | null; maxDepth?: number | null }

function lineageStart(args: StartArgs, defaultDepth: number) {
  const start = decodeGlobalId(String(args.of), 'of');
  return { label: start.typename, id: start.id, direction: args.direction ?? 'UPSTREAM', maxDepth: checkDepth(args.maxDepth ?? defaultDepth) } as const;
}

function found<T>(result: T | null, args: StartArgs, start: { label: string }): T {
  if (!result) throw notFound(`No ${start.label} with id ${String(args.of)}.`);
  return result;
}

builder.queryFields((t) => ({
  lineage: t.field({
    type: LineageConnectionRef,
    description: 'Every node reachable from `of` within maxDepth, nearest first, paginated.',
    args: {
      ...startArgs(t, 1),
      first: t.arg.int({ defaultValue: 50 }),
      after: t.arg.string({ required: false }),
    },
    complexity: (args) => ({ field: 5, multiplier: args.first ?? 50 }),
    resolve: async (_root, args, ctx, info) => {
      const q = lineageStart(args, 1);
      const size = pageSize(args.first ?? 50);
      const cursor = decodeCursor(args.after);
      let after: { depth: number; id: string } | null = null;
      if (cursor !== null) {
        const m = /^(\d+)\/(.+)$/.exec(cursor);
        if (!m) throw badInput('after is not a lineage cursor.', 'after');
        after = { depth: Number(m[1]), id: m[2]! };
      }
      // Totals need the whole closure; a client that only pages gets its page as soon as the nearest levels fill it.
      const withTotals = selectsAny(info, ['totalCount', 'completeness']);
      const result = found(await readLineagePage(ctx.graph, q, after, size + 1, withTotals), args, q);
      const edges = result.page.slice(0, size).map((item) => ({ ...item, cursor: encodeCursor(`${item.minDepth}/${item.node.id}`) }));
      return {
        edges,
        pageInfo: { hasNextPage: result.page.length > size, hasPreviousPage: after !== null, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
        totalCount: result.total,
        completeness: result.completeness,
      };
    },
  }),
  lineageGraph: t.field({
    type: LineageGraphRef,
    description: 'Nodes, edges and an expandable frontier around `of`, for drawing.',
    args: {
      ...startArgs(t, 2),
      maxNodes: t.arg.int({ defaultValue: 200 }),
    },
    complexity: (args) => ({ field: 10, multiplier: Math.ceil((args.maxNodes ?? 200) / 10) }),
    resolve: async (_root, args, ctx) => {
      const q = lineageStart(args, 2);
      const maxNodes = args.maxNodes ?? 200;
      if (!Number.isInteger(maxNodes) || maxNodes < 1 || maxNodes > LINEAGE_MAX_NODES) {
        throw badInput(`maxNodes must be between 1 and ${LINEAGE_MAX_NODES}, got ${maxNodes}.`, 'maxNodes');
      }
      const result = found(await readLineageGraph(ctx.graph, q, maxNodes), args, q);
      return {
        ...result,
        nodes: result.nodes.map(({ node, depth }) => ({
          id: encodeGlobalId(node.__typename, node.id),
          kind: node.__typename,
          label: displayLabel(node),
          depth,
          node,
        })),
      };
    },
  }),
}));
