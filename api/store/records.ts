import { actorParams, countGuarded, guardParams, type Actor, type Guard } from './actor-guard.js';
import { columnParam, columnRows, columnsOf, datetimeOf, field, type Columns, type Row } from './properties.js';
import type { RecordShape } from './shapes.js';
import type { Transaction } from './transaction.js';
import { int, plainValue, toNumber } from './values.js';

/**
 * Records and their content clusters (with their LSH band keys): the writes of submitting and reviewing records, and
 * the locks that order them.
 */

/**
 * Takes the write lock on existing nodes until the transaction ends, without changing them (a property set and removed
 * in the same statement). Reads that follow in the same transaction then see every write committed before the lock,
 * and no other writer can change the nodes until this one commits. Ids are locked in sorted order so two writers
 * locking overlapping sets cannot deadlock each other (and Neo4j's deadlock detection plus the driver's retry cover
 * what ordering cannot).
 */
export async function lockNodes(tx: Transaction, label: 'Datanet' | 'Record' | 'ContentCluster', ids: Iterable<string>): Promise<void> {
  const sorted = [...new Set(ids)].sort();
  if (sorted.length === 0) return;
  await tx.run(`UNWIND $ids AS id MATCH (n:${label} {id: id}) SET n.strataLock = true REMOVE n.strataLock`, { ids: sorted });
}

/** The one node that orders the writers of band keys and numbers the clusters they write. */
export const CLUSTER_SEQUENCE_ID = 'content-clusters';

export const lockClusterSequenceCypher = `MERGE (s:LshSequence {id: $id})
ON CREATE SET s.next = 0, s.epoch = randomUUID()
SET s.strataLock = true REMOVE s.strataLock
WITH s.next AS next, s.epoch AS epoch
CALL (next, epoch) {
  MATCH (c:ContentCluster) WHERE c.lshSeq >= $from AND c.lshSeq < $to AND c.lshSeq < next AND epoch = $epoch AND c.lshBands IS NOT NULL
  RETURN collect({seq: c.lshSeq, bands: c.lshBands}) AS fresh
}
CALL () {
  MATCH (legacy:LshBand) RETURN count(legacy) > 0 AS legacyBands
}
RETURN next, epoch, fresh, legacyBands`;

/** The cluster sequence as a writer holding its lock read it. */
export interface ClusterSequence {
  /** The `lshSeq` the next new cluster gets: every cluster numbered below it is committed. */
  next: number;
  /** Changes when the node is created again (a wiped graph). */
  epoch: string;
  /** The clusters numbered in the range asked for (below `next`), or null when none was asked or the epoch differs. */
  fresh: NumberedBands[] | null;
  /**
   * Whether the graph holds band nodes (`LshBand`) of clusters written before the band keys moved onto the cluster
   * (Neo4j's count store answers, no scan): only then are the keys' text sent to look them up.
   */
  legacyBands: boolean;
}

/**
 * Locks the cluster sequence (one `LshSequence` node, created on first use) until the transaction ends and reads it.
 * Every writer of clusters with band keys holds this lock while it looks candidates up and writes, so writers of
 * near-duplicates are ordered, and clusters are numbered in commit order: a writer that saw `next = n` has seen every
 * cluster numbered below n (docs/architecture.md#near-duplicates-under-concurrency). In the same statement (after the
 * lock) it reads the band keys of the clusters numbered in `since`'s range, if `since.epoch` is still the sequence's:
 * what the caller's band index has not seen, without another round trip.
 */
export async function lockClusterSequence(tx: Transaction, since: { epoch: string; from: number; to: number } | null = null): Promise<ClusterSequence> {
  const row = (
    await tx.run(lockClusterSequenceCypher, { id: CLUSTER_SEQUENCE_ID, epoch: since?.epoch ?? null, from: int(since?.from ?? 0), to: int(since?.to ?? 0) })
  ).records[0]!;
  const epoch = row.get('epoch') as string;
  const fresh = since && since.epoch === epoch ? (row.get('fresh') as Array<{ seq: unknown; bands: unknown }>).map(numberedBands) : null;
  return { next: toNumber(row.get('next')), epoch, fresh, legacyBands: row.get('legacyBands') === true };
}

