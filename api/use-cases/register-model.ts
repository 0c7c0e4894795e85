import type { ManagedTransaction } from 'neo4j-driver';
import { z } from 'zod';
import type { GraphStore } from '../store/graph-store.js';
import { forbidden } from '../core/errors.js';
import { encodeGlobalId } from '../core/global-id.js';
import { actorGuard, actorParams, holdsRole, type Actor } from './actor.js';
import { rolesFor } from '../core/roles.js';
import { runWrite } from './idempotency.js';
import { newLocalId } from './ids.js';
import { distinctList, fieldError, globalIdOf, idempotencyKeyField, lineField, optional } from './validation.js';

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
  const { idempotencyKey, ...fields } = input;
  return runWrite(graph, {
    mutation: 'registerModel',
    actor,
    idempotencyKey,
    input: fields,
    work: (tx) => registerInTransaction(tx, actor, fields),
  });
}

async function registerInTransaction(tx: ManagedTransaction, actor: Actor, input: Omit<RegisterModelInput, 'idempotencyKey'>): Promise<RegisterModelResult> {
  const params = { ...actorParams(actor), roles: OWNER_ROLES, ...input, adminRoles: rolesFor('ADMIN') };
  const check = (
    await tx.run(
      `OPTIONAL MATCH (b:BaseModel {id: $baseModelId})
       OPTIONAL MATCH (prev:Model {id: $previousVersionId})
       OPTIONAL MATCH (actor:Contributor {id: $actorId})
       RETURN b IS NOT NULL AS baseExists, prev IS NOT NULL AS prevExists, prev.ownerId AS prevOwner, actor.roles AS roles`,
      params,
    )
  ).records[0]!;
  if (!check.get('baseExists')) throw fieldError(['baseModelId'], `names no base model (${encodeGlobalId('BaseModel', input.baseModelId)})`);
  const adapterRows = await tx.run(
    'UNWIND range(0, size($adapters) - 1) AS i OPTIONAL MATCH (a:Adapter {id: $adapters[i].adapterId}) RETURN i, a.baseModelId AS base ORDER BY i',
    params,
  );
  const bases = adapterRows.records.map((row) => row.get('base') as string | null);
  for (const [i, base] of bases.entries()) {
    const gid = encodeGlobalId('Adapter', input.adapters[i]!.adapterId);
    if (base == null) throw fieldError(['adapters', i, 'adapterId'], `names no adapter (${gid})`);
    if (base !== input.baseModelId) {
      throw fieldError(['adapters', i, 'adapterId'], `(${gid}) adapts another base model (${encodeGlobalId('BaseModel', base)}); a model uses only adapters of its own base model`);
    }
  }
  if (input.previousVersionId) {
    if (!check.get('prevExists')) throw fieldError(['previousVersionId'], `names no model (${encodeGlobalId('Model', input.previousVersionId)})`);
    const mayLinkAny = holdsRole(actor, check.get('roles'), rolesFor('ADMIN'));
    if (!mayLinkAny && check.get('prevOwner') !== actor.contributorId) {
      throw forbidden(`previousVersionId (${encodeGlobalId('Model', input.previousVersionId)}) is another owner's model; only its owner may register its next version.`);
    }
  }

  // The same rules again as the write's guard: role, base model, every adapter on that base, the previous version's owner.
  const id = newLocalId('mdl');
  const res = await tx.run(
    `${actorGuard('roles')}
     MATCH (b:BaseModel {id: $baseModelId})
     WHERE all(u IN $adapters WHERE EXISTS { MATCH (:Adapter {id: u.adapterId})-[:ADAPTS]->(b) })
     OPTIONAL MATCH (prev:Model {id: $previousVersionId})
     WITH actor, b, prev
     WHERE $previousVersionId IS NULL OR (prev IS NOT NULL AND ($envAdmin OR prev.ownerId = actor.id
       OR any(role IN coalesce(actor.roles, []) WHERE role IN $adminRoles)))
     CREATE (m:Model {id: $id, name: $name, version: $version, baseModelId: b.id, ownerId: actor.id,
       previousVersionId: prev.id, createdAt: datetime.statement()})
     CREATE (m)-[:BASED_ON]->(b)
     FOREACH (_ IN CASE WHEN prev IS NULL THEN [] ELSE [1] END | CREATE (m)-[:PREVIOUS_VERSION]->(prev))
     WITH m
     UNWIND $adapters AS u
     MATCH (a:Adapter {id: u.adapterId})
     CREATE (m)-[:USES {weight: u.weight}]->(a)
     RETURN count(a) AS used`,
    { ...params, id },
  );
  if (Number(res.records[0]?.get('used') ?? 0) !== input.adapters.length) {
    throw forbidden('The model was refused (a role, the base model or the previous version\'s owner changed during the request); nothing was written.');
  }
  return { modelId: id };
}
