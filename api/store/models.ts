import type { Role } from '../core/roles.js';
import { actorGuard, actorParams, createGuarded, type Actor, type Guard } from './actor-guard.js';
import type { Transaction } from './transaction.js';
import { toNumber } from './values.js';

/** Base models, adapters and models: the registrations a model's lineage is made of. */

export interface NewBaseModel {
  id: string;
  name: string;
  family: string;
}

/** Creates the base model behind the guard; false when the guard refused and nothing was written. */
export async function createBaseModel(tx: Transaction, guard: Guard, baseModel: NewBaseModel): Promise<boolean> {
  return createGuarded(
    tx,
    guard,
    `CREATE (b:BaseModel {id: $id, name: $name, family: $family, createdAt: datetime.statement()})
     RETURN b.id AS id`,
    { ...baseModel },
  );
}

export interface NewAdapter {
  id: string;
  name: string;
  baseModelId: string;
  derivedFromId: string | null;
  trainedOn: readonly string[];
}

/** What registering an adapter refers to, as stored: to name the first input that names nothing (or the wrong thing). */
export interface AdapterReferences {
  baseExists: boolean;
  parentExists: boolean;
  /** The base model of the adapter it derives from (null when there is none). */
  parentBase: string | null;
  /** Positions in `trainedOn` that name no datanet. */
  missingDatanets: number[];
}

export async function adapterReferences(tx: Transaction, adapter: Omit<NewAdapter, 'id' | 'name'>): Promise<AdapterReferences> {
  const row = (
    await tx.run(
      `OPTIONAL MATCH (b:BaseModel {id: $baseModelId})
       OPTIONAL MATCH (p:Adapter {id: $derivedFromId})
       RETURN b IS NOT NULL AS baseExists, p IS NOT NULL AS parentExists, p.baseModelId AS parentBase,
         [i IN range(0, size($trainedOn) - 1) WHERE NOT EXISTS { MATCH (:Datanet {id: $trainedOn[i]}) }] AS missing`,
      { baseModelId: adapter.baseModelId, derivedFromId: adapter.derivedFromId, trainedOn: adapter.trainedOn },
    )
  ).records[0]!;
  return {
    baseExists: row.get('baseExists') === true,
    parentExists: row.get('parentExists') === true,
    parentBase: (row.get('parentBase') as string | null) ?? null,
    missingDatanets: (row.get('missing') as unknown[]).map((i) => toNumber(i)),
  };
}

/**
 * Creates the adapter behind the guard, built by the caller (none for the STRATA_ADMIN_KEY), with a TRAINED_ON
 * snapshot per datanet: the number of records accepted at or before its creation. Lock the datanets first
 * (`lockNodes`), so no acceptance can commit with an earlier acceptedAt after the count. Returns how many datanets it
 * was trained on: fewer than asked means the guard, the base model or the parent refused, and nothing was written
 * that the caller should keep.
 */
export async function createAdapter(tx: Transaction, guard: Guard, adapter: NewAdapter): Promise<number> {
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
    { ...actorParams(guard.actor), roles: guard.roles, ...adapter },
  );
  return toNumber(res.records[0]?.get('trained') ?? 0);
}

export interface NewModel {
  id: string;
  name: string;
  version: string;
  baseModelId: string;
  adapters: ReadonlyArray<{ adapterId: string; weight: number }>;
  previousVersionId: string | null;
}

/** What registering a model refers to, as stored, and the caller's roles: to say why a registration is refused. */
export interface ModelReferences {
  baseExists: boolean;
  previousExists: boolean;
  previousOwner: string | null;
  /** The caller's stored roles (null when the caller has no node). */
  callerRoles: unknown;
  /** Per adapter, in input order: the base model it adapts, or null when the id names no adapter. */
  adapterBases: Array<string | null>;
}

export async function modelReferences(tx: Transaction, actor: Actor, model: Omit<NewModel, 'id' | 'name' | 'version'>): Promise<ModelReferences> {
  const params = { ...actorParams(actor), baseModelId: model.baseModelId, previousVersionId: model.previousVersionId, adapters: model.adapters };
  const row = (
    await tx.run(
      `OPTIONAL MATCH (b:BaseModel {id: $baseModelId})
       OPTIONAL MATCH (prev:Model {id: $previousVersionId})
       OPTIONAL MATCH (actor:Contributor {id: $actorId})
       RETURN b IS NOT NULL AS baseExists, prev IS NOT NULL AS prevExists, prev.ownerId AS prevOwner, actor.roles AS roles`,
      params,
    )
  ).records[0]!;
  const adapterRows = await tx.run(
    'UNWIND range(0, size($adapters) - 1) AS i OPTIONAL MATCH (a:Adapter {id: $adapters[i].adapterId}) RETURN i, a.baseModelId AS base ORDER BY i',
    params,
  );
  return {
    baseExists: row.get('baseExists') === true,
    previousExists: row.get('prevExists') === true,
    previousOwner: (row.get('prevOwner') as string | null) ?? null,
    callerRoles: row.get('roles') ?? null,
    adapterBases: adapterRows.records.map((r) => (r.get('base') as string | null) ?? null),
  };
}

/**
 * Creates the model behind the same rules as the friendly checks, inside the write: the guard's role, the base
 * model, every adapter on that base, and the previous version's owner (or a caller with one of `linkAnyRoles`).
 * Returns how many adapters it uses: fewer than asked means a rule refused.
 */
export async function createModel(tx: Transaction, guard: Guard, linkAnyRoles: readonly Role[], model: NewModel): Promise<number> {
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
    { ...actorParams(guard.actor), roles: guard.roles, adminRoles: linkAnyRoles, ...model },
  );
  return toNumber(res.records[0]?.get('used') ?? 0);
}