export const advanceClusterSequenceCypher = 'MATCH (s:LshSequence {id: $id}) SET s.next = $next';

/** Moves the sequence past the clusters this transaction numbered (under the lock taken by lockClusterSequence). */
export async function advanceClusterSequence(tx: Transaction, next: number): Promise<void> {
  await tx.run(advanceClusterSequenceCypher, { id: CLUSTER_SEQUENCE_ID, next: int(next) });
}

export const clusterBandsCypher = `MATCH (c:ContentCluster) WHERE c.lshSeq >= $from AND c.lshSeq < $to AND c.lshBands IS NOT NULL
RETURN c.lshSeq AS seq, c.lshBands AS bands`;

/**
 * A cluster's band keys as read from `lshBands`: their 32-bit hashes, or, on clusters written before the hashes, the
 * keys' text (`bandHash` in api/dedup/lsh.ts makes either a hash).
 */
export type StoredBands = readonly number[] | readonly string[];

/** A cluster's number on the cluster sequence and its band keys. */
export interface NumberedBands {
  seq: number;
  bands: StoredBands;
}

/**
 * The band keys of the clusters numbered from `from` up to (not including) `to`, by a range seek on `lshSeq`: what a
 * process's band index has not seen yet. Callers read a long range in pages.
 */
export async function clusterBands(tx: Transaction, from: number, to: number): Promise<NumberedBands[]> {
  const res = await tx.run(clusterBandsCypher, { from: int(from), to: int(to) });
  return res.records.map((row) => numberedBands({ seq: row.get('seq'), bands: row.get('bands') }));
}

function numberedBands(row: { seq: unknown; bands: unknown }): NumberedBands {
  return { seq: toNumber(row.seq), bands: storedBands(row.bands) };
}

/**
 * `lshBands` as read: the hashes, 8 hex digits each with no separator (`lshBandsOf`), or, on clusters written before,
 * the keys' text separated by spaces (each key `b<band>:<hex>`, so a colon tells the two apart).
 */
function storedBands(value: unknown): StoredBands {
  const text = String(value);
  if (text.includes(':')) return text.split(' ');
  const hashes: number[] = [];
  for (let at = 0; at + HASH_DIGITS <= text.length; at += HASH_DIGITS) hashes.push(Number.parseInt(text.slice(at, at + HASH_DIGITS), 16));
  return hashes;
}

const HASH_DIGITS = 8;

/** The datanet's admission (null when the id names none) and the caller's stored roles: for friendly refusals. */
export async function submissionTarget(tx: Transaction, actor: Actor, datanetId: string): Promise<{ admission: 'OPEN' | 'REVIEWED' | null; callerRoles: unknown }> {
  const row = (
    await tx.run(
      `OPTIONAL MATCH (d:Datanet {id: $datanetId}) OPTIONAL MATCH (actor:Contributor {id: $actorId})
       RETURN d.admission AS admission, actor.roles AS roles`,
      { ...actorParams(actor), datanetId },
    )
  ).records[0];
  return { admission: (row?.get('admission') as 'OPEN' | 'REVIEWED' | null) ?? null, callerRoles: row?.get('roles') ?? null };
}

/** A stored record with a given contentHash, and its cluster. */
export interface RecordWithHash {
  recordId: string;
  clusterId: string;
}

/**
 * Per content hash, the stored record an exact duplicate is reported against: the cluster's owner when it has this
 * hash, else the earliest record with it.
 */
export async function recordsByContentHash(tx: Transaction, hashes: readonly string[]): Promise<Map<string, RecordWithHash>> {
  const res = await tx.run(
    `UNWIND $hashes AS h
     MATCH (r:Record {contentHash: h})
     OPTIONAL MATCH (c:ContentCluster {id: r.clusterId})
     WITH h, r, CASE WHEN c.ownerRecordId = r.id THEN 0 ELSE 1 END AS rank
     ORDER BY rank, r.submittedAt, r.id
     WITH h, collect(r)[0] AS best
     RETURN h AS hash, best.id AS recordId, best.clusterId AS clusterId`,
    { hashes },
  );
  return new Map(res.records.map((row) => [row.get('hash') as string, { recordId: row.get('recordId') as string, clusterId: row.get('clusterId') as string }]));
}

