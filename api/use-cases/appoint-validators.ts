import { z } from 'zod';
import { forbidden } from '../core/errors.js';
import { encodeGlobalId } from '../core/global-id.js';
import * as datanets from '../store/datanets.js';
import type { GraphStore } from '../store/graph-store.js';
import type { Actor } from './actor.js';
import { DATANET_ADMIN_ROLES, refuseUnlessRunsDatanet } from './datanet-control.js';
import { runInputWrite } from './idempotency.js';
import { distinctList, fieldError, globalIdOf, idempotencyKeyField } from './validation.js';

export const MAX_VALIDATORS_PER_CALL = 100;

export const appointValidatorsInput = z.object({
  datanetId: globalIdOf('Datanet'),
  validatorIds: distinctList(globalIdOf('Contributor'), { min: 1, max: MAX_VALIDATORS_PER_CALL, what: 'validator ids' }),
  idempotencyKey: idempotencyKeyField,
});
export type AppointValidatorsInput = z.output<typeof appointValidatorsInput>;

/**
 * The owner (or an admin) appoints contributors to review the datanet's records. An appointed validator needs no
 * VALIDATOR role for this datanet's records; appointing someone twice changes nothing.
 */
export async function appointValidators(graph: GraphStore, actor: Actor, input: AppointValidatorsInput): Promise<{ datanetId: string }> {
  return runInputWrite(graph, 'appointValidators', actor, input, async (tx, fields) => {
    await refuseUnlessRunsDatanet(tx, actor, fields.datanetId);
    const found = await datanets.appointValidators(tx, { actor, roles: DATANET_ADMIN_ROLES }, fields);
    if (found !== fields.validatorIds.length) {
      const known = await datanets.knownContributors(tx, fields.validatorIds);
      const missing = fields.validatorIds.findIndex((id) => !known.has(id));
      if (missing >= 0) throw fieldError(['validatorIds', missing], `names no contributor (${encodeGlobalId('Contributor', fields.validatorIds[missing]!)})`);
      throw forbidden('The appointment was refused (the key\'s roles changed during the request); nothing was written.');
    }
    return { datanetId: fields.datanetId };
  });
}
