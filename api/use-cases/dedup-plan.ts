import { BandIndex } from '../dedup/band-index.js';
import { bestNearDuplicate, type Fingerprint } from '../dedup/fingerprint.js';
import type { ClusterFingerprint, RecordWithHash } from '../store/records.js';
import { clusterIdFor } from './ids.js';

/**
 * Pure part of dedup at ingest: given a batch (in order) and what the graph already holds, decides each record's
 * ContentCluster and whether it duplicates something. Rules, in order:
 *
 * 1. EXACT: the same contentHash as a stored record → that record's cluster (similarity 1). The record named is the
 *    cluster's owner when it has this hash, else the earliest such record.
 * 2. EXACT within the batch: the same contentHash as an earlier record of the batch → its cluster.
 * 3. NEAR: an LSH candidate cluster (stored, or started earlier in this batch) whose representative shingles have
 *    exact Jaccard ≥ 0.8 → the best one (highest Jaccard, ties to the smallest id). The record named is the
 *    cluster's representative: the text its fingerprint was taken from, so `similarity` is the Jaccard with that record.
 * 4. Otherwise the record starts a new cluster (id from its hash, fingerprint = its own).
 */

export interface IncomingRecord {
  index: number;
  recordId: string;
  contentHash: string;
  print: Fingerprint;
}

/** A stored record with a given contentHash (rule 1). */
export type StoredExact = RecordWithHash;

/** A stored cluster proposed by a shared LSH band (rule 3). */
export type StoredCluster = ClusterFingerprint;

export type DuplicateKind = 'EXACT' | 'NEAR';

export interface Duplicate {
  index: number;
  recordId: string;
  duplicateOf: string;
  kind: DuplicateKind;
  similarity: number;
}

export interface NewCluster {
  id: string;
  contentHash: string;
  print: Fingerprint;
}

export interface Assignment {
  index: number;
  recordId: string;
  clusterId: string;
  duplicate: Duplicate | null;
  newCluster: NewCluster | null;
}

const NO_IDS: readonly string[] = [];

export function planClusters(
  batch: readonly IncomingRecord[],
  storedExact: ReadonlyMap<string, StoredExact>,
  storedClustersByBand: ReadonlyMap<number, readonly string[]>,
  storedClusters: ReadonlyMap<string, StoredCluster>,
): Assignment[] {
  const clusters = new Map(storedClusters);
  // The clusters started earlier in this batch, by band hash (their position in `started`): a typed-array table, as a
  // batch of 500 puts ~16,000 hashes in it and a map of arrays cost more than the rest of the plan together.
  const startedByBand = new BandIndex();
  const started: StoredCluster[] = [];
  const firstOfHash = new Map<string, Assignment>();
  const assignments: Assignment[] = [];

  for (const record of batch) {
    const base = { index: record.index, recordId: record.recordId };
    let assignment: Assignment;
    const exact = storedExact.get(record.contentHash);
    const earlier = firstOfHash.get(record.contentHash);
    if (exact) {
      assignment = { ...base, clusterId: exact.clusterId, newCluster: null, duplicate: { ...base, duplicateOf: exact.recordId, kind: 'EXACT', similarity: 1 } };
    } else if (earlier) {
      assignment = { ...base, clusterId: earlier.clusterId, newCluster: null, duplicate: { ...base, duplicateOf: earlier.recordId, kind: 'EXACT', similarity: 1 } };
    } else {
      const candidates = new Set<StoredCluster>();
      for (const hash of record.print.bandHashes) {
        for (const id of storedClustersByBand.get(hash) ?? NO_IDS) {
          const stored = clusters.get(id);
          if (stored) candidates.add(stored);
        }
        for (const position of startedByBand.clustersOf(hash)) candidates.add(started[position]!);
      }
      const near = candidates.size > 0 ? bestNearDuplicate(record.print, [...candidates]) : undefined;
      if (near) {
        assignment = {
          ...base,
          clusterId: near.candidate.id,
          newCluster: null,
          duplicate: { ...base, duplicateOf: near.candidate.representativeRecordId, kind: 'NEAR', similarity: near.jaccard },
        };
      } else {
        const cluster: NewCluster = { id: clusterIdFor(record.contentHash), contentHash: record.contentHash, print: record.print };
        const fingerprint = { id: cluster.id, shingles: record.print.shingles, representativeRecordId: record.recordId };
        clusters.set(cluster.id, fingerprint);
        startedByBand.add(started.length, record.print.bandHashes);
        started.push(fingerprint);
        assignment = { ...base, clusterId: cluster.id, newCluster: cluster, duplicate: null };
      }
    }
    if (!firstOfHash.has(record.contentHash)) firstOfHash.set(record.contentHash, assignment);
    assignments.push(assignment);
  }
  return assignments;
}

/**
 * The first accepted record of a cluster owns it: per cluster, the first of these records (in the order given, which
 * is the order they were accepted in). The store keeps an owner a cluster already has (`claimClusterOwners`).
 */
export function firstAcceptedOwners(accepted: ReadonlyArray<{ recordId: string; clusterId: string | null }>): Array<{ clusterId: string; recordId: string }> {
  const owners = new Map<string, string>();
  for (const { recordId, clusterId } of accepted) if (clusterId !== null && !owners.has(clusterId)) owners.set(clusterId, recordId);
  return [...owners].map(([clusterId, recordId]) => ({ clusterId, recordId }));
}