/**
 * The stored form of a cluster's band keys: their 32-bit hashes as one string of 8 hex digits each (256 characters
 * for 32 bands). Of the forms measured (docs/architecture.md#near-duplicates-under-concurrency), a short string costs
 * the write least; a list of 32 integers cost three times as much.
 */
export function lshBandsOf(hashes: readonly number[] | null): string | null {
  if (hashes === null || hashes.length === 0) return null;
  let text = '';
  // Byte by byte from a table: a batch writes ~15,000 hashes, and toString(16) with padStart took five times as long.
  for (const hash of hashes) text += HEX[hash >>> 24]! + HEX[(hash >>> 16) & 0xff]! + HEX[(hash >>> 8) & 0xff]! + HEX[hash & 0xff]!;
  return text;
}

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/**
 * A cluster's representative: the earliest member with the cluster's hash, else the earliest member, else the owner
 * (`c` in scope; the rows end as `c, representative`).
 */
const REPRESENTATIVE = `OPTIONAL MATCH (r:Record)-[:MEMBER_OF]->(c)
WITH c, r, CASE WHEN r.contentHash = c.contentHash THEN 0 ELSE 1 END AS rank
ORDER BY rank, r.submittedAt, r.id
WITH c, collect(r.id) AS members
WITH c, coalesce(members[0], c.ownerRecordId) AS representative`;

/**
 * The clusters a band index named (by `lshSeq`, a range index seek each), with their stored band keys to check and
 * their fingerprints (one round trip for both).
 */
export const clustersBySeqCypher = `UNWIND $seqs AS seq
MATCH (c:ContentCluster {lshSeq: seq}) WHERE c.lshBands IS NOT NULL
${REPRESENTATIVE}
RETURN c.id AS id, c.lshBands AS bands, c.shingles AS shingles, representative`;

/**
 * Clusters written before the band keys moved onto the cluster: their bands are `LshBand` nodes (read, never written),
 * asked only of a graph that has them (`ClusterSequence.legacyBands`).
 */
export const clustersByLegacyBandCypher = `UNWIND $keys AS key
MATCH (:LshBand {key: key})<-[:HAS_BAND]-(c:ContentCluster)
RETURN key, collect(c.id) AS clusterIds`;

/** The stored clusters that may share a band key with a batch, and their fingerprints. */
export interface BandCandidates {
  /** The clusters the band index named, with their stored band keys: the caller keeps those that have a key it asked for. */
  numbered: Array<{ id: string; bands: StoredBands }>;
  /** Per band key, the ids of the clusters stored the old way (`LshBand` nodes) that have it. */
  legacyByKey: Map<string, string[]>;
  /** The fingerprints of those clusters (a cluster with no representative is left out). */
  fingerprints: Map<string, ClusterFingerprint>;
}

/**
 * The clusters a process's band index named (`seqs`) with their stored band keys (the index keys on hashes, so it may
 * name a few that share none), plus, per band key of `legacyKeys`, the clusters stored the old way (`LshBand` nodes
 * and `HAS_BAND` edges, docs/architecture.md#near-duplicates-under-concurrency); and the fingerprints of all of them
 * (`clusterFingerprints` for the old-way clusters only: a graph without band nodes needs no second round trip).
 */
export async function clustersByBand(tx: Transaction, seqs: readonly number[], legacyKeys: readonly string[]): Promise<BandCandidates> {
  const numbered: BandCandidates['numbered'] = [];
  const legacyByKey = new Map<string, string[]>();
  const fingerprints = new Map<string, ClusterFingerprint>();
  const sortedSeqs = [...new Set(seqs)].sort((a, b) => a - b);
  const [found, legacy] = await Promise.all([
    sortedSeqs.length > 0 ? tx.run(clustersBySeqCypher, { seqs: sortedSeqs.map((seq) => int(seq)) }) : { records: [] },
    legacyKeys.length > 0 ? tx.run(clustersByLegacyBandCypher, { keys: legacyKeys }) : { records: [] },
  ]);
  for (const row of found.records) {
    const id = row.get('id') as string;
    numbered.push({ id, bands: storedBands(row.get('bands')) });
    if (row.get('representative') != null) fingerprints.set(id, fingerprintOf(row));
  }
  for (const row of legacy.records) legacyByKey.set(row.get('key') as string, row.get('clusterIds') as string[]);
  const unread = [...new Set([...legacyByKey.values()].flat())].filter((id) => !fingerprints.has(id));
  if (unread.length > 0) for (const [id, print] of await clusterFingerprints(tx, unread)) fingerprints.set(id, print);
  return { numbered, legacyByKey, fingerprints };
}

