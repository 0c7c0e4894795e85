import type { ManagedTransaction } from 'neo4j-driver';
import { z } from 'zod';
import type { GraphStore } from '../store/graph-store.js';
import { forbidden } from '../core/errors.js';
import { encodeGlobalId } from '../core/global-id.js';
import { actorGuard, actorParams, type Actor } from './actor.js';
import { rolesFor } from '../core/roles.js';
import { runWrite } from './idempotency.js';
import { newLocalId } from './ids.js';
import { lockNodes } from '../store/records.js';
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
  const { idempotencyKey, ...fields } = input;
  return runWrite(graph, {
    mutation: 'registerAdapter',
    actor,
    idempotencyKey,
    input: fields,
    work: (tx) => registerInTransaction(tx, actor, fields),
  });
}

async function registerInTransaction(tx: ManagedTransaction, actor: Actor, input: Omit<RegisterAdapterInput, 'idempotencyKey'>): Promise<RegisterAdapterResult> {
  const params = { ...actorParams(actor), roles: BUILDER_ROLES, ...input };
  const check = (
    await tx.run(
      `OPTIONAL MATCH (b:BaseModel {id: $baseModelId})
       OPTIONAL MATCH (p:Adapter {id: $derivedFromId})
       RETURN b IS NOT NULL AS baseExists, p IS NOT NULL AS parentExists, p.baseModelId AS parentBase,
         [i IN range(0, size($trainedOn) - 1) WHERE NOT EXISTS { MATCH (:Datanet {id: $trainedOn[i]}) }] AS missing`,
      params,
    )
  ).records[0]!;
  if (!check.get('baseExists')) throw fieldError(['baseModelId'], `names no base model (${encodeGlobalId('BaseModel', input.baseModelId)})`);
  const missing = (check.get('missing') as unknown[]).map(Number);
  if (missing.length > 0) {
    const i = missing[0]!;
    throw fieldError(['trainedOn', i], `names no datanet (${encodeGlobalId('Datanet', input.trainedOn[i]!)})`);
  }
  if (input.derivedFromId) {
    if (!check.get('parentExists')) throw fieldError(['derivedFromId'], `names no adapter (${encodeGlobalId('Adapter', input.derivedFromId)})`);
    if (check.get('parentBase') !== input.baseModelId) {
      throw fieldError(['derivedFromId'], `adapts another base model (${encodeGlobalId('BaseModel', String(check.get('parentBase')))}); an adapter derives only from an adapter of the same base model`);
    }
  }

  await lockNodes(tx, 'Datanet', input.trainedOn);
  const id = newLocalId('ad');
  const res = await tx.run(
    `${actorGuard('roles')}
     MATCH (b:BaseModel {id: $baseModelId})
     OPTIONAL MATCH (parent:Adapter {id: $derivedFromId})-[:ADAPTS]->(b)
     WITH actor, b, parent WHERE $derivedFromId IS NULL OR parent IS NOT NULL
     CREATE (a:Adapter {id: $id, name: $name, baseModelId: b.id, builderId: actor.id, derivedFromId: parent.id, createdAt: datetime.statement()})
     CREATE (a)-[:ADAPTS]->(b)
     FOREACH (_ IN CASE WHEN actor IS NULL THEN [] ELSE [1] END | CREATE (actor)-[:BUILT]->(a))
     FOREACH (_ IN CASE WHEN parent IS NULL THEN [] ELSE [1] END | CREATE (a)-[:DERIVED_FROM]->(parent))
     WITH a
     UNWIND $trainedOn AS datanetId
     MATCH (d:Datanet {id: datanetId})
     CALL (a, d) {
       OPTIONAL MATCH (r:Record)-[:IN]->(d) WHERE r.status = 'ACCEPTED' AND r.acceptedAt <= a.createdAt
       RETURN count(r) AS snapshotSize
     }
     CREATE (a)-[:TRAINED_ON {snapshotSize: snapshotSize, snapshotAt: a.createdAt}]->(d)
     RETURN count(d) AS trained`,
    { ...params, id },
  );
  if (Number(res.records[0]?.get('trained') ?? 0) !== input.trainedOn.length) {
    throw forbidden('Only contributors may register adapters; nothing was written.');
  }
  return { adapterId: id };
}
