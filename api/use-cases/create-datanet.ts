import { z } from 'zod';
import { forbidden } from '../core/errors.js';
import { rolesFor } from '../core/roles.js';
import * as datanets from '../store/datanets.js';
import type { GraphStore } from '../store/graph-store.js';
import type { Actor } from './actor.js';
import { runInputWrite } from './idempotency.js';
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
  return runInputWrite(graph, 'createDatanet', actor, input, async (tx, fields) => {
    const id = newLocalId('dn');
    if (!(await datanets.createDatanet(tx, { actor, roles: rolesFor('ADMIN') }, { id, ...fields }))) throw forbidden('Only admins may create datanets.');
    return { datanetId: id };
  });
}
