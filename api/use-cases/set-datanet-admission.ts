import { z } from 'zod';
import { forbidden } from '../core/errors.js';
import * as datanets from '../store/datanets.js';
import type { GraphStore } from '../store/graph-store.js';
import type { Actor } from './actor.js';
import { DATANET_ADMIN_ROLES, refuseUnlessRunsDatanet } from './datanet-control.js';
import { runInputWrite } from './idempotency.js';
import { globalIdOf, idempotencyKeyField } from './validation.js';

export const setDatanetAdmissionInput = z.object({
  datanetId: globalIdOf('Datanet'),
  admission: z.enum(['OPEN', 'REVIEWED']),
  idempotencyKey: idempotencyKeyField,
});
export type SetDatanetAdmissionInput = z.output<typeof setDatanetAdmissionInput>;

/** The owner (or an admin) sets how records submitted from now on are admitted; records already submitted keep their status. */
export async function setDatanetAdmission(graph: GraphStore, actor: Actor, input: SetDatanetAdmissionInput): Promise<{ datanetId: string }> {
  return runInputWrite(graph, 'setDatanetAdmission', actor, input, async (tx, fields) => {
    await refuseUnlessRunsDatanet(tx, actor, fields.datanetId);
    const changed = await datanets.setDatanetAdmission(tx, { actor, roles: DATANET_ADMIN_ROLES }, fields);
    if (changed !== 1) throw forbidden('The change was refused (the key\'s roles changed during the request); nothing was written.');
    return { datanetId: fields.datanetId };
  });
}