function fingerprintOf(row: { get(key: string): unknown }): ClusterFingerprint {
  return { id: row.get('id') as string, shingles: (row.get('shingles') as unknown[]).map((n) => toNumber(n)), representativeRecordId: row.get('representative') as string };
}

/** A stored cluster, as near-duplicate detection compares against it. */
export interface ClusterFingerprint {
  id: string;
  shingles: readonly number[];
  /** The record whose text the cluster's fingerprint was taken from. */
  representativeRecordId: string;
}

/**
 * The clusters' shingles and representatives (the earliest member with the cluster's hash, else the earliest member,
 * else the owner). A cluster with none of them is left out.
 */
export async function clusterFingerprints(tx: Transaction, ids: readonly string[]): Promise<Map<string, ClusterFingerprint>> {
  const res = await tx.run(
    `UNWIND $ids AS id
     MATCH (c:ContentCluster {id: id})
     ${REPRESENTATIVE}
     RETURN c.id AS id, c.shingles AS shingles, representative`,
    { ids },
  );
  return new Map(res.records.filter((row) => row.get('representative') != null).map((row) => [row.get('id') as string, fingerprintOf(row)]));
}

export interface NewCluster {
  id: string;
  contentHash: string;
  shingles: readonly number[];
  /** The band keys' 32-bit hashes (`bandHash`). */
  bandHashes: readonly number[];
  /** The record that owns it from the start (the batch's record that made it, when accepted on submit), or null. */
  ownerRecordId: string | null;
}

/**
 * The ContentCluster node's properties at creation: what createRecordsAndClusters and importClusters both write (the owner is
 * claimed later, `claimClusterOwners`). `lshBands` holds the band keys' hashes (`lshBandsOf`), not indexed: each process's band
 * index reads them by `lshSeq`.
 */
export function clusterProperties(row: Row, computed: { fingerprintVersion: string }): string {
  const f = (name: string) => field(row, name);
  return `{id: ${f('id')}, contentHash: ${f('contentHash')}, shingles: ${f('shingles')}, lshBands: ${f('lshBands')}, fingerprintVersion: ${computed.fingerprintVersion}}`;
}

/** A cluster as createRecordsAndClusters and importClusters send it: the properties clusterProperties names, and its owner. */
function clusterRow(c: Pick<ClusterImport, 'id' | 'contentHash' | 'shingles' | 'bandHashes' | 'ownerRecordId'>) {
  return { id: c.id, contentHash: c.contentHash, shingles: c.shingles, lshBands: lshBandsOf(c.bandHashes), ownerRecordId: c.ownerRecordId };
}

export interface NewRecord {
  id: string;
  clusterId: string;
  contentHash: string;
  text: string;
  license: string;
}

/** The values of a Record that its writer computes rather than takes from the row. */
interface RecordComputed {
  status: string;
  submittedAt: string;
  acceptedAt: string;
  datanetId: string;
  contributorId: string;
  clusterId: string;
}

/** The Record node's properties: what createRecordsAndClusters and importRecords both write. */
export function recordProperties(row: Row, c: RecordComputed): string {
  const f = (name: string) => field(row, name);
  return `{id: ${f('id')}, contentHash: ${f('contentHash')}, text: ${f('text')}, license: ${f('license')}, status: ${c.status},
       submittedAt: ${c.submittedAt}, acceptedAt: ${c.acceptedAt},
       datanetId: ${c.datanetId}, contributorId: ${c.contributorId}, clusterId: ${c.clusterId}}`;
}

/** A record's edges: who contributed it, its datanet, its content cluster. */
const RECORD_EDGES = 'CREATE (actor)-[:CONTRIBUTED]->(r), (r)-[:IN]->(d), (r)-[:MEMBER_OF]->(cl)';

/** The batch's new clusters and its records, sent as columns (`columnsOf`). */
const NEW_CLUSTERS: Columns = { batch: 'cluster', index: 'i' };
const NEW_RECORDS: Columns = { batch: 'record', index: 'i' };

