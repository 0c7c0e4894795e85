import { z } from 'zod';
import { FINGERPRINT_VERSION } from '../dedup/fingerprint.js';
import { FingerprintBatch } from '../fingerprint-pool/fingerprint-batch.js';
import { bandKeys } from '../dedup/lsh.js';
import { forbidden } from '../core/errors.js';
import { encodeGlobalId } from '../core/global-id.js';
import { contentHash } from '../core/normalize.js';
import { rolesFor } from '../core/roles.js';
import type { GraphStore } from '../store/graph-store.js';
import type { RecordShape } from '../store/shapes.js';
import * as records from '../store/records.js';
import type { Transaction } from '../store/transaction.js';
import { holdsRole, type Actor } from './actor.js';
import { addCommitted, clustersByBandHash, currentBandIndex, sinceLastSeen } from './band-indexes.js';
import { firstAcceptedOwners, planClusters, type Duplicate, type IncomingRecord } from './dedup-plan.js';
import { runInputWrite } from './idempotency.js';
import { newLocalId } from './ids.js';
import { fieldError, globalIdOf, idempotencyKeyField, lineField, textField } from './validation.js';

/** At most this many records per submitRecords call (one transaction). */
export const MAX_RECORDS_PER_BATCH = 1000;

export const submitRecordsInput = z.object({
  datanetId: globalIdOf('Datanet'),
  records: z
    .array(z.object({ text: textField(), license: lineField(200) }))
    .min(1, 'needs at least one record')
    .max(MAX_RECORDS_PER_BATCH, `takes at most ${MAX_RECORDS_PER_BATCH} records per call; split the batch`),
  idempotencyKey: idempotencyKeyField,
});
export type SubmitRecordsInput = z.output<typeof submitRecordsInput>;

export interface SubmitRecordsResult {
  /** Local ids of the created records, in input order. */
  recordIds: string[];
  /** The submitted records that duplicate a stored record or an earlier record of the same batch. */
  duplicates: Duplicate[];
  /**
   * The records as the committed write left them, in input order, so the payload needs no read after the commit.
   * Absent on an idempotent replay (the first answer is returned, not written again), and never stored with it.
   */
  written?: RecordShape[];
}

interface PreparedRecord extends Omit<IncomingRecord, 'recordId' | 'print'> {
  text: string;
  license: string;
}

const SUBMIT_ROLES = rolesFor('CONTRIBUTOR');

/**
 * Adds a batch of records to one datanet as the caller, in one transaction: all records or none. OPEN datanets accept
 * on submit (the first accepted record of a content cluster owns it); REVIEWED datanets keep records PENDING until a
 * validator decides. Exact and near duplicates (of stored records or of earlier records in the batch) join the
 * existing cluster and are reported.
 */
export async function submitRecords(graph: GraphStore, actor: Actor, input: SubmitRecordsInput): Promise<SubmitRecordsResult> {
  if (!actor.contributorId) {
    throw forbidden('submitRecords records who contributed: call it with a contributor\'s API key (the STRATA_ADMIN_KEY has no contributor identity).');
  }
  // Fingerprints are pure CPU work (~14 ms for 500 short records), computed once per call, not per retried attempt: the
  // fingerprint thread starts on them now, and the event loop does its share while Neo4j answers the transaction's
  // first statements (submitInTransaction).
  const prints = new FingerprintBatch(input.records.map((r) => r.text));
  const prepared: PreparedRecord[] = input.records.map((r, index) => ({ index, text: r.text, license: r.license, contentHash: contentHash(r.text) }));
  // What the attempt that committed numbered and wrote (a retried transaction runs the work again: the last one counts).
  let numbered: Numbered | null = null;
  let written: RecordShape[] | undefined;
  const result = await runInputWrite(graph, 'submitRecords', actor, input, (tx, { datanetId }) =>
    submitInTransaction(graph, tx, actor, datanetId, prepared, prints, (n, rows) => {
      numbered = n;
      written = rows;
    }),
  );
  // Committed: this process's band index takes the new clusters' keys without reading them back, once the answer is
  // on its way. Nothing in the answer needs them, and for 450 clusters it is ~3 ms of writes scattered over a table of
  // up to 1 GiB. A transaction of this process that starts before it runs reads them from the graph instead (its
  // catch-up), and addCommitted then adds nothing.
  const committed = numbered as Numbered | null;
  if (committed) setImmediate(() => addCommitted(graph.driver, committed.epoch, committed.first, committed.clusters));
  return written ? { ...result, written } : result;
}

/** The clusters a transaction numbered on the cluster sequence, from `first`. */
interface Numbered {
  epoch: string;
  first: number;
  clusters: ReadonlyArray<{ bandHashes: readonly number[] }>;
}

