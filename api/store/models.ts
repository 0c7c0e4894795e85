import type { Role } from '../core/roles.js';
import { actorGuard, actorParams, countGuarded, type Actor, type Guard } from './actor-guard.js';
import { field, guardedNodeCreate, nodeImporter } from './properties.js';
import type { Transaction } from './transaction.js';
import { int, toNumber } from './values.js';

/** Base models, adapters and models: the registrations a model's lineage is made of. */

export interface NewBaseModel {
  id: string;
  name: string;
  family: string;
}

/** The BaseModel node's properties: what createBaseModel and importBaseModels both write. */
export function baseModelProperties(row: string, computed: { createdAt: string }): string {
  return `{id: ${field(row, 'id')}, name: ${field(row, 'name')}, family: ${field(row, 'family')}, createdAt: ${computed.createdAt}}`;
}

/** Creates the base model behind the guard; false when the guard refused and nothing was written. */
export const createBaseModel = guardedNodeCreate<NewBaseModel>('BaseModel', 'b', baseModelProperties('$', { createdAt: 'datetime.statement()' }));

export interface NewAdapter {
  id: string;
  name: string;
  baseModelId: string;
  derivedFromId: string | null;
  trainedOn: readonly string[];
  /**
   * When the training data was read (an OpenLineage run's eventTime); null or later than now → the registration's
   * own time. Records accepted after it are not eligible through this adapter.
   */
  snapshotAt?: string | null;
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

/** The Adapter node's properties: what createAdapter and importAdapters both write. */
export function adapterProperties(row: string, c: { baseModelId: string; builderId: string; derivedFromId: string; createdAt: string }): string {
  return `{id: ${field(row, 'id')}, name: ${field(row, 'name')}, baseModelId: ${c.baseModelId}, builderId: ${c.builderId}, derivedFromId: ${c.derivedFromId}, createdAt: ${c.createdAt}}`;
}

/** An adapter's edges to its base model, its builder (when it has one) and its parent (when it derives from one). */
const ADAPTER_EDGES = `CREATE (a)-[:ADAPTS]->(b)
     FOREACH (_ IN CASE WHEN actor IS NULL THEN [] ELSE [1] END | CREATE (actor)-[:BUILT]->(a))
     FOREACH (_ IN CASE WHEN parent IS NULL THEN [] ELSE [1] END | CREATE (a)-[:DERIVED_FROM]->(parent))`;

/** The TRAINED_ON edge's properties: the training snapshot. */
export function trainedOnProperties(c: { snapshotSize: string; snapshotAt: string }): string {
  return `{snapshotSize: ${c.snapshotSize}, snapshotAt: ${c.snapshotAt}}`;
}

/**
 * Creates the adapter behind the guard, built by the caller (none for the STRATA_ADMIN_KEY), with a TRAINED_ON
 * snapshot per datanet: the number of records accepted at or before its creation (or the earlier `snapshotAt`). Lock the datanets first
 * (`lockNodes`), so no acceptance can commit with an earlier acceptedAt after the count. Returns how many datanets it
 * was trained on: fewer than asked means the guard, the base model or the parent refused, and nothing was written
 * that the caller should keep.
 */
export async function createAdapter(tx: Transaction, guard: Guard, adapter: NewAdapter): Promise<number> {
  return countGuarded(
    tx,
    guard,
    `${actorGuard('roles')}
     MATCH (b:BaseModel {id: $baseModelId})
     OPTIONAL MATCH (parent:Adapter {id: $derivedFromId})-[:ADAPTS]->(b)
     WITH actor, b, parent WHERE $derivedFromId IS NULL OR parent IS NOT NULL
     CREATE (a:Adapter ${adapterProperties('$', { baseModelId: 'b.id', builderId: 'actor.id', derivedFromId: 'parent.id', createdAt: 'datetime.statement()' })})
     ${ADAPTER_EDGES}
     WITH a, CASE WHEN $snapshotAt IS NOT NULL AND datetime($snapshotAt) < a.createdAt THEN datetime($snapshotAt) ELSE a.createdAt END AS snapshotAt
     UNWIND $trainedOn AS datanetId
     MATCH (d:Datanet {id: datanetId})
     CALL (snapshotAt, d) {
       OPTIONAL MATCH (r:Record)-[:IN]->(d) WHERE r.status = 'ACCEPTED' AND r.acceptedAt <= snapshotAt
       RETURN count(r) AS snapshotSize
     }
     CREATE (a)-[:TRAINED_ON ${trainedOnProperties({ snapshotSize: 'snapshotSize', snapshotAt: 'snapshotAt' })}]->(d)
     RETURN count(d) AS trained`,
    { ...adapter, snapshotAt: adapter.snapshotAt ?? null },
    'trained',
  );
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

/** The Model node's properties: what createModel and importModels both write. */
export function modelProperties(row: string, c: { baseModelId: string; ownerId: string; previousVersionId: string; createdAt: string }): string {
  const f = (name: string) => field(row, name);
  return `{id: ${f('id')}, name: ${f('name')}, version: ${f('version')}, baseModelId: ${c.baseModelId}, ownerId: ${c.ownerId},
       previousVersionId: ${c.previousVersionId}, createdAt: ${c.createdAt}}`;
}

/** A model's edges to its base model and previous version (when it has one); USES edges follow per adapter. */
const MODEL_EDGES = `CREATE (m)-[:BASED_ON]->(b)
     FOREACH (_ IN CASE WHEN prev IS NULL THEN [] ELSE [1] END | CREATE (m)-[:PREVIOUS_VERSION]->(prev))`;

/** The USES edge's properties. */
export function usesProperties(c: { weight: string }): string {
  return `{weight: ${c.weight}}`;
}

/**
 * Creates the model behind the same rules as the friendly checks, inside the write: the guard's role, the base
 * model, every adapter on that base, and the previous version's owner (or a caller with one of `linkAnyRoles`).
 * Returns how many adapters it uses: fewer than asked means a rule refused.
 */
export async function createModel(tx: Transaction, guard: Guard, linkAnyRoles: readonly Role[], model: NewModel): Promise<number> {
  return countGuarded(
    tx,
    guard,
    `${actorGuard('roles')}
     MATCH (b:BaseModel {id: $baseModelId})
     WHERE all(u IN $adapters WHERE EXISTS { MATCH (:Adapter {id: u.adapterId})-[:ADAPTS]->(b) })
     OPTIONAL MATCH (prev:Model {id: $previousVersionId})
     WITH actor, b, prev
     WHERE $previousVersionId IS NULL OR (prev IS NOT NULL AND ($envAdmin OR prev.ownerId = actor.id
       OR any(role IN coalesce(actor.roles, []) WHERE role IN $adminRoles)))
     CREATE (m:Model ${modelProperties('$', { baseModelId: 'b.id', ownerId: 'actor.id', previousVersionId: 'prev.id', createdAt: 'datetime.statement()' })})
     ${MODEL_EDGES}
     WITH m
     UNWIND $adapters AS u
     MATCH (a:Adapter {id: u.adapterId})
     CREATE (m)-[:USES ${usesProperties({ weight: 'u.weight' })}]->(a)
     RETURN count(a) AS used`,
    { adminRoles: linkAnyRoles, ...model },
    'used',
  );
}

/** A base model as a seed imports it, the timestamp as ISO-8601. */
export interface BaseModelImport extends NewBaseModel {
  createdAt: string;
}

const baseModelImporter = nodeImporter<BaseModelImport>('BaseModel', 'b', baseModelProperties('row', { createdAt: 'datetime(row.createdAt)' }));
export const importBaseModelsCypher = baseModelImporter.cypher;
export const importBaseModels = baseModelImporter.run;

/**
 * An adapter as a seed imports it: its builder (null for one the admin key registered), creation time and training
 * snapshots given. Its base model, builder, parent and datanets must exist; a parent must come in an earlier batch or
 * earlier in the same one.
 */
export interface AdapterImport {
  id: string;
  name: string;
  baseModelId: string;
  builderId: string | null;
  derivedFromId: string | null;
  createdAt: string;
  trainedOn: ReadonlyArray<{ datanetId: string; snapshotSize: number; snapshotAt: string }>;
}

export const importAdaptersCypher = `UNWIND $rows AS row
MATCH (b:BaseModel {id: row.baseModelId})
OPTIONAL MATCH (actor:Contributor {id: row.builderId})
OPTIONAL MATCH (parent:Adapter {id: row.derivedFromId})-[:ADAPTS]->(b)
WITH row, b, actor, parent WHERE (row.builderId IS NULL OR actor IS NOT NULL) AND (row.derivedFromId IS NULL OR parent IS NOT NULL)
CREATE (a:Adapter ${adapterProperties('row', { baseModelId: 'b.id', builderId: 'actor.id', derivedFromId: 'parent.id', createdAt: 'datetime(row.createdAt)' })})
${ADAPTER_EDGES}
WITH a, row
UNWIND row.trainedOn AS t
MATCH (d:Datanet {id: t.datanetId})
CREATE (a)-[:TRAINED_ON ${trainedOnProperties({ snapshotSize: 't.snapshotSize', snapshotAt: 'datetime(t.snapshotAt)' })}]->(d)
RETURN count(DISTINCT a) AS created`;

/**
 * Bulk import (seeds): adapters in UNWIND batches, each adapter after its parent (a statement's MATCHes run before its
 * CREATEs, so a parent in the same statement would not be found). Throws when a row names a missing base model,
 * builder, parent (on the same base) or has no stored datanet: the seed would otherwise write less than it planned.
 */
export async function importAdapters(tx: Transaction, rows: readonly AdapterImport[]): Promise<void> {
  for (const wave of parentsFirst(rows, (a) => a.derivedFromId)) {
    const res = await tx.run(importAdaptersCypher, {
      rows: wave.map((a) => ({ ...a, trainedOn: a.trainedOn.map((t) => ({ ...t, snapshotSize: int(t.snapshotSize) })) })),
    });
    const created = toNumber(res.records[0]?.get('created') ?? 0);
    if (created !== wave.length) throw new Error(`importAdapters: wrote ${created} of ${wave.length} adapters (a base model, builder, parent or datanet is missing).`);
  }
}

/** The rows in waves: a row whose parent is among the rows comes in a later wave than its parent. */
export function parentsFirst<T extends { id: string }>(rows: readonly T[], parentOf: (row: T) => string | null): T[][] {
  const waves: T[][] = [];
  let pending = [...rows];
  while (pending.length > 0) {
    const waiting = new Set(pending.map((r) => r.id));
    const wave = pending.filter((r) => !waiting.has(parentOf(r) ?? ''));
    if (wave.length === 0) throw new Error(`a cycle of parents among ${pending.map((r) => r.id).join(', ')}`);
    waves.push(wave);
    const done = new Set(wave);
    pending = pending.filter((r) => !done.has(r));
  }
  return waves;
}

/** A model version as a seed imports it: its owner and creation time given; its previous version earlier in order. */
export interface ModelImport {
  id: string;
  name: string;
  version: string;
  baseModelId: string;
  ownerId: string | null;
  previousVersionId: string | null;
  createdAt: string;
  adapters: ReadonlyArray<{ adapterId: string; weight: number }>;
}

export const importModelsCypher = `UNWIND $rows AS row
MATCH (b:BaseModel {id: row.baseModelId})
OPTIONAL MATCH (actor:Contributor {id: row.ownerId})
OPTIONAL MATCH (prev:Model {id: row.previousVersionId})
WITH row, b, actor, prev WHERE (row.ownerId IS NULL OR actor IS NOT NULL) AND (row.previousVersionId IS NULL OR prev IS NOT NULL)
CREATE (m:Model ${modelProperties('row', { baseModelId: 'b.id', ownerId: 'actor.id', previousVersionId: 'prev.id', createdAt: 'datetime(row.createdAt)' })})
${MODEL_EDGES}
WITH m, row
UNWIND row.adapters AS u
MATCH (a:Adapter {id: u.adapterId})
CREATE (m)-[:USES ${usesProperties({ weight: 'u.weight' })}]->(a)
RETURN count(DISTINCT m) AS created`;

/** Bulk import (seeds): model versions in UNWIND batches, each after its previous version; throws as importAdapters. */
export async function importModels(tx: Transaction, rows: readonly ModelImport[]): Promise<void> {
  for (const wave of parentsFirst(rows, (m) => m.previousVersionId)) {
    const res = await tx.run(importModelsCypher, { rows: wave });
    const created = toNumber(res.records[0]?.get('created') ?? 0);
    if (created !== wave.length) throw new Error(`importModels: wrote ${created} of ${wave.length} models (a base model, owner, previous version or adapter is missing).`);
  }
}
