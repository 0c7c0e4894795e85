import { countGuarded, createGuarded, type Guard } from './actor-guard.js';
import { field, nodeImporter } from './properties.js';
import type { Transaction } from './transaction.js';

/**
 * Datanets and who runs them. A datanet belongs to the contributor who created it (`ownerId`; null when the
 * STRATA_ADMIN_KEY created it): the owner sets its admission and appoints its validators,
 * `(Contributor)-[:VALIDATES]->(Datanet)`, who may then review its records (docs/architecture.md#datanet-ownership).
 */
export interface NewDatanet {
  id: string;
  name: string;
  description: string;
  domain: string | null;
  admission: 'OPEN' | 'REVIEWED';
}

/** The Datanet node's properties: what createDatanet and importDatanets both write. */
export function datanetProperties(row: string, computed: { createdAt: string; ownerId: string }): string {
  const f = (name: string) => field(row, name);
  return `{id: ${f('id')}, name: ${f('name')}, description: ${f('description')}, domain: ${f('domain')}, admission: ${f('admission')}, ownerId: ${computed.ownerId}, createdAt: ${computed.createdAt}}`;
}

// The caller (bound by the guard) owns what they create; the admin key has no node, so its datanets have no owner.
export const createDatanetCypher = `CREATE (d:Datanet ${datanetProperties('$', { createdAt: 'datetime.statement()', ownerId: 'actor.id' })})
     RETURN d.id AS id`;

/** Creates the datanet, owned by the caller, behind the guard; false when the guard refused and nothing was written. */
export function createDatanet(tx: Transaction, guard: Guard, datanet: NewDatanet): Promise<boolean> {
  return createGuarded(tx, guard, createDatanetCypher, { ...datanet });
}

/** A datanet as a seed imports it: every property given, the timestamp as ISO-8601, the owner when it has one. */
export interface DatanetImport extends NewDatanet {
  createdAt: string;
  ownerId?: string | null;
}

const datanetImporter = nodeImporter<DatanetImport>('Datanet', 'd', datanetProperties('row', { createdAt: 'datetime(row.createdAt)', ownerId: 'row.ownerId' }));
export const importDatanetsCypher = datanetImporter.cypher;
export const importDatanets = datanetImporter.run;

/** The datanet's owner and the caller's roles, locked: what a use-case needs to say why an owner-only write is refused. */
export const datanetControlCypher = `MATCH (d:Datanet {id: $datanetId})
SET d.strataLock = true REMOVE d.strataLock
WITH d OPTIONAL MATCH (actor:Contributor {id: $actorId})
RETURN d.ownerId AS ownerId, actor.roles AS callerRoles`;

export interface DatanetControl {
  ownerId: string | null;
  callerRoles: unknown;
}

/** Null when there is no such datanet. Locks it, so its owner cannot change before the caller's write commits. */
export async function datanetControl(tx: Transaction, datanetId: string, actorId: string | null): Promise<DatanetControl | null> {
  const res = await tx.run(datanetControlCypher, { datanetId, actorId });
  const row = res.records[0];
  if (!row) return null;
  return { ownerId: (row.get('ownerId') as string | null) ?? null, callerRoles: row.get('callerRoles') ?? null };
}

/** Cypher: keeps the row only when the caller owns `d` or holds one of `$roles` (admins), or is the admin key. */
const OWNER_GUARD = `OPTIONAL MATCH (actor:Contributor {id: $actorId})
     WITH d, actor WHERE $envAdmin OR (actor IS NOT NULL AND (d.ownerId = actor.id OR any(role IN coalesce(actor.roles, []) WHERE role IN $roles)))`;

export const setDatanetAdmissionCypher = `MATCH (d:Datanet {id: $datanetId})
     ${OWNER_GUARD}
     SET d.admission = $admission
     RETURN count(d) AS changed`;

/** Sets a datanet's admission for records submitted from now on; 0 when the caller is neither its owner nor an admin. */
export function setDatanetAdmission(tx: Transaction, guard: Guard, input: { datanetId: string; admission: 'OPEN' | 'REVIEWED' }): Promise<number> {
  return countGuarded(tx, guard, setDatanetAdmissionCypher, input, 'changed');
}

export const appointValidatorsCypher = `MATCH (d:Datanet {id: $datanetId})
     ${OWNER_GUARD}
     UNWIND $validatorIds AS validatorId
     MATCH (v:Contributor {id: validatorId})
     MERGE (v)-[a:VALIDATES]->(d)
     ON CREATE SET a.appointedAt = datetime.statement(), a.appointedBy = coalesce(actor.id, 'admin-key')
     RETURN count(v) AS appointed`;

/** Appoints contributors as the datanet's validators (MERGE: appointing twice is one edge); how many were found. */
export function appointValidators(tx: Transaction, guard: Guard, input: { datanetId: string; validatorIds: readonly string[] }): Promise<number> {
  return countGuarded(tx, guard, appointValidatorsCypher, { datanetId: input.datanetId, validatorIds: [...input.validatorIds] }, 'appointed');
}

export const knownContributorsCypher = `UNWIND $ids AS id MATCH (c:Contributor {id: id}) RETURN collect(c.id) AS ids`;

/** Which of these contributor ids exist (to name the unknown one in an error). */
export async function knownContributors(tx: Transaction, ids: readonly string[]): Promise<Set<string>> {
  const res = await tx.run(knownContributorsCypher, { ids: [...ids] });
  return new Set((res.records[0]?.get('ids') as string[] | undefined) ?? []);
}
