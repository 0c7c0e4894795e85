import { contributorByApiKeyHash } from '../store/contributors.js';
import type { GraphStore } from '../store/graph-store.js';
import { ANONYMOUS, isRole, type Viewer } from '../core/roles.js';
import { unauthenticated } from '../core/errors.js';
import { hashApiKey, sameKey } from './api-key.js';

/**
 * Resolves `Authorization: Bearer <key>` to a viewer. No header → anonymous (may read). A key that matches
 * nothing is an error, not anonymous: a client with a typo should hear about it.
 */
export async function viewerFromAuthorization(header: string | undefined, graph: GraphStore, adminKey: string | undefined): Promise<Viewer> {
  if (!header) return ANONYMOUS;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw unauthenticated('The Authorization header must be "Bearer <key>".');
  const key = match[1]!;
  if (adminKey && sameKey(key, adminKey)) return { contributorId: null, roles: new Set(['ADMIN']) };
  // The lookup is by hash through a unique index, so timing reveals nothing about stored keys.
  const holder = await contributorByApiKeyHash(graph, hashApiKey(key));
  if (!holder) throw unauthenticated('This API key is not valid.');
  return { contributorId: holder.id, roles: new Set(holder.roles.filter(isRole)) };
}
