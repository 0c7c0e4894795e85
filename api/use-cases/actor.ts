import type { Role, Viewer } from '../core/roles.js';

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

export function actorOf(viewer: Viewer): Actor {
  return { contributorId: viewer.contributorId, envAdmin: viewer.contributorId === null && viewer.roles.has('ADMIN') };
}

/** Label used in idempotency scopes and messages. */
export function actorLabel(actor: Actor): string {
  return actor.contributorId ?? 'admin-key';
}

export function actorParams(actor: Actor): { actorId: string | null; envAdmin: boolean } {
  return { actorId: actor.contributorId, envAdmin: actor.envAdmin };
}


/**
 * Cypher: binds `actor` (null when the caller has no node) and keeps the row only when the caller holds one of the
 * roles in `$<rolesParam>` (or is the STRATA_ADMIN_KEY). Put it first in a write, so a denied write writes nothing.
 */
export function actorGuard(rolesParam: string): string {
  return `OPTIONAL MATCH (actor:Contributor {id: $actorId})
     WITH actor WHERE $envAdmin OR (actor IS NOT NULL AND any(role IN coalesce(actor.roles, []) WHERE role IN $${rolesParam}))`;
}

/** The same test in JavaScript, on roles read inside the transaction (to say why a guarded write wrote nothing). */
export function holdsRole(actor: Actor, storedRoles: unknown, allowed: readonly Role[]): boolean {
  if (actor.envAdmin) return true;
  return Array.isArray(storedRoles) && storedRoles.some((r) => (allowed as readonly unknown[]).includes(r));
}
