import { z } from 'zod';
import { forbidden, notFound } from '../core/errors.js';
import { rolesFor } from '../core/roles.js';
import * as contributors from '../store/contributors.js';
import type { GraphStore } from '../store/graph-store.js';
import type { Actor } from './actor.js';
import { runInputWrite } from './idempotency.js';
import { globalIdOf, idempotencyKeyField, lineField } from './validation.js';

/**
 * An admin revokes a contributor's API key, saying why: from the commit on, the key is HTTP 401 UNAUTHENTICATED on
 * every call. The contributor, their records and their rewards stay; an admin issues a new key by creating a new
 * contributor (there is no self-service re-issue for a revoked key).
 */
export const revokeApiKeyInput = z.object({
  contributorId: globalIdOf('Contributor'),
  reason: lineField(500),
  idempotencyKey: idempotencyKeyField,
});
export type RevokeApiKeyInput = z.output<typeof revokeApiKeyInput>;

export async function revokeApiKey(graph: GraphStore, actor: Actor, input: RevokeApiKeyInput): Promise<{ contributorId: string }> {
  return runInputWrite(graph, 'revokeApiKey', actor, input, async (tx, { contributorId, reason }) => {
    const outcome = await contributors.revokeApiKey(tx, { actor, roles: rolesFor('ADMIN') }, { contributorId, reason });
    if (outcome === 'refused') throw forbidden('Only admins may revoke API keys.');
    if (outcome === 'not-found') throw notFound(`No contributor Contributor:${contributorId}.`);
    return { contributorId };
  });
}
