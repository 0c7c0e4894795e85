import type { Role, Viewer } from '../core/roles.js';
import type { Actor } from '../store/actor-guard.js';

export type { Actor };

export function actorOf(viewer: Viewer): Actor {
  return { contributorId: viewer.contributorId, envAdmin: viewer.contributorId === null && viewer.roles.has('ADMIN') };
}

/** Label used in idempotency scopes and messages. */
export function actorLabel(actor: Actor): string {
  return actor.contributorId ?? 'admin-key';
}

/**
 * The store's actor guard (api/store/actor-guard.ts) in JavaScript, on roles read inside the transaction: to say why
 * a guarded write would write nothing.
 */
export function holdsRole(actor: Actor, storedRoles: unknown, allowed: readonly Role[]): boolean {
  if (actor.envAdmin) return true;
  return Array.isArray(storedRoles) && storedRoles.some((r) => (allowed as readonly unknown[]).includes(r));
}
