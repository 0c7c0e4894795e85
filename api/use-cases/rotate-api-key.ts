import { z } from 'zod';
import { hashApiKey, newApiKey } from '../auth/api-key.js';
import { forbidden, unauthenticated } from '../core/errors.js';
import * as contributors from '../store/contributors.js';
import type { GraphStore } from '../store/graph-store.js';
import type { Actor } from './actor.js';
import { runWrite } from './idempotency.js';
import { idempotencyKeyField } from './validation.js';

/**
 * A contributor replaces their own API key: the new key is returned once, and the key the call was made with stops
 * working when the transaction commits (keys are looked up by hash on every request; nothing caches them). The
 * STRATA_ADMIN_KEY is not a stored key: it is changed where it is set, in the server's environment.
 */
export const rotateApiKeyInput = z.object({ idempotencyKey: idempotencyKeyField });
export type RotateApiKeyInput = z.output<typeof rotateApiKeyInput>;

export interface RotateApiKeyResult {
  /** The new key, shown once; null when this answer replays an earlier call with the same idempotencyKey. */
  apiKey: string | null;
}

export async function rotateApiKey(graph: GraphStore, actor: Actor, input: RotateApiKeyInput): Promise<RotateApiKeyResult> {
  const contributorId = actor.contributorId;
  if (contributorId === null) throw forbidden('The STRATA_ADMIN_KEY is not a stored key: change it in the server\'s environment.');
  return runWrite<RotateApiKeyResult>(graph, {
    mutation: 'rotateApiKey',
    actor,
    idempotencyKey: input.idempotencyKey,
    input: {},
    // Keys are stored only as hashes, so a replay cannot show the key again.
    replay: () => ({ apiKey: null }),
    work: async (tx) => {
      const apiKey = newApiKey();
      // Revoked between authenticating this request and now: there is no key left to rotate.
      if (!(await contributors.rotateApiKey(tx, contributorId, hashApiKey(apiKey)))) throw unauthenticated('This API key is not valid.');
      return { apiKey };
    },
  });
}