async function submitInTransaction(
  graph: GraphStore,
  tx: Transaction,
  actor: Actor,
  datanetId: string,
  prepared: PreparedRecord[],
  fingerprints: FingerprintBatch,
  onWritten: (numbered: Numbered, written: RecordShape[]) => void,
): Promise<SubmitRecordsResult> {
  // What this process's band index has not seen yet, read by the locking statement (after the lock).
  const since = sinceLastSeen(graph.driver);
  // Statements that do not need each other's answers are sent together (the driver pipelines them in the transaction;
  // Neo4j runs them in order), so a batch waits for Neo4j a few times instead of once per statement.
  const first = Promise.all([
    // 1. Friendly early answers (unknown datanet, missing role); the authoritative check is in createRecordsAndClusters.
    records.submissionTarget(tx, actor, datanetId),
    // 2. Locks: the datanet (so an adapter's snapshot and these acceptances are ordered), then the cluster sequence (so
    //    writers of near-duplicates are ordered and the later one finds the earlier one's cluster;
    //    docs/architecture.md#near-duplicates-under-concurrency). Neo4j runs the reads below only after these locks are
    //    held, so they see every write committed before.
    records.lockNodes(tx, 'Datanet', [datanetId]),
    records.lockClusterSequence(tx, since),
    // 3. What the graph already holds: records with the same hashes...
    records.recordsByContentHash(tx, [...new Set(prepared.map((r) => r.contentHash))]),
  ]);
  // Awaited below; until then a failure must not count as unhandled.
  first.catch(() => {});
  // Once the driver has sent them (it does so from queued work, hence the turn of the event loop), the fingerprints
  // are computed while Neo4j takes the locks and looks the hashes up.
  await new Promise((resolve) => setImmediate(resolve));
  const prints = await fingerprints.all();
  const [target, , sequence, storedExact] = await first;
  if (!target.admission) throw fieldError(['datanetId'], `names no datanet (${encodeGlobalId('Datanet', datanetId)})`);
  if (!holdsRole(actor, target.callerRoles, SUBMIT_ROLES)) throw forbidden('Only contributors may submit records.');
  // ...and the clusters sharing a band key: this process's band index (brought up to date under the lock) names the
  // clusters that may have each key's hash; only those are read, and kept for a key only if they have its hash. On a
  // graph that still has them, the band nodes of clusters stored the old way are looked up too (by the keys' text).
  const index = await currentBandIndex(graph.driver, tx, sequence, since);
  // Only the hashes the index names a cluster for are kept: a stored cluster that holds one of the batch's hashes is
  // named for it (the index holds every committed cluster), and most of a batch's ~16,000 hashes name none.
  const named = new Set<number>();
  const seqs = new Set<number>();
  for (const print of prints) {
    for (const hash of print.bandHashes) {
      const clusters = index.clustersOf(hash);
      if (clusters.length === 0) continue;
      named.add(hash);
      for (const seq of clusters) seqs.add(seq);
    }
  }
  const legacyKeys = sequence.legacyBands ? [...new Set(prints.flatMap((p) => bandKeys(p.signature)))] : [];
  const found = await records.clustersByBand(tx, [...seqs], legacyKeys);
  const clustersByBand = clustersByBandHash(named, found);
  const storedClusters = found.fingerprints;

  // 4. Decide clusters, duplicates and the records' status (pure).
  const incoming = prepared.map((r, i) => ({ ...r, print: prints[i]!, recordId: newLocalId('rec') }));
  const assignments = planClusters(incoming, storedExact, clustersByBand, storedClusters);
  const newClusters = assignments.flatMap((a) => (a.newCluster ? [{ ...a.newCluster, firstRecordId: a.recordId }] : []));
  const status = target.admission === 'OPEN' ? 'ACCEPTED' : 'PENDING';
  // A new cluster's first record is the batch's first accepted record of it: accepted on submit, it owns the cluster
  // from its creation, so only clusters that existed before are claimed (claimClusterOwners keeps an existing owner).
  const newIds = new Set(newClusters.map((c) => c.id));
  const claims = status === 'ACCEPTED' ? firstAcceptedOwners(assignments).filter((o) => !newIds.has(o.clusterId)) : [];

  // 5. Write, in one flight: the sequence moved past the new clusters; the existing clusters accepted into locked
  //    before acceptedAt is taken (as reviewRecords does), so the first accepted record of a cluster is also the one
  //    that owns it; the new clusters with their band keys (owned by their first record when accepted) and the records,
  //    in one statement (guarded: the caller must still hold the role and the datanet must exist, or nothing is created
  //    and the transaction rolls back); owners of the clusters that existed before (within the batch, the first record
  //    of a cluster is the first accepted). The new clusters are numbered from the sequence.
  const [, , { created: count, written }] = await Promise.all([
    newClusters.length > 0 ? records.advanceClusterSequence(tx, sequence.next + newClusters.length) : undefined,
    status === 'ACCEPTED' ? records.lockNodes(tx, 'ContentCluster', assignments.filter((a) => !a.newCluster).map((a) => a.clusterId)) : undefined,
    records.createRecordsAndClusters(tx, { actor, roles: SUBMIT_ROLES }, {
      datanetId,
      status,
      records: assignments.map((a) => {
        const r = prepared[a.index]!;
        return { id: a.recordId, clusterId: a.clusterId, contentHash: r.contentHash, text: r.text, license: r.license };
      }),
      clusters: newClusters.map((c) => ({
        id: c.id,
        contentHash: c.contentHash,
        shingles: c.print.shingles,
        bandHashes: c.print.bandHashes,
        ownerRecordId: status === 'ACCEPTED' ? c.firstRecordId : null,
      })),
      fingerprintVersion: FINGERPRINT_VERSION,
      firstSeq: sequence.next,
    }),
    records.claimClusterOwners(tx, claims),
  ]);
  if (count !== prepared.length) {
    throw forbidden('Only contributors may submit records (the key\'s roles changed during the request); nothing was written.');
  }
  onWritten({ epoch: sequence.epoch, first: sequence.next, clusters: newClusters.map((c) => c.print) }, written);
  return { recordIds: assignments.map((a) => a.recordId), duplicates: assignments.flatMap((a) => (a.duplicate ? [a.duplicate] : [])) };
}
