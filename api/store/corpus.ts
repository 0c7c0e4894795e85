import type { AcceptedRecordMeta, ModelTraining } from '../attribution/model-reach.js';
import type { GraphStore } from './graph-store.js';
import type { Transaction } from './transaction.js';
import { int, toNumber } from './values.js';

/** What the trace index reads: accepted records in acceptance order, and a model's training snapshots. */

export interface AcceptedRecordRow extends AcceptedRecordMeta {
  text: string;
}

const ACCEPTED_RECORD_COLUMNS = `RETURN r.id AS recordId, r.clusterId AS clusterId, r.datanetId AS datanetId, r.contributorId AS contributorId,
  r.acceptedAt.epochMillis AS acceptedAtMs, r.text AS text`;

// Range seek on the acceptedAt index; `>=` because several records can share a millisecond (addBatch skips repeats).
export const acceptedSinceCypher = `MATCH (r:Record) WHERE r.acceptedAt >= datetime({epochMillis: $since}) AND r.status = 'ACCEPTED'
${ACCEPTED_RECORD_COLUMNS}
ORDER BY r.acceptedAt, r.id LIMIT $limit`;


// Keyset pages over the unique index on Record.id (ordered by it, so no sort): each read is small and quick however
// large the corpus (one collect of 10^6 ids took tens of seconds on a busy machine, past the read deadline).
export const acceptedRecordIdPageCypher = `MATCH (r:Record) WHERE r.id > $after AND r.status = 'ACCEPTED'
RETURN r.id AS id ORDER BY r.id LIMIT $limit`;
export const ACCEPTED_ID_PAGE = 10_000;

export const modelTrainingCypher = `MATCH (m:Model {id: $modelId})
OPTIONAL MATCH (m)-[:USES]->(a:Adapter)-[t:TRAINED_ON]->(d:Datanet)
RETURN a.id AS adapterId, d.id AS datanetId, t.snapshotAt.epochMillis AS snapshotAtMs`;

function toAcceptedRow(r: Record<string, unknown>): AcceptedRecordRow {
  return {
    recordId: String(r.recordId),
    clusterId: String(r.clusterId),
    datanetId: String(r.datanetId),
    contributorId: String(r.contributorId),
    acceptedAtMs: toNumber(r.acceptedAtMs),
    text: String(r.text),
  };
}

/** Up to `limit` records accepted at or after `sinceMs`, in acceptance order: the index's catch-up page. */
export async function acceptedRecordsSince(graph: GraphStore, sinceMs: number, limit: number): Promise<AcceptedRecordRow[]> {
  const rows = await graph.read(acceptedSinceCypher, { since: int(sinceMs), limit: int(limit) });
  return rows.map(toAcceptedRow);
}

/** The ids of every accepted record, in id order, a page of ACCEPTED_ID_PAGE per read: what the persisted index is checked against. */
export async function acceptedRecordIds(graph: GraphStore, pageSize = ACCEPTED_ID_PAGE): Promise<string[]> {
  const ids: string[] = [];
  for (let after = ''; ;) {
    const rows = await graph.read<{ id: string }>(acceptedRecordIdPageCypher, { after, limit: int(pageSize) });
    for (const row of rows) ids.push(row.id);
    if (rows.length < pageSize) return ids;
    after = rows[rows.length - 1]!.id;
  }
}

/** The training snapshots of a model's adapters (which datanet, as of when); null when the model does not exist. */
export async function modelTraining(graph: GraphStore, modelId: string): Promise<ModelTraining[] | null> {
  return toModelTraining(await graph.read(modelTrainingCypher, { modelId }));
}

/** The same in the caller's transaction (recordOutput's shared read: docs/architecture.md#outputs-in-parallel). */
export async function modelTrainingTx(tx: Transaction, modelId: string): Promise<ModelTraining[] | null> {
  const result = await tx.run(modelTrainingCypher, { modelId });
  return toModelTraining(result.records.map((r) => r.toObject()));
}

function toModelTraining(rows: ReadonlyArray<Record<string, unknown>>): ModelTraining[] | null {
  if (rows.length === 0) return null;
  return rows.filter((r) => r.adapterId != null).map((r) => ({ adapterId: String(r.adapterId), datanetId: String(r.datanetId), snapshotAtMs: toNumber(r.snapshotAtMs) }));
}
