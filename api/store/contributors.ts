import type { Role } from '../core/roles.js';
import { actorGuard, createGuarded, guardParams, type Guard } from './actor-guard.js';
import type { GraphStore } from './graph-store.js';
import { isConstraintViolation } from './idempotency.js';
import { field, nodeImporter } from './properties.js';
import type { Transaction } from './transaction.js';

export interface NewContributor {
  id: string;
  handle: string;
  roles: readonly Role[];
  /** The SHA-256 of the new API key: the key itself is never stored. */
  apiKeyHash: string;
}

/** The Contributor node's properties: what createContributor and importContributors both write. */
export function contributorProperties(row: string, computed: { roles: string; createdAt: string }): string {
  return `{id: ${field(row, 'id')}, handle: ${field(row, 'handle')}, roles: ${computed.roles}, apiKeyHash: ${field(row, 'apiKeyHash')}, createdAt: ${computed.createdAt}}`;
}

/**
 * Creates the contributor behind the guard. `refused`: the guard kept no row, nothing was written; `handle-taken`:
 * the handle's unique constraint refused it (the transaction is then failed: the caller must end it by throwing).
 */
export async function createContributor(tx: Transaction, guard: Guard, contributor: NewContributor): Promise<'created' | 'refused' | 'handle-taken'> {
  try {
    const created = await createGuarded(
      tx,
      guard,
      `CREATE (c:Contributor ${contributorProperties('$', { roles: '$contributorRoles', createdAt: 'datetime.statement()' })})
       RETURN c.id AS id`,
      { id: contributor.id, handle: contributor.handle, contributorRoles: contributor.roles, apiKeyHash: contributor.apiKeyHash },
    );
    return created ? 'created' : 'refused';
  } catch (error) {
    if (isConstraintViolation(error)) return 'handle-taken';
    throw error;
  }
}

/** The contributor holding an API key, by the key's hash: a seek on the unique apiKeyHash index. */
export async function contributorByApiKeyHash(graph: GraphStore, apiKeyHash: string): Promise<{ id: string; roles: unknown[] } | null> {
  const rows = await graph.read<{ id: string; roles: unknown[] | null }>(
    'MATCH (c:Contributor {apiKeyHash: $hash}) RETURN c.id AS id, c.roles AS roles',
    { hash: apiKeyHash },
  );
  const row = rows[0];
  return row ? { id: row.id, roles: row.roles ?? [] } : null;
}

/**
 * Replaces a contributor's key hash with a new one: the old key stops matching at once (keys are found by hash). Only a
 * contributor who still has a key can rotate it (a revoked contributor has none). False when no such contributor.
 */
export const rotateApiKeyCypher = `MATCH (c:Contributor {id: $contributorId})
     WHERE c.apiKeyHash IS NOT NULL
     SET c.apiKeyHash = $apiKeyHash, c.apiKeyRotatedAt = datetime.statement()
     RETURN c.id AS id`;

export async function rotateApiKey(tx: Transaction, contributorId: string, apiKeyHash: string): Promise<boolean> {
  const res = await tx.run(rotateApiKeyCypher, { contributorId, apiKeyHash });
  return res.records.length > 0;
}

/**
 * Revokes a contributor's key behind the admin guard: the hash is removed (so nothing matches it any more) and when
 * and why are kept on the node. `refused`: the guard kept no row; `not-found`: no such contributor.
 */
export const revokeApiKeyCypher = `${actorGuard('roles')}
     OPTIONAL MATCH (c:Contributor {id: $contributorId})
     FOREACH (_ IN CASE WHEN c IS NULL THEN [] ELSE [1] END |
       REMOVE c.apiKeyHash
       SET c.apiKeyRevokedAt = datetime.statement(), c.apiKeyRevokedReason = $reason, c.apiKeyRevokedBy = coalesce(actor.id, 'admin-key'))
     RETURN c IS NOT NULL AS found`;

export async function revokeApiKey(tx: Transaction, guard: Guard, revocation: { contributorId: string; reason: string }): Promise<'revoked' | 'refused' | 'not-found'> {
  const res = await tx.run(revokeApiKeyCypher, { ...guardParams(guard), ...revocation });
  const row = res.records[0];
  if (!row) return 'refused';
  return row.get('found') ? 'revoked' : 'not-found';
}

/** A contributor as a seed imports it: every property given, the timestamp as ISO-8601. */
export interface ContributorImport extends NewContributor {
  createdAt: string;
}

const contributorImporter = nodeImporter<ContributorImport>('Contributor', 'c', contributorProperties('row', { roles: 'row.roles', createdAt: 'datetime(row.createdAt)' }));
export const importContributorsCypher = contributorImporter.cypher;
export const importContributors = contributorImporter.run;
