import { z } from 'zod';
import type { GraphStore } from '../store/graph-store.js';
import { forbidden } from '../core/errors.js';
import { actorGuard, actorParams, type Actor } from './actor.js';
import { rolesFor } from '../core/roles.js';
import { runWrite } from './idempotency.js';
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
  const { idempotencyKey, ...fields } = input;
  return runWrite(graph, {
    mutation: 'registerBaseModel',
    actor,
    idempotencyKey,
    input: fields,
    work: async (tx) => {
      const id = newLocalId('bm');
      const res = await tx.run(
        `${actorGuard('adminRoles')}
         CREATE (b:BaseModel {id: $id, name: $name, family: $family, createdAt: datetime.statement()})
         RETURN b.id AS id`,
        { ...actorParams(actor), adminRoles: rolesFor('ADMIN'), id, ...fields },
      );
      if (res.records.length === 0) throw forbidden('Only admins may register base models.');
      return { baseModelId: id };
    },
  });
}
