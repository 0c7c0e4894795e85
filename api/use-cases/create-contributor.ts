import { z } from 'zod';
import { hashApiKey, newApiKey } from '../auth/api-key.js';
import { forbidden, strataError } from '../core/errors.js';
import { ROLES, rolesFor } from '../core/roles.js';
import * as contributors from '../store/contributors.js';
import type { GraphStore } from '../store/graph-store.js';
import type { Actor } from './actor.js';
import { runWrite } from './idempotency.js';
import { newLocalId } from './ids.js';
import { distinctList, idempotencyKeyField, lineField } from './validation.js';

/**
 * Who may create contributors: admins only (the STRATA_ADMIN_KEY or a contributor with the ADMIN role). There is no
 * self-signup: a key is a credential that earns rewards and, for validators, decides what others earn. An admin may
 * grant any role, ADMIN included (an admin could do everything that role allows anyway). Without `roles` the new
 * contributor gets CONTRIBUTOR.
 */
export const createContributorInput = z.object({
  handle: lineField(39, {
    regex: /^[a-z0-9][a-z0-9_-]*$/,
    description: 'must be lowercase letters, digits, "-" or "_", starting with a letter or digit (at most 39)',
  }),
  roles: distinctList(z.enum(ROLES), { min: 1, max: ROLES.length, what: 'roles' }).nullish().transform((r) => r ?? ['CONTRIBUTOR' as const]),
  idempotencyKey: idempotencyKeyField,
});
export type CreateContributorInput = z.output<typeof createContributorInput>;

export interface CreateContributorResult {
  contributorId: string;
  /** The new key, shown once. Null when this answer replays an earlier call with the same idempotencyKey. */
  apiKey: string | null;
}

export async function createContributor(graph: GraphStore, actor: Actor, input: CreateContributorInput): Promise<CreateContributorResult> {
  return runWrite(graph, {
    mutation: 'createContributor',
    actor,
    idempotencyKey: input.idempotencyKey,
    input: { handle: input.handle, roles: [...input.roles].sort() },
    // Keys are stored only as hashes, so a replay cannot show the key again.
    replay: (result) => ({ ...result, apiKey: null }),
    work: async (tx) => {
      const id = newLocalId('ctb');
      const apiKey = newApiKey();
      const outcome = await contributors.createContributor(tx, { actor, roles: rolesFor('ADMIN') }, { id, handle: input.handle, roles: input.roles, apiKeyHash: hashApiKey(apiKey) });
      if (outcome === 'refused') throw forbidden('Only admins may create contributors.');
      if (outcome === 'handle-taken') throw strataError('CONFLICT', `The handle "${input.handle}" is taken.`, { field: 'handle' });
      return { contributorId: id, apiKey };
    },
  });
}
