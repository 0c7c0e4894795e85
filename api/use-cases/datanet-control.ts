import { forbidden, strataError } from '../core/errors.js';
import { encodeGlobalId } from '../core/global-id.js';
import { rolesFor } from '../core/roles.js';
import { datanetControl } from '../store/datanets.js';
import type { Transaction } from '../store/transaction.js';
import { holdsRole, type Actor } from './actor.js';

/** Who may run a datanet: its owner, and admins. */
export const DATANET_ADMIN_ROLES = rolesFor('ADMIN');

/**
 * Locks the datanet and says why the caller may not run it (unknown datanet, not its owner); the guard in the write
 * that follows is the authoritative check.
 */
export async function refuseUnlessRunsDatanet(tx: Transaction, actor: Actor, datanetId: string): Promise<void> {
  const control = await datanetControl(tx, datanetId, actor.contributorId);
  const gid = encodeGlobalId('Datanet', datanetId);
  if (!control) throw strataError('NOT_FOUND', `No datanet ${gid}.`, { field: 'datanetId' });
  const owns = actor.contributorId !== null && control.ownerId === actor.contributorId;
  if (!owns && !holdsRole(actor, control.callerRoles, DATANET_ADMIN_ROLES)) {
    throw forbidden(`Only the owner of ${gid} (or an admin) may change its admission or appoint its validators.`);
  }
}
