import { z } from 'zod';
import { forbidden } from '../core/errors.js';
import { encodeGlobalId } from '../core/global-id.js';
import { rolesFor } from '../core/roles.js';
import type { GraphStore } from '../store/graph-store.js';
import * as models from '../store/models.js';
import type { ModelReferences } from '../store/models.js';
import { holdsRole, type Actor } from './actor.js';
import { runInputWrite } from './idempotency.js';
import { newLocalId } from './ids.js';
import { fieldError, globalIdOf, idempotencyKeyField, lineField, optional } from './validation.js';

export const MAX_MODEL_ADAPTERS = 50;

const weight = z
  .number()
  .refine((w) => Number.isFinite(w), 'must be a finite number')
  .refine((w) => w >= 0, 'must not be negative');

export const registerModelInput = z.object({
  name: lineField(200),
  version: lineField(64),
  baseModelId: globalIdOf('BaseModel'),
  adapters: z
    .array(z.object({ adapterId: globalIdOf('Adapter'), weight }))
    .min(1, 'needs at least one adapter: a model is a base model plus weighted adapters')
    .max(MAX_MODEL_ADAPTERS, `takes at most ${MAX_MODEL_ADAPTERS} adapters`)
    .superRefine((items, ctx) => {
      const seen = new Map<string, number>();
      items.forEach((item, index) => {
        const first = seen.get(item.adapterId);
        if (first !== undefined) ctx.addIssue({ code: 'custom', path: [index, 'adapterId'], message: `repeats adapters.${first}` });
        else seen.set(item.adapterId, index);
      });
    }),
  previousVersionId: optional(globalIdOf('Model')),
  idempotencyKey: idempotencyKeyField,
});
export type RegisterModelInput = z.output<typeof registerModelInput>;

export interface RegisterModelResult {
  modelId: string;
}

const OWNER_ROLES = rolesFor('CONTRIBUTOR');

/**
 * Registers a model version owned by the caller: a base model plus weighted adapters of that same base model. The
 * previous version, if given, must be the caller's own model (admins may link any). The STRATA_ADMIN_KEY registers
 * models with no owner.
 */
export async function registerModel(graph: GraphStore, actor: Actor, input: RegisterModelInput): Promise<RegisterModelResult> {
  return runInputWrite(graph, 'registerModel', actor, input, async (tx, model) => {
    refuseBadReferences(actor, model, await models.modelReferences(tx, actor, model));
    // The store re-checks the same rules inside the write: role, base model, every adapter on that base, the previous
    // version's owner.
    const id = newLocalId('mdl');
    const used = await models.createModel(tx, { actor, roles: OWNER_ROLES }, rolesFor('ADMIN'), { id, ...model });
    if (used !== model.adapters.length) {
      throw forbidden('The model was refused (a role, the base model or the previous version\'s owner changed during the request); nothing was written.');
    }
    return { modelId: id };
  });
}

/** Names the first input that names nothing or the wrong thing (BAD_USER_INPUT), or another owner's model (FORBIDDEN). */
function refuseBadReferences(actor: Actor, input: Omit<RegisterModelInput, 'idempotencyKey'>, stored: ModelReferences): void {
  if (!stored.baseExists) throw fieldError(['baseModelId'], `names no base model (${encodeGlobalId('BaseModel', input.baseModelId)})`);
  for (const [i, base] of stored.adapterBases.entries()) {
    const gid = encodeGlobalId('Adapter', input.adapters[i]!.adapterId);
    if (base == null) throw fieldError(['adapters', i, 'adapterId'], `names no adapter (${gid})`);
    if (base !== input.baseModelId) {
      throw fieldError(['adapters', i, 'adapterId'], `(${gid}) adapts another base model (${encodeGlobalId('BaseModel', base)}); a model uses only adapters of its own base model`);
    }
  }
  if (!input.previousVersionId) return;
  if (!stored.previousExists) throw fieldError(['previousVersionId'], `names no model (${encodeGlobalId('Model', input.previousVersionId)})`);
  const mayLinkAny = holdsRole(actor, stored.callerRoles, rolesFor('ADMIN'));
  if (!mayLinkAny && stored.previousOwner !== actor.contributorId) {
    throw forbidden(`previousVersionId (${encodeGlobalId('Model', input.previousVersionId)}) is another owner's model; only its owner may register its next version.`);
  }
}
