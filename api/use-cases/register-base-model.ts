import { z } from 'zod';
import { forbidden } from '../core/errors.js';
import { rolesFor } from '../core/roles.js';
import type { GraphStore } from '../store/graph-store.js';
import * as models from '../store/models.js';
import type { Actor } from './actor.js';
import { runInputWrite } from './idempotency.js';
import { newLocalId } from './ids.js';
import { idempotencyKeyField, lineField } from './validation.js';

/** Base models are shared foundations every builder adapts: registered by admins. */
export const registerBaseModelInput = z.object({
  name: lineField(200),
  family: lineField(200),
  idempotencyKey: idempotencyKeyField,
});
export type RegisterBaseModelInput = z.output<typeof registerBaseModelInput>;

export interface RegisterBaseModelResult {
  baseModelId: string;
}

export async function registerBaseModel(graph: GraphStore, actor: Actor, input: RegisterBaseModelInput): Promise<RegisterBaseModelResult> {
  return runInputWrite(graph, 'registerBaseModel', actor, input, async (tx, fields) => {
    const id = newLocalId('bm');
    if (!(await models.createBaseModel(tx, { actor, roles: rolesFor('ADMIN') }, { id, ...fields }))) throw forbidden('Only admins may register base models.');
    return { baseModelId: id };
  });
}
