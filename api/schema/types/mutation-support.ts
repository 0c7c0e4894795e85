import type DataLoader from 'dataloader';
import type { InputFieldBuilder, SchemaTypes } from '@pothos/core';
import { required } from '../required.js';

/** The optional `idempotencyKey` every creating mutation takes. */
export const idempotencyKeyInput = <Types extends SchemaTypes>(t: InputFieldBuilder<Types, 'InputObject'>) =>
  t.string({
    required: false,
    description:
      'Any 1–128 printable ASCII characters (a UUID is a good choice). Retrying with the same key and the same input returns the first result and writes nothing more; the same key with a different input is CONFLICT.',
  });

/** Loads the nodes a mutation just wrote, in order. */
export async function loadWritten<T>(loader: DataLoader<string, T | null>, ids: readonly string[], what: string): Promise<T[]> {
  const loaded = await loader.loadMany(ids);
  return loaded.map((node) => {
    if (node instanceof Error) throw node;
    return required(node, what);
  });
}
