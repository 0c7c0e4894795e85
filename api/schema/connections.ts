import { ObjectRef, type ArgBuilder, type InputFieldMap, type SchemaTypes } from '@pothos/core';
import { builder, type StrataTypes } from './builder.js';
import type { StrataContext } from '../context.js';
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

type NodeRef = ObjectRef<StrataTypes, any>;

/**
 * What connectionField uses of a query or object field builder. Pothos types a field's options through conditional
 * types that an open parent and node type cannot satisfy, so this inner step is untyped and the exported helpers,
 * which every call site goes through, carry the types.
 */
interface FieldMaker<Field extends { onFirstUse(cb: () => void): void }> {
  field(options: never): Field;
  arg: ArgBuilder<StrataTypes>;
}

/**
 * A field returning `name`, a page of `node`s with totalCount. Like Pothos' own `t.connection`, the connection type is
 * made on the field's first use, so each list type is declared by the one field that returns it; unlike it, the
 * field takes only `first` and `after` (keyset pages run forwards).
 */
function connectionField<Parent, Field extends { onFirstUse(cb: () => void): void }>(
  t: FieldMaker<Field>,
  node: NodeRef,
  name: string,
  options: { description?: string; args?: InputFieldMap; resolve: (parent: Parent, args: any, ctx: StrataContext) => Promise<Connection<unknown>> },
) {
  const connection = new ObjectRef<StrataTypes, Connection<unknown>>(name);
  const field = t.field({
    type: connection as never,
    ...(options.description === undefined ? {} : { description: options.description }),
    args: { ...pageArgs(t.arg), ...options.args },
    complexity: connectionComplexity,
    resolve: options.resolve,
  } as never);
  field.onFirstUse(() => builder.configStore.associateParamWithRef(connection, builder.connectionObject({ type: node, name, ...totalCountField })));
  return field;
}

/** `nodes(first, after): <Label>Connection!`: every node of the node ref's label, in id order. */
export function labelConnectionField(t: PothosSchemaTypes.QueryFieldBuilder<StrataTypes, {}>, node: NodeRef) {
  const label = node.name as NodeTypeName;
  return connectionField(t, node, `${label}Connection`, { resolve: (_root, args, ctx) => resolveLabelConnection(ctx.graph, label, args) });
}

/**
 * A node's neighbours through one pattern (`spec`), in id order. `filter` adds arguments and the parameters of
 * `spec.where` they become.
 */
export function neighbourConnectionField<Parent extends { id: string }>(
  t: PothosSchemaTypes.ObjectFieldBuilder<StrataTypes, Parent>,
  node: NodeRef,
  name: string,
  spec: NeighbourPattern,
  options: { description?: string; filter?: { args: InputFieldMap; params: (args: any) => Record<string, unknown> } } = {},
) {
  return connectionField(t, node, name, {
    ...(options.description === undefined ? {} : { description: options.description }),
    ...(options.filter ? { args: options.filter.args } : {}),
    resolve: (parent: Parent, args, ctx) => resolveNeighbourConnection(ctx.graph, spec, parent.id, args, options.filter?.params(args)),
  });
}
