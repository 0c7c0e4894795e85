import { z } from 'zod';
import { forbidden } from '../core/errors.js';
import { encodeGlobalId } from '../core/global-id.js';
import { rolesFor } from '../core/roles.js';
import type { GraphStore } from '../store/graph-store.js';
import * as models from '../store/models.js';
import type { AdapterReferences } from '../store/models.js';
import { lockNodes } from '../store/records.js';
import type { Actor } from './actor.js';
import { runInputWrite } from './idempotency.js';
import { newLocalId } from './ids.js';
import { distinctList, fieldError, globalIdOf, idempotencyKeyField, lineField, optional } from './validation.js';

export const MAX_TRAINED_ON = 100;

export const registerAdapterInput = z.object({
  name: lineField(200),
  baseModelId: globalIdOf('BaseModel'),
  trainedOn: distinctList(globalIdOf('Datanet'), { min: 1, max: MAX_TRAINED_ON, what: 'datanets' }),
  derivedFromId: optional(globalIdOf('Adapter')),
  idempotencyKey: idempotencyKeyField,
});
export type RegisterAdapterInput = z.output<typeof registerAdapterInput>;

export interface RegisterAdapterResult {
  adapterId: string;
}

const BUILDER_ROLES = rolesFor('CONTRIBUTOR');

/**
 * Registers an adapter built by the caller (a contributor; the STRATA_ADMIN_KEY registers one with no builder). Each
 * datanet it was trained on gets a snapshot: `TRAINED_ON {snapshotSize, snapshotAt}` with the accepted records at
 * registration; records accepted later are not eligible through this adapter. The datanets are locked first, so no
 * acceptance can commit with an acceptedAt at or before the snapshot after the count was taken. `derivedFromId`
 * (any builder's adapter: deriving does not change the parent) must adapt the same base model.
 */
export async function registerAdapter(graph: GraphStore, actor: Actor, input: RegisterAdapterInput): Promise<RegisterAdapterResult> {
  return runInputWrite(graph, 'registerAdapter', actor, input, async (tx, adapter) => {
    refuseBadReferences(adapter, await models.adapterReferences(tx, adapter));
    await lockNodes(tx, 'Datanet', adapter.trainedOn);
    const id = newLocalId('ad');
    const trained = await models.createAdapter(tx, { actor, roles: BUILDER_ROLES }, { id, ...adapter });
    if (trained !== adapter.trainedOn.length) throw forbidden('Only contributors may register adapters; nothing was written.');
    return { adapterId: id };
  });
}

/** Names the first input that names nothing, or the wrong thing (BAD_USER_INPUT). */
function refuseBadReferences(input: Omit<RegisterAdapterInput, 'idempotencyKey'>, stored: AdapterReferences): void {
  if (!stored.baseExists) throw fieldError(['baseModelId'], `names no base model (${encodeGlobalId('BaseModel', input.baseModelId)})`);
  const i = stored.missingDatanets[0];
  if (i !== undefined) throw fieldError(['trainedOn', i], `names no datanet (${encodeGlobalId('Datanet', input.trainedOn[i]!)})`);
  if (!input.derivedFromId) return;
  if (!stored.parentExists) throw fieldError(['derivedFromId'], `names no adapter (${encodeGlobalId('Adapter', input.derivedFromId)})`);
  if (stored.parentBase !== input.baseModelId) {
    throw fieldError(['derivedFromId'], `adapts another base model (${encodeGlobalId('BaseModel', String(stored.parentBase))}); an adapter derives only from an adapter of the same base model`);
  }
}
