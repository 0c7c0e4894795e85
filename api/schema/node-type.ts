import type { FieldMap, ObjectRef } from '@pothos/core';
import { builder, type StrataTypes } from './builder.js';
import { decodeGlobalIdOf, type NodeTypeName } from '../core/global-id.js';
import { required } from './required.js';

type Shape = { id: string };
type NodeRef<T extends Shape> = ObjectRef<StrataTypes, T>;

/**
 * A stored node as a Relay `Node`: its id is the global id of its label and local id, and it is fetched through the
 * request's loader for that label (one query per label per request, however many fields ask).
 */
export function nodeType<T extends Shape>(
  ref: NodeRef<T>,
  options: { description: string; fields: (t: PothosSchemaTypes.ObjectFieldBuilder<StrataTypes, T>) => FieldMap },
): void {
  const label = ref.name as NodeTypeName;
  builder.node(ref, {
    description: options.description,
    id: { resolve: (n) => n.id },
    loadOne: (id, ctx) => ctx.loaders[label].load(id) as Promise<T | null>,
    isTypeOf: (value) => (value as { __typename?: string }).__typename === label,
    fields: options.fields,
  });
}

/** `label(id: ID!): Label`: one node by its global id, null when there is none. */
export function nodeByIdField<T extends Shape>(t: PothosSchemaTypes.QueryFieldBuilder<StrataTypes, {}>, ref: NodeRef<T>) {
  const label = ref.name as NodeTypeName;
  return t.field({
    type: ref,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    // The loader for the ref's label yields the ref's shape; Pothos cannot check that for an open T.
    resolve: (_root, args, ctx) => ctx.loaders[label].load(decodeGlobalIdOf(label, String(args.id))) as never,
  });
}

type Fields<Parent> = PothosSchemaTypes.ObjectFieldBuilder<StrataTypes, Parent>;

/** A field that follows a stored id to its node, for edges the graph guarantees (a record's datanet). */
export function linkField<Parent, T extends Shape>(t: Fields<Parent>, ref: NodeRef<T>, idOf: (parent: Parent) => string, what?: string) {
  const label = ref.name as NodeTypeName;
  return t.field({
    type: ref,
    // Loader and ref share the label, so the shape matches; Pothos cannot check that for an open T.
    resolve: (parent, _a, ctx) => ctx.loaders[label].load(idOf(parent)).then((node) => required(node, what)) as never,
  });
}

/** The same for an optional edge (an adapter's builder): null when the id is absent or the node is gone. */
export function optionalLinkField<Parent, T extends Shape>(
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
    resolve: (parent, _a, ctx) => {
      const id = idOf(parent);
      return (id ? ctx.loaders[label].load(id) : null) as never;
    },
  });
}
