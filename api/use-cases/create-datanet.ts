import { z } from 'zod';
import type { GraphStore } from '../store/graph-store.js';
import { forbidden } from '../core/errors.js';
import { actorGuard, actorParams, type Actor } from './actor.js';
import { rolesFor } from '../core/roles.js';
import { runWrite } from './idempotency.js';
import { newLocalId } from './ids.js';
import { idempotencyKeyField, lineField, optional, textField } from './validation.js';

/**
 * Datanets are created by admins: admission is a trust decision (an OPEN datanet accepts, and so pays for, whatever
 * is submitted without a validator), so it is not left to each contributor.
 */
export const createDatanetInput = z.object({
  name: lineField(200),
  description: optional(textField({ maxBytes: 8192 })).transform((d) => d ?? ''),
  domain: optional(lineField(100)),
  admission: z.enum(['OPEN', 'REVIEWED']),
  idempotencyKey: idempotencyKeyField,
});
export type CreateDatanetInput = z.output<typeof createDatanetInput>;

export interface CreateDatanetResult {
  datanetId: string;
}

export async function createDatanet(graph: GraphStore, actor: Actor, input: CreateDatanetInput): Promise<CreateDatanetResult> {
  const { idempotencyKey, ...fields } = input;
  return runWrite(graph, {
    mutation: 'createDatanet',
    actor,
    idempotencyKey,
    input: fields,
    work: async (tx) => {
      const id = newLocalId('dn');
      const res = await tx.run(
        `${actorGuard('adminRoles')}
         CREATE (d:Datanet {id: $id, name: $name, description: $description, domain: $domain, admission: $admission, createdAt: datetime.statement()})
         RETURN d.id AS id`,
        { ...actorParams(actor), adminRoles: rolesFor('ADMIN'), id, ...fields },
      );
      if (res.records.length === 0) throw forbidden('Only admins may create datanets.');
      return { datanetId: id };
    },
  });
}
