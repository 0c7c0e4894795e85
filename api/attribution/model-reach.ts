import { clusterReachFromMembers, type ClusterMember } from './cluster-reach.js';
import type { ClusterReach, ReachPath } from './owen-split.js';

/** What the engine keeps per accepted record to decide eligibility and credit without asking Neo4j. */
export interface AcceptedRecordMeta {
  recordId: string;
  clusterId: string;
  datanetId: string;
  contributorId: string;
  acceptedAtMs: number;
}

/** One adapter of a model and a datanet it was trained on, frozen at the snapshot. */
export interface ModelTraining {
  adapterId: string;
  datanetId: string;
  snapshotAtMs: number;
  /**
   * When set, the path reaches only these records of the datanet (an agent's retrieval step: the records it fetched,
   * not everything it could have fetched; api/attribution/agent-run.ts).
   */
  recordIds?: ReadonlySet<string>;
}

/**
 * A trace without a model is against every accepted record; credit then flows through this one pseudo-adapter,
 * which is left out of the adapter shares.
 */
export const WHOLE_CORPUS_ADAPTER = '(whole-corpus)';

/** Paths (adapter, datanet) through which a model may have learned a record: accepted before that snapshot. */
export function recordPaths(record: AcceptedRecordMeta, training: readonly ModelTraining[] | null): ReachPath[] {
  if (training === null) return [{ adapterId: WHOLE_CORPUS_ADAPTER, datanetId: record.datanetId }];
  const paths: ReachPath[] = [];
  for (const t of training) {
    if (t.datanetId === record.datanetId && record.acceptedAtMs <= t.snapshotAtMs && (!t.recordIds || t.recordIds.has(record.recordId))) paths.push({ adapterId: t.adapterId, datanetId: t.datanetId });
  }
  return paths;
}

/**
 * Reach of the given clusters for a model (null = the whole corpus). The owner of a cluster is its first accepted
 * record (ties by id), as docs/architecture.md#attribution says; copies add no reach (see cluster-reach.ts).
 */
export function clusterReachFor(
  clusterIds: Iterable<string>,
  membersOf: (clusterId: string) => readonly AcceptedRecordMeta[],
  training: readonly ModelTraining[] | null,
): Map<string, ClusterReach> {
  const reach = new Map<string, ClusterReach>();
  for (const clusterId of clusterIds) {
    const members = membersOf(clusterId);
    let owner: AcceptedRecordMeta | undefined;
    for (const m of members) {
      if (!owner || m.acceptedAtMs < owner.acceptedAtMs || (m.acceptedAtMs === owner.acceptedAtMs && m.recordId < owner.recordId)) owner = m;
    }
    if (!owner) continue;
    const withPaths: ClusterMember[] = members.map((m) => ({ recordId: m.recordId, acceptedAt: m.acceptedAtMs, paths: recordPaths(m, training) }));
    reach.set(clusterId, clusterReachFromMembers({ clusterId, ownerRecordId: owner.recordId, ownerContributorId: owner.contributorId, members: withPaths }));
  }
  return reach;
}
