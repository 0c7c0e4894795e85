import type { ManagedTransaction } from 'neo4j-driver';
import { z } from 'zod';
import { FINGERPRINT_VERSION, fingerprint } from '../dedup/fingerprint.js';
import type { GraphStore } from '../store/graph-store.js';
import { toNumber } from '../store/values.js';
import { forbidden } from '../core/errors.js';
import { encodeGlobalId } from '../core/global-id.js';
import { contentHash } from '../core/normalize.js';
import { actorParams, holdsRole, type Actor } from './actor.js';
import { rolesFor } from '../core/roles.js';
import { planClusters, type Duplicate, type IncomingRecord, type StoredCluster, type StoredExact } from './dedup-plan.js';
import { runWrite } from './idempotency.js';
import { newLocalId } from './ids.js';
import { dropUnusedBands, lockBands, lockNodes } from '../store/records.js';
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
}

interface PreparedRecord extends Omit<IncomingRecord, 'recordId'> {
  text: string;
  license: string;
}

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
  // Fingerprints are pure CPU work: compute them before the transaction opens.
  const prepared: PreparedRecord[] = input.records.map((r, index) => ({
    index,
    text: r.text,
    license: r.license,
    contentHash: contentHash(r.text),
    print: fingerprint(r.text),
  }));
  return runWrite(graph, {
    mutation: 'submitRecords',
    actor,
    idempotencyKey: input.idempotencyKey,
    input: { datanetId: input.datanetId, records: input.records },
    work: (tx) => submitRecordsInTransaction(tx, actor, input.datanetId, prepared),
  });
}

const SUBMIT_ROLES = rolesFor('CONTRIBUTOR');

