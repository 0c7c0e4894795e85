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
 * Datanets belong to contributors: any contributor (or admin) may create one and owns it, setting its admission and
 * appointing its validators. Whether an OPEN datanet's records earn attribution credit is for voters to decide
 * (a DATANET_ELIGIBILITY proposal can suspend it; docs/architecture.md#governance).
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
    if (!(await datanets.createDatanet(tx, { actor, roles: rolesFor('CONTRIBUTOR') }, { id, ...fields }))) throw forbidden('Only contributors (and admins) may create datanets.');
    return { datanetId: id };
  });
}
