import type { ArgBuilder, ObjectRef, SchemaTypes } from '@pothos/core';
import type { StrataTypes } from './builder.js';
import { decodeCursor, pageSize, toConnection, type Connection } from './pagination.js';
import type { GraphStore } from '../store/graph-store.js';
import { labelPage, neighbourPage, type NeighbourPattern } from '../store/reads/pages.js';
import type { NodeTypeName } from '../core/global-id.js';

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

export interface PageArgValues {
  first?: number | null;
  after?: string | null;
}

export async function resolveLabelConnection<T extends { id: string }>(graph: GraphStore, label: NodeTypeName, args: PageArgValues) {
  const size = pageSize(args.first);
  const after = decodeCursor(args.after);
  const { total, nodes } = await labelPage<T>(graph, label, after, size + 1);
  return toConnection(nodes, size, total, (n) => n.id, after !== null);
}

export async function resolveNeighbourConnection<T extends { id: string }>(
  graph: GraphStore,
  spec: NeighbourPattern,
  parentId: string,
  args: PageArgValues,
  params: Record<string, unknown> = {},
) {
  const size = pageSize(args.first);
  const after = decodeCursor(args.after);
  const { total, nodes } = await neighbourPage<T>(graph, spec, parentId, after, size + 1, params);
  return toConnection(nodes, size, total, (n) => n.id, after !== null);
}

/** The edges list already counts ×10 (Pothos' list default), so a page of `first` costs first/10 on top. */
export const connectionComplexity = (args: { first?: number | null }) => ({ field: 2, multiplier: Math.max(1, (args.first ?? 20) / 10) });

// Pothos types a connection's shape through conditional types that an open node type T cannot satisfy; the
// connection objects are built over the same node refs these resolvers page, so the casts below only lose that proof.
type ConnectionRef = ObjectRef<StrataTypes, any>;

/** `nodes(first, after): NodeConnection!`: every node of one label, in id order. */
export function labelConnectionField(t: PothosSchemaTypes.QueryFieldBuilder<StrataTypes, {}>, connection: ConnectionRef, label: NodeTypeName) {
  return t.field({
    type: connection,
    args: pageArgs(t.arg),
    complexity: connectionComplexity,
    resolve: (_root, args, ctx) => resolveLabelConnection(ctx.graph, label, args) as never,
  });
}

/** A node's neighbours through one pattern (`spec`), in id order. */
export function neighbourConnectionField<Parent extends { id: string }>(
  t: PothosSchemaTypes.ObjectFieldBuilder<StrataTypes, Parent>,
  connection: ConnectionRef,
  spec: NeighbourPattern,
  description?: string,
) {
  return t.field({
    type: connection,
    ...(description === undefined ? {} : { description }),
    args: pageArgs(t.arg),
    complexity: connectionComplexity,
    resolve: (parent, args, ctx) => resolveNeighbourConnection(ctx.graph, spec, parent.id, args) as never,
  });
}