/**
 * Creates a batch's new content clusters and its records in one datanet as the caller's contributions, in one statement:
 * the clusters first, with their band keys (one node each; the processes' band indexes find them by `lshSeq`), numbered
 * from `firstSeq` (under the sequence lock; the caller then advances the sequence); then the records, ACCEPTED
 * (acceptedAt = submittedAt) or PENDING, each in its cluster: one of the new ones, taken from the statement's own list,
 * or a stored one, sought by id. One statement instead of two saved ~6–13 ms of a 500-record batch (two scratch
 * runs, writes and commit alone): the records no longer seek the clusters just created, and the batch is sent
 * and planned once.
 *
 * The caller must be a contributor node holding one of the guard's roles, and the datanet must exist: otherwise nothing
 * is created, clusters included. Returns how many records were created and, when all were, the records as a read of
 * them would return them (their time is the statement's), so the caller answers with them without reading them back.
 */
export async function createRecordsAndClusters(
  tx: Transaction,
  guard: Guard,
  batch: {
    datanetId: string;
    status: 'ACCEPTED' | 'PENDING';
    records: readonly NewRecord[];
    clusters: readonly NewCluster[];
    fingerprintVersion: string;
    firstSeq: number;
  },
): Promise<{ created: number; written: RecordShape[] }> {
  const slots = new Map(batch.clusters.map((c, slot) => [c.id, slot]));
  const res = await tx.run(createRecordsAndClustersCypher, {
    ...guardParams(guard),
    datanetId: batch.datanetId,
    status: batch.status,
    fingerprintVersion: batch.fingerprintVersion,
    firstSeq: int(batch.firstSeq),
    ...columnsOf(NEW_CLUSTERS, batch.clusters.map(clusterRow), ['id', 'contentHash', 'shingles', 'lshBands', 'ownerRecordId']),
    ...columnsOf(NEW_RECORDS, batch.records, ['id', 'clusterId', 'contentHash', 'text', 'license']),
    [columnParam(NEW_RECORDS, 'slot')]: batch.records.map((r) => {
      const slot = slots.get(r.clusterId);
      return slot === undefined ? null : int(slot);
    }),
  });
  const row = res.records[0];
  const created = row ? toNumber(row.get('created')) : 0;
  if (!row || created !== batch.records.length) return { created, written: [] };
  const submittedAt = plainValue(row.get('submittedAt')) as string;
  const actorId = guard.actor.contributorId!;
  const written = batch.records.map((r) => ({
    ...r,
    status: batch.status,
    submittedAt,
    acceptedAt: batch.status === 'ACCEPTED' ? submittedAt : null,
    datanetId: batch.datanetId,
    contributorId: actorId,
    __typename: 'Record' as const,
  }));
  return { created, written };
}

/**
 * The batch's write (`createRecordsAndClusters`). A record's `slot` is its new cluster's place in the new clusters, or
 * null when it joins a stored cluster (`clusterId`). A record whose stored cluster is gone is not created, so the
 * count tells the caller. Without a contributor holding the role, or without the datanet, there is no row to go on
 * from, and nothing is written.
 */
export const createRecordsAndClustersCypher = `MATCH (actor:Contributor {id: $actorId}) WHERE any(role IN coalesce(actor.roles, []) WHERE role IN $roles)
MATCH (d:Datanet {id: $datanetId})
WITH actor, d, datetime.statement() AS now
CALL () {
  UNWIND range(0, ${columnRows(NEW_CLUSTERS, 'id')} - 1) AS i
  CREATE (c:ContentCluster ${clusterProperties(NEW_CLUSTERS, { fingerprintVersion: '$fingerprintVersion' })})
  SET c.lshSeq = $firstSeq + i, c.ownerRecordId = ${field(NEW_CLUSTERS, 'ownerRecordId')}
  RETURN collect(c) AS created
}
UNWIND range(0, ${columnRows(NEW_RECORDS, 'id')} - 1) AS i
WITH actor, d, now, created, i, ${field(NEW_RECORDS, 'slot')} AS slot
OPTIONAL MATCH (stored:ContentCluster {id: CASE WHEN slot IS NULL THEN ${field(NEW_RECORDS, 'clusterId')} END})
WITH actor, d, now, i, CASE WHEN slot IS NULL THEN stored ELSE created[slot] END AS cl
WHERE cl IS NOT NULL
CREATE (r:Record ${recordProperties(NEW_RECORDS, {
  status: '$status',
  submittedAt: 'now',
  acceptedAt: "CASE WHEN $status = 'ACCEPTED' THEN now END",
  datanetId: 'd.id',
  contributorId: 'actor.id',
  clusterId: 'cl.id',
})})
${RECORD_EDGES}
RETURN count(r) AS created, now AS submittedAt`;

