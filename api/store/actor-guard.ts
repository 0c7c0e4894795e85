import type { Role } from '../core/roles.js';
import type { Transaction } from './transaction.js';
import { toNumber } from './values.js';

/**
 * Who performs a write, as the write's Cypher sees it. Roles are re-checked on the caller's Contributor node inside
 * the write itself (a key whose roles were revoked a moment ago cannot slip through), so only the id travels.
 */
export interface Actor {
  /** The caller's Contributor node; null for the STRATA_ADMIN_KEY, an admin with no identity in the graph. */
  contributorId: string | null;
  /** True only for the STRATA_ADMIN_KEY: it has no node whose roles a write could re-check. */
  envAdmin: boolean;
}

/** A write's caller and the roles that allow it: what the guard fragment re-checks inside the write. */
export interface Guard {
  actor: Actor;
  roles: readonly Role[];
}

export function actorParams(actor: Actor): { actorId: string | null; envAdmin: boolean } {
  return { actorId: actor.contributorId, envAdmin: actor.envAdmin };
}

/** What a guarded write's Cypher re-checks: the caller (`$actorId`, `$envAdmin`) and the roles that allow it (`$roles`). */
export function guardParams(guard: Guard): { actorId: string | null; envAdmin: boolean; roles: readonly Role[] } {
  return { ...actorParams(guard.actor), roles: guard.roles };
}

/**
 * Cypher: binds `actor` (null when the caller has no node) and keeps the row only when the caller holds one of the
 * roles in `$<rolesParam>` (or is the STRATA_ADMIN_KEY). Put it first in a write, so a denied write writes nothing.
 */
export function actorGuard(rolesParam: string): string {
  return `OPTIONAL MATCH (actor:Contributor {id: $actorId})
     WITH actor WHERE $envAdmin OR (actor IS NOT NULL AND any(role IN coalesce(actor.roles, []) WHERE role IN $${rolesParam}))`;
}

/**
 * Runs `create` (Cypher that may use `actor`, ending in a RETURN) behind the guard: true when it returned a row,
 * false when the guard refused and nothing was written. For the single-node creates (contributor, datanet, base model).
 */
export async function createGuarded(tx: Transaction, guard: Guard, create: string, params: Record<string, unknown>): Promise<boolean> {
  const res = await tx.run(`${actorGuard('roles')}\n     ${create}`, { ...guardParams(guard), ...params });
  return res.records.length > 0;
}


/**
 * Runs a guarded write (Cypher that starts with the caller's role check and ends in `RETURN count(…) AS <counted>`)
 * and says how many things it wrote: fewer than asked means the guard or a missing node refused, and the use-case
 * explains why.
 */
export async function countGuarded(tx: Transaction, guard: Guard, cypher: string, params: Record<string, unknown>, counted: string): Promise<number> {
  const res = await tx.run(cypher, { ...guardParams(guard), ...params });
  return toNumber(res.records[0]?.get(counted) ?? 0);
}
