import neo4j from 'neo4j-driver';
import type { GraphStore } from './graph-store.js';
import { toNumber } from './values.js';
import type { AcceptedRecordMeta, ModelTraining } from '../attribution/model-reach.js';

/** The Neo4j side of the engine's corpus: accepted records in acceptance order, and a model's training snapshots. */

export interface AcceptedRecordRow extends AcceptedRecordMeta {
  text: string;
}

// Range seek on the acceptedAt index; `>=` because several records can share a millisecond (addBatch skips repeats).
export const acceptedSinceCypher = `MATCH (r:Record) WHERE r.acceptedAt >= datetime({epochMillis: $since}) AND r.status = 'ACCEPTED'
RETURN r.id AS recordId, r.clusterId AS clusterId, r.datanetId AS datanetId, r.contributorId AS contributorId,
  r.acceptedAt.epochMillis AS acceptedAtMs, r.text AS text
ORDER BY r.acceptedAt, r.id LIMIT $limit`;

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

export async function acceptedRecordsSince(graph: GraphStore, sinceMs: number, limit: number): Promise<AcceptedRecordRow[]> {
  const rows = await graph.read(acceptedSinceCypher, { since: neo4j.int(sinceMs), limit: neo4j.int(limit) });
  return rows.map(toAcceptedRow);
}

/** Every record accepted at or before `untilMs`, in acceptance order: the corpus as it was then. */
export async function acceptedRecordsUntil(graph: GraphStore, untilMs: number): Promise<AcceptedRecordRow[]> {
  const rows = await graph.read(
    `MATCH (r:Record) WHERE r.acceptedAt <= datetime({epochMillis: $until}) AND r.status = 'ACCEPTED'
     RETURN r.id AS recordId, r.clusterId AS clusterId, r.datanetId AS datanetId, r.contributorId AS contributorId,
       r.acceptedAt.epochMillis AS acceptedAtMs, r.text AS text
     ORDER BY r.acceptedAt, r.id`,
    { until: neo4j.int(untilMs) },
  );
  return rows.map(toAcceptedRow);
}

export async function acceptedRecordIds(graph: GraphStore): Promise<string[]> {
  const rows = await graph.read<{ ids: string[] }>("MATCH (r:Record) WHERE r.status = 'ACCEPTED' RETURN collect(r.id) AS ids");
  return rows[0]?.ids ?? [];
}

/** null when the model does not exist. */
export async function modelTraining(graph: GraphStore, modelId: string): Promise<ModelTraining[] | null> {
  const rows = await graph.read(
    `MATCH (m:Model {id: $modelId})
     OPTIONAL MATCH (m)-[:USES]->(a:Adapter)-[t:TRAINED_ON]->(d:Datanet)
     RETURN a.id AS adapterId, d.id AS datanetId, t.snapshotAt.epochMillis AS snapshotAtMs`,
    { modelId },
  );
  if (rows.length === 0) return null;
  return rows.filter((r) => r.adapterId != null).map((r) => ({ adapterId: String(r.adapterId), datanetId: String(r.datanetId), snapshotAtMs: toNumber(r.snapshotAtMs) }));
}
