import type DataLoader from 'dataloader';
import type { ArgBuilder, FieldMap, ObjectRef, SchemaTypes } from '@pothos/core';
import { builder, type StrataTypes } from './builder.js';
import type { StrataContext } from '../context.js';
import { decodeGlobalIdOf, type NodeTypeName } from '../core/global-id.js';
import { required } from './required.js';
import type { NodeShapes } from '../store/reads/nodes.js';

/** The request's loader of one label, typed by the label (indexing the loaders with a generic label loses that). */
const loaderOf = <K extends NodeTypeName>(ctx: StrataContext, typename: K) =>
  ctx.loaders[typename] as unknown as DataLoader<string, NodeShapes[K] | null>;

/**
 * What every node type's `builder.node(...)` says the same way: its local id, how `node(id:)` loads it (the request's
 * loader of its label), and how the Node interface tells it apart (the label `plainNode` brands it with).
 */
export const loadedNode = <K extends NodeTypeName>(typename: K) => ({
  id: { resolve: (n: { id: string }) => n.id },
  loadOne: (id: string, ctx: StrataContext) => loaderOf(ctx, typename).load(id),
  isTypeOf: (value: unknown) => (value as { __typename?: string }).__typename === typename,
});

/** A root field like `model(id:)`: one node by its global id, null when there is none. */
export const nodeById = <K extends NodeTypeName, Types extends SchemaTypes>(arg: ArgBuilder<Types>, typename: K) => ({
  nullable: true as const,
  args: { id: arg.id({ required: true }) },
  resolve: (_root: unknown, args: { id: unknown }, ctx: StrataContext) => loaderOf(ctx, typename).load(decodeGlobalIdOf(typename, String(args.id))),
});

/** The node an edge the graph guarantees points to (a record's datanet): a missing one is a broken graph. */
export async function linked<T>(loader: DataLoader<string, T | null>, id: string, what?: string): Promise<T> {
  return required(await loader.load(id), what);
}

/** The node an optional link points to (a model's previous version); null when there is no link. */
export function optionalLink<T>(loader: DataLoader<string, T | null>, id: string | null | undefined): Promise<T | null> | null {
  return id ? loader.load(id) : null;
}

type NodeRef<T extends { id: string }> = ObjectRef<StrataTypes, T>;

type Fields<Parent> = PothosSchemaTypes.ObjectFieldBuilder<StrataTypes, Parent>;

/** A node type, `type <Ref> implements Node`, loaded by the label its ref is named after (see loadedNode). */
export function loadedNodeType<T extends { id: string }>(ref: NodeRef<T>, description: string, fields: (t: Fields<T>) => FieldMap): void {
  const { loadOne, ...node } = loadedNode(ref.name as NodeTypeName);
  // Loader and ref share the label, so the shape matches; Pothos cannot check that for an open T.
  builder.node(ref, { description, ...node, loadOne: loadOne as (id: string, ctx: StrataContext) => Promise<T | null>, fields });
}

/** A field that follows a stored id to its node, for edges the graph guarantees (a record's datanet). */
export function linkField<Parent, T extends { id: string }>(t: Fields<Parent>, ref: NodeRef<T>, idOf: (parent: Parent) => string, what?: string) {
  const label = ref.name as NodeTypeName;
  return t.field({
    type: ref,
    // Loader and ref share the label, so the shape matches; Pothos cannot check that for an open T.
    resolve: (parent, _a, ctx) => linked(loaderOf(ctx, label), idOf(parent), what) as never,
  });
}

/** The same for an optional edge (an adapter's builder): null when the id is absent or the node is gone. */
export function optionalLinkField<Parent, T extends { id: string }>(
  t: Fields<Parent>,
  ref: NodeRef<T>,
  idOf: (parent: Parent) => string | null | undefined,
  description?: string,
) {
  const label = ref.name as NodeTypeName;
  return t.field({
    type: ref,
    nullable: true,
    ...(description === undefined ? {} : { description }),
    resolve: (parent, _a, ctx) => optionalLink(loaderOf(ctx, label), idOf(parent)) as never,
  });
}