async function submitRecordsInTransaction(tx: ManagedTransaction, actor: Actor, datanetId: string, prepared: PreparedRecord[]): Promise<SubmitRecordsResult> {
  const params = { ...actorParams(actor), datanetId, roles: SUBMIT_ROLES };

  // 1. Friendly early answers (unknown datanet, missing role); the authoritative check is in the CREATE below.
  const head = (
    await tx.run(
      `OPTIONAL MATCH (d:Datanet {id: $datanetId}) OPTIONAL MATCH (actor:Contributor {id: $actorId})
       RETURN d.admission AS admission, actor.roles AS roles`,
      params,
    )
  ).records[0];
  const admission = head?.get('admission') as string | null;
  if (!admission) throw fieldError(['datanetId'], `names no datanet (${encodeGlobalId('Datanet', datanetId)})`);
  if (!holdsRole(actor, head?.get('roles'), SUBMIT_ROLES)) throw forbidden('Only contributors may submit records.');

  // 2. Locks: the datanet (so an adapter's snapshot and these acceptances are ordered), then every band key of the
  //    batch (so concurrent near-duplicates serialise and the later one finds the earlier one's cluster).
  await lockNodes(tx, 'Datanet', [datanetId]);
  const bandKeys = [...new Set(prepared.flatMap((r) => r.print.bandKeys))];
  await lockBands(tx, bandKeys);

  // 3. What the graph already holds: records with the same hashes, clusters sharing a band.
  const hashes = [...new Set(prepared.map((r) => r.contentHash))];
  const exactRows = await tx.run(
    `UNWIND $hashes AS h
     MATCH (r:Record {contentHash: h})
     OPTIONAL MATCH (c:ContentCluster {id: r.clusterId})
     WITH h, r, CASE WHEN c.ownerRecordId = r.id THEN 0 ELSE 1 END AS rank
     ORDER BY rank, r.submittedAt, r.id
     WITH h, collect(r)[0] AS best
     RETURN h AS hash, best.id AS recordId, best.clusterId AS clusterId`,
    { hashes },
  );
  const storedExact = new Map<string, StoredExact>(
    exactRows.records.map((row) => [row.get('hash') as string, { recordId: row.get('recordId') as string, clusterId: row.get('clusterId') as string }]),
  );
  const bandRows = await tx.run(
    `UNWIND $keys AS key
     MATCH (:LshBand {key: key})<-[:HAS_BAND]-(c:ContentCluster)
     RETURN key, collect(c.id) AS clusterIds`,
    { keys: bandKeys },
  );
  const clustersByBand = new Map<string, string[]>(bandRows.records.map((row) => [row.get('key') as string, row.get('clusterIds') as string[]]));
  const candidateIds = [...new Set([...clustersByBand.values()].flat())];
  const clusterRows = await tx.run(
    `UNWIND $ids AS id
     MATCH (c:ContentCluster {id: id})
     OPTIONAL MATCH (r:Record)-[:MEMBER_OF]->(c)
     WITH c, r, CASE WHEN r.contentHash = c.contentHash THEN 0 ELSE 1 END AS rank
     ORDER BY rank, r.submittedAt, r.id
     WITH c, collect(r.id) AS members
     RETURN c.id AS id, c.shingles AS shingles, coalesce(members[0], c.ownerRecordId) AS representative`,
    { ids: candidateIds },
  );
  const storedClusters = new Map<string, StoredCluster>(
    clusterRows.records
      .filter((row) => row.get('representative') != null)
      .map((row) => [
        row.get('id') as string,
        { id: row.get('id') as string, shingles: (row.get('shingles') as unknown[]).map((n) => toNumber(n)), representativeRecordId: row.get('representative') as string },
      ]),
  );

  // 4. Decide clusters and duplicates (pure).
  const incoming = prepared.map((r) => ({ ...r, recordId: newLocalId('rec') }));
  const assignments = planClusters(incoming, storedExact, clustersByBand, storedClusters);

  // 5. Write: new clusters with their bands, then the records (guarded: the caller must still hold the role and the
  //    datanet must exist, or nothing is created and the transaction rolls back), then cluster owners.
  const newClusters = assignments.flatMap((a) => (a.newCluster ? [a.newCluster] : []));
  await tx.run(
    `UNWIND $clusters AS row
     CREATE (c:ContentCluster {id: row.id, contentHash: row.contentHash, shingles: row.shingles, signature: row.signature, fingerprintVersion: $fingerprintVersion})
     WITH c, row UNWIND row.bandKeys AS key
     MATCH (b:LshBand {key: key})
     CREATE (c)-[:HAS_BAND]->(b)`,
    {
      clusters: newClusters.map((c) => ({ id: c.id, contentHash: c.contentHash, shingles: c.print.shingles, signature: c.print.signature, bandKeys: c.print.bandKeys })),
      fingerprintVersion: FINGERPRINT_VERSION,
    },
  );
  const status = admission === 'OPEN' ? 'ACCEPTED' : 'PENDING';
  // Accepting into existing clusters: lock them before acceptedAt is taken (as reviewRecords does), so the first
  // accepted record of a cluster is also the one that owns it.
  if (status === 'ACCEPTED') await lockNodes(tx, 'ContentCluster', assignments.filter((a) => !a.newCluster).map((a) => a.clusterId));
  const created = await tx.run(
    `MATCH (actor:Contributor {id: $actorId}) WHERE any(role IN coalesce(actor.roles, []) WHERE role IN $roles)
     MATCH (d:Datanet {id: $datanetId})
     WITH actor, d, datetime.statement() AS now
     UNWIND $rows AS row
     MATCH (cl:ContentCluster {id: row.clusterId})
     CREATE (r:Record {id: row.id, contentHash: row.contentHash, text: row.text, license: row.license, status: $status,
       submittedAt: now, acceptedAt: CASE WHEN $status = 'ACCEPTED' THEN now END,
       datanetId: d.id, contributorId: actor.id, clusterId: cl.id})
     CREATE (actor)-[:CONTRIBUTED]->(r), (r)-[:IN]->(d), (r)-[:MEMBER_OF]->(cl)
     RETURN count(r) AS created`,
    {
      ...params,
      status,
      rows: assignments.map((a) => {
        const r = prepared[a.index]!;
        return { id: a.recordId, clusterId: a.clusterId, contentHash: r.contentHash, text: r.text, license: r.license };
      }),
    },
  );
  if (Number(created.records[0]?.get('created') ?? 0) !== prepared.length) {
    throw forbidden('Only contributors may submit records (the key\'s roles changed during the request); nothing was written.');
  }
  if (status === 'ACCEPTED') {
    // First accepted owns: per cluster, the first record of the batch, unless the cluster already has an owner.
    // The SET reads the property it writes, so Neo4j locks the cluster before reading: no lost update.
    const owners = new Map<string, string>();
    for (const a of assignments) if (!owners.has(a.clusterId)) owners.set(a.clusterId, a.recordId);
    await tx.run(
      `UNWIND $owners AS o MATCH (cl:ContentCluster {id: o.clusterId})
       SET cl.ownerRecordId = coalesce(cl.ownerRecordId, o.recordId)`,
      { owners: [...owners].map(([clusterId, recordId]) => ({ clusterId, recordId })) },
    );
  }
  // Band nodes locked above that no cluster uses (bands only of records that joined an existing cluster): remove them.
  const usedBands = new Set([...clustersByBand.keys(), ...newClusters.flatMap((c) => c.print.bandKeys)]);
  await dropUnusedBands(tx, bandKeys.filter((key) => !usedBands.has(key)));

  return { recordIds: assignments.map((a) => a.recordId), duplicates: assignments.flatMap((a) => (a.duplicate ? [a.duplicate] : [])) };
}