/**
 * Makes each record the owner of its cluster unless the cluster already has one. The SET reads the property it
 * writes, so Neo4j locks the cluster before reading: no lost update.
 */
export async function claimClusterOwners(tx: Transaction, owners: ReadonlyArray<{ clusterId: string; recordId: string }>): Promise<void> {
  if (owners.length === 0) return;
  await tx.run(
    `UNWIND $owners AS o MATCH (cl:ContentCluster {id: o.clusterId})
     SET cl.ownerRecordId = coalesce(cl.ownerRecordId, o.recordId)`,
    { owners },
  );
}

/** Per record id, in input order: its datanet and cluster, or nulls when the id names no record. */
export async function recordPlaces(tx: Transaction, ids: readonly string[]): Promise<Array<{ datanetId: string | null; clusterId: string | null }>> {
  const res = await tx.run(
    'UNWIND range(0, size($ids) - 1) AS i OPTIONAL MATCH (r:Record {id: $ids[i]}) RETURN i, r.datanetId AS datanetId, r.clusterId AS clusterId',
    { ids },
  );
  const places = ids.map(() => ({ datanetId: null as string | null, clusterId: null as string | null }));
  for (const row of res.records) {
    places[toNumber(row.get('i'))] = { datanetId: (row.get('datanetId') as string | null) ?? null, clusterId: (row.get('clusterId') as string | null) ?? null };
  }
  return places;
}

/** What decides whether the caller may review each record, in input order (stored records only). */
export interface ReviewFacts {
  index: number;
  callerRoles: unknown;
  status: string;
  contributorId: string | null;
  /** The caller is an appointed validator of the record's datanet. */
  appointed: boolean;
}

export async function reviewFacts(tx: Transaction, actor: Actor, ids: readonly string[]): Promise<ReviewFacts[]> {
  const res = await tx.run(
    `OPTIONAL MATCH (v:Contributor {id: $actorId})
     WITH v UNWIND range(0, size($ids) - 1) AS i
     MATCH (r:Record {id: $ids[i]})
     RETURN i, v.roles AS roles, r.status AS status, r.contributorId AS contributorId,
       v IS NOT NULL AND exists { (v)-[:VALIDATES]->(:Datanet {id: r.datanetId}) } AS appointed ORDER BY i`,
    { ...actorParams(actor), ids },
  );
  return res.records.map((row) => ({
    index: toNumber(row.get('i')),
    callerRoles: row.get('roles') ?? null,
    status: row.get('status') as string,
    contributorId: (row.get('contributorId') as string | null) ?? null,
    appointed: row.get('appointed') === true,
  }));
}

/** The REVIEWED edge's properties (its `reason` is SET after, so a null reason leaves no key). */
export function reviewedProperties(computed: { verdict: string; at: string }): string {
  return `{verdict: ${computed.verdict}, at: ${computed.at}}`;
}

/**
 * Moves PENDING records that the caller did not contribute to ACCEPTED (with acceptedAt) or REJECTED, with a
 * REVIEWED edge from the caller, who must be a contributor node holding one of the guard's roles or appointed by the
 * record's datanet (VALIDATES; docs/architecture.md#datanet-ownership). Returns how many
 * moved: fewer than asked means a rule refused.
 */
