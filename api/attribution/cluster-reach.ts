import type { ClusterReach, ReachPath } from './owen-split.js';

/** A record of a content cluster, as the engine reads it for one model. */
export interface ClusterMember {
  recordId: string;
  /** When the record was accepted (epoch ms or any increasing sequence); ties are broken by recordId. */
  acceptedAt: number;
  /** (adapter, datanet) pairs of the model through which this record is eligible; empty if it is not eligible. */
  paths: ReachPath[];
}

/**
 * The reach of a cluster for one model: the paths of its representative record, the earliest accepted member that the
 * model can see (normally the owner record itself).
 *
 * Why not the union over all members: the nested split gives every path a seat at its datanet's table. If copies
 * added paths, a contributor could copy their own record into a competitor's datanet (or a second adapter's) and take
 * part of that competitor's credit, and anyone could dilute a datanet with copies of other people's records. With one
 * representative, a copy accepted later changes nothing while an earlier member is visible; it matters only when it is
 * the one way the model saw the content, and then the credit still goes to the owner.
 */
export function clusterReachFromMembers(cluster: {
  clusterId: string;
  ownerRecordId: string;
  ownerContributorId: string;
  members: readonly ClusterMember[];
}): ClusterReach {
  let representative: ClusterMember | undefined;
  for (const member of cluster.members) {
    if (member.paths.length === 0) continue;
    if (
      representative === undefined ||
      member.acceptedAt < representative.acceptedAt ||
      (member.acceptedAt === representative.acceptedAt && member.recordId < representative.recordId)
    ) {
      representative = member;
    }
  }
  return {
    clusterId: cluster.clusterId,
    ownerRecordId: cluster.ownerRecordId,
    ownerContributorId: cluster.ownerContributorId,
    paths: representative === undefined ? [] : representative.paths.map((p) => ({ ...p })),
  };
}
