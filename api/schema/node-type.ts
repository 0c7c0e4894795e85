import type { FieldMap, ObjectRef } from '@pothos/core';
import { builder, type StrataTypes } from './builder.js';
import { decodeGlobalIdOf, type NodeTypeName } from '../core/global-id.js';

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