export async function reviewRecords(
  tx: Transaction,
  guard: Guard,
  review: { ids: readonly string[]; status: 'ACCEPTED' | 'REJECTED'; verdict: 'ACCEPT' | 'REJECT'; reason: string | null },
): Promise<number> {
  return countGuarded(
    tx,
    guard,
    `MATCH (v:Contributor {id: $actorId})
     WITH v, datetime.statement() AS now, any(role IN coalesce(v.roles, []) WHERE role IN $roles) AS byRole
     UNWIND $ids AS id
     MATCH (r:Record {id: id}) WHERE r.status = 'PENDING' AND r.contributorId <> v.id
       AND (byRole OR exists { (v)-[:VALIDATES]->(:Datanet {id: r.datanetId}) })
     SET r.status = $status, r.acceptedAt = CASE WHEN $status = 'ACCEPTED' THEN now END
     CREATE (v)-[rv:REVIEWED ${reviewedProperties({ verdict: '$verdict', at: 'now' })}]->(r)
     SET rv.reason = $reason
     RETURN count(r) AS reviewed`,
    { ...review },
    'reviewed',
  );
}

/**
 * A content cluster as a seed imports it, with its owner (null when none of its records is accepted) and its band keys
 * (null: a graph without near-duplicate lookup for its seeded clusters, as the benchmarks' scale graph by default).
 */
export interface ClusterImport {
  id: string;
  contentHash: string;
  shingles: readonly number[];
  bandHashes: readonly number[] | null;
  ownerRecordId: string | null;
}

export const importClustersCypher = `MERGE (s:LshSequence {id: $sequenceId})
ON CREATE SET s.next = 0, s.epoch = randomUUID()
WITH s, s.next AS first
SET s.next = first + size($rows)
WITH first
UNWIND range(0, size($rows) - 1) AS i
WITH $rows[i] AS row, first + i AS seq
CREATE (c:ContentCluster ${clusterProperties('row', { fingerprintVersion: '$fingerprintVersion' })})
SET c.ownerRecordId = row.ownerRecordId, c.lshSeq = seq`;

/**
 * Bulk import (seeds): the clusters with their band keys, numbered on the cluster sequence like any writer's (so an
 * API already running on the graph sees their band keys: lockClusterSequence).
 */
export async function importClusters(tx: Transaction, rows: readonly ClusterImport[], fingerprintVersion: string): Promise<void> {
  if (rows.length > 0) {
    await tx.run(importClustersCypher, { rows: rows.map(clusterRow), fingerprintVersion, sequenceId: CLUSTER_SEQUENCE_ID });
  }
}

/** A record as a seed imports it: status and timestamps (ISO-8601) given, its contributor, datanet and cluster existing. */
export interface RecordImport {
  id: string;
  contentHash: string;
  text: string;
  license: string;
  status: 'ACCEPTED' | 'PENDING' | 'REJECTED';
  submittedAt: string;
  acceptedAt: string | null;
  datanetId: string;
  contributorId: string;
  clusterId: string;
}

export const importRecordsCypher = `UNWIND $rows AS row
MATCH (actor:Contributor {id: row.contributorId}), (d:Datanet {id: row.datanetId}), (cl:ContentCluster {id: row.clusterId})
CREATE (r:Record ${recordProperties('row', {
  status: 'row.status',
  submittedAt: 'datetime(row.submittedAt)',
  acceptedAt: datetimeOf('row.acceptedAt'),
  datanetId: 'd.id',
  contributorId: 'actor.id',
  clusterId: 'cl.id',
})})
${RECORD_EDGES}`;

/** Bulk import (seeds): one UNWIND batch of records with their three edges. */
export async function importRecords(tx: Transaction, rows: readonly RecordImport[]): Promise<void> {
  if (rows.length > 0) await tx.run(importRecordsCypher, { rows });
}

/** A review as a seed imports it: the record reviewed, by whom, the verdict and when (ISO-8601). */
export interface ReviewImport {
  id: string;
  reviewerId: string;
  verdict: 'ACCEPT' | 'REJECT';
  at: string;
  reason: string | null;
}

export const importReviewsCypher = `UNWIND $rows AS row
MATCH (v:Contributor {id: row.reviewerId}), (r:Record {id: row.id})
CREATE (v)-[rv:REVIEWED ${reviewedProperties({ verdict: 'row.verdict', at: 'datetime(row.at)' })}]->(r)
SET rv.reason = row.reason`;

/** Bulk import (seeds): REVIEWED edges of records already stored with the status the review gave them. */
export async function importReviews(tx: Transaction, rows: readonly ReviewImport[]): Promise<void> {
  if (rows.length > 0) await tx.run(importReviewsCypher, { rows });
}
