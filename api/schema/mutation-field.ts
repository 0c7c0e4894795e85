import type { FieldMap, InputFieldMap, InputShapeFromFields } from '@pothos/core';
import type DataLoader from 'dataloader';
import { builder, type StrataTypes } from './builder.js';
import { required } from './required.js';
import type { StrataContext } from '../context.js';

type Scope = keyof StrataTypes['AuthScopes'];
type InputFields = PothosSchemaTypes.InputFieldBuilder<StrataTypes, 'InputObject'>;
type PayloadFields<Result> = PothosSchemaTypes.ObjectFieldBuilder<StrataTypes, Result>;

/** The optional `idempotencyKey` every mutation takes: all of them write, and a client may retry any of them. */
const idempotencyKeyInput = (t: InputFields) =>
  t.string({
    required: false,
    description:
      'Any 1–128 printable ASCII characters (a UUID is a good choice). Retrying with the same key and the same input returns the first result and writes nothing more; the same key with a different input is CONFLICT.',
  });

export type MutationInput<Fields extends InputFieldMap> = InputShapeFromFields<Fields> & { idempotencyKey?: string | null };

export interface MutationSpec<Fields extends InputFieldMap, Result> {
  description: string;
  /** Who may call it; the builder's scope-auth turns a missing role into UNAUTHENTICATED or FORBIDDEN. */
  scope: Scope;
  /** The fields of `<Name>Input`, without `idempotencyKey` (added here). */
  input: (t: InputFields) => Fields;
  /** Validates the input and runs the use-case: one transaction. */
  run: (input: MutationInput<Fields>, ctx: StrataContext) => Promise<Result>;
  /** The fields of `<Name>Payload`, resolved from what the use-case returned. */
  payload: (t: PayloadFields<Result>) => FieldMap;
  /** Cost in the request's budget: fixed, or computed from the input (e.g. the length of a text to trace). */
  complexity?: number | ((input: MutationInput<Fields>) => number);
}

/**
 * A mutation in Strata's one shape: `name(input: <Name>Input!): <Name>Payload!`, guarded by one auth scope,
 * resolved by one use-case whose result the payload fields load (see docs/architecture.md#where-new-code-goes).
 */
export function mutationField<Fields extends InputFieldMap, Result>(name: string, spec: MutationSpec<Fields, Result>): void {
  const typeName = name[0]!.toUpperCase() + name.slice(1);
  const Input = builder.inputType(`${typeName}Input`, {
    fields: (t) => ({ ...spec.input(t), idempotencyKey: idempotencyKeyInput(t) }),
  });
  const Payload = builder.objectRef<Result>(`${typeName}Payload`).implement({ fields: spec.payload });
  builder.mutationField(name, (t) =>
    t.field({
      type: Payload,
      description: spec.description,
      authScopes: { [spec.scope]: true },
      args: { input: t.arg({ type: Input, required: true }) },
      ...(spec.complexity === undefined ? {} : { complexity: complexityOf(spec.complexity) }),
      // Pothos' resolver types are conditional on Result, which stays open here; each call site is checked instead.
      resolve: (_root, args, ctx) => spec.run((args as unknown as { input: MutationInput<Fields> }).input, ctx) as never,
    }),
  );
}

function complexityOf<Fields extends InputFieldMap>(complexity: number | ((input: MutationInput<Fields>) => number)) {
  if (typeof complexity === 'number') return complexity;
  return (args: Record<string, unknown>) => complexity(args.input as MutationInput<Fields>);
}

/** Loads the nodes a mutation just wrote, in order; a node that is not there any more is an internal error. */
export async function loadWritten<T>(loader: DataLoader<string, T | null>, ids: readonly string[], what: string): Promise<T[]> {
  const loaded = await loader.loadMany(ids);
  return loaded.map((node) => {
    if (node instanceof Error) throw node;
    return required(node, what);
  });
}
