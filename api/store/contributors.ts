import type { Role } from '../core/roles.js';
import { createGuarded, type Guard } from './actor-guard.js';
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

/** A contributor as a seed imports it: every property given, the timestamp as ISO-8601. */
export interface ContributorImport extends NewContributor {
  createdAt: string;
}

const contributorImporter = nodeImporter<ContributorImport>('Contributor', 'c', contributorProperties('row', { roles: 'row.roles', createdAt: 'datetime(row.createdAt)' }));
export const importContributorsCypher = contributorImporter.cypher;
export const importContributors = contributorImporter.run;
