import type { ArgBuilder, SchemaTypes } from '@pothos/core';
import { decodeCursor, pageSize, toConnection, type Connection, type PageArgs } from './pagination.js';
import type { GraphStore } from '../store/graph-store.js';
import { labelPage, neighbourPage, type NeighbourPattern } from '../store/reads/pages.js';
import type { NodeTypeName } from '../core/global-id.js';
import type { NodeShapes } from '../store/reads/nodes.js';
import type { StrataTypes } from './builder.js';
import type { StrataContext } from '../context.js';

/** Extra fields every Strata connection has. */
export const totalCountField = {
  fields: (t: any) => ({
    totalCount: t.int({
      description: 'How many items the whole list has, across all pages.',
      resolve: (connection: unknown) => (connection as Connection<unknown>).totalCount,
    }),
  }),
};

export const pageArgs = <Types extends SchemaTypes>(t: ArgBuilder<Types>) => ({
  first: t.int({ required: false, description: 'Page size, at most 100 (default 20).' }),
  after: t.string({ required: false, description: 'The endCursor of the previous page.' }),
});

export async function resolveLabelConnection<T extends { id: string }>(graph: GraphStore, label: NodeTypeName, args: PageArgs) {
  const size = pageSize(args.first);
  const after = decodeCursor(args.after);
  const { total, nodes } = await labelPage<T>(graph, label, after, size + 1);
  return toConnection(nodes, size, total, (n) => n.id, after !== null);
}

export async function resolveNeighbourConnection<T extends { id: string }>(
  graph: GraphStore,
  spec: NeighbourPattern,
  parentId: string,
  args: PageArgs,
  params: Record<string, unknown> = {},
) {
  const size = pageSize(args.first);
  const after = decodeCursor(args.after);
  const { total, nodes } = await neighbourPage<T>(graph, spec, parentId, after, size + 1, params);
  return toConnection(nodes, size, total, (n) => n.id, after !== null);
}

/** The edges list already counts ×10 (Pothos' list default), so a page of `first` costs first/10 on top. */
export const connectionComplexity = (args: { first?: number | null }) => ({ field: 2, multiplier: Math.max(1, (args.first ?? 20) / 10) });

/** A root list of every node of a label, e.g. `models(first:, after:)`. */
export const labelConnection = <K extends NodeTypeName>(arg: ArgBuilder<StrataTypes>, label: K) => ({
  args: pageArgs(arg),
  complexity: connectionComplexity,
  resolve: (_root: unknown, args: PageArgs, ctx: StrataContext) => resolveLabelConnection<NodeShapes[K]>(ctx.graph, label, args),
});

/** A list of a node's neighbours by one fixed pattern, e.g. a model's outputs. */
export const neighbourConnection = <T extends { id: string }>(arg: ArgBuilder<StrataTypes>, spec: NeighbourPattern) => ({
  args: pageArgs(arg),
  complexity: connectionComplexity,
  resolve: (parent: { id: string }, args: PageArgs, ctx: StrataContext) => resolveNeighbourConnection<T>(ctx.graph, spec, parent.id, args),
});
