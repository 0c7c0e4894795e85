import type { GraphStore } from '../graph-store.js';
import { plainValue, toNumber } from '../values.js';
import { sumAmounts } from '../../rewards/sum-amounts.js';
import type { ModelValueRow } from '../../attribution/value-history.js';

/** How far forward along PREVIOUS_VERSION chains the history looks from a version that credited the contributor. */
export const MAX_VERSION_CHAIN = 25;

export const valueHistoryCypher = `MATCH (c:Contributor {id: $id})
CALL (c) {
  MATCH (c)<-[:INFLUENCED_BY]-(o:Output) RETURN DISTINCT o.modelId AS modelId
  UNION
  MATCH (c)<-[:TO]-(:Payout)<-[:PAID]-(o:Output) RETURN DISTINCT o.modelId AS modelId
}
WITH c, collect(DISTINCT modelId) AS touched
CALL (touched) {
  UNWIND touched AS mid
  MATCH (m:Model {id: mid})
  OPTIONAL MATCH (later:Model)-[:PREVIOUS_VERSION*1..${MAX_VERSION_CHAIN}]->(m)
  WITH collect(DISTINCT m) + collect(DISTINCT later) AS found
  UNWIND found AS model
  RETURN collect(DISTINCT model) AS models
}
UNWIND models AS m
CALL (m) {
  OPTIONAL MATCH (o:Output)-[:GENERATED_BY]->(m) WHERE o.attributionMethod IS NOT NULL
  RETURN count(o) AS outputs
}
CALL (c, m) {
  OPTIONAL MATCH (c)<-[i:INFLUENCED_BY]-(o:Output) WHERE o.modelId = m.id
  RETURN coalesce(sum(i.share), 0.0) AS credit, count(DISTINCT o) AS credited
}
CALL (c, m) {
  OPTIONAL MATCH (c)<-[:TO]-(p:Payout)<-[:PAID]-(o:Output) WHERE o.modelId = m.id
  RETURN collect(p.amount) AS amounts
}
RETURN m.id AS modelId, m.previousVersionId AS previousVersionId, m.createdAt AS createdAt, outputs, credit, credited, amounts
ORDER BY m.createdAt, m.id`;

/** A row per model version whose outputs credited or paid the contributor, plus their later versions; by createdAt. */
export async function contributorModelValues(graph: GraphStore, contributorId: string): Promise<ModelValueRow[]> {
  const rows = await graph.read(valueHistoryCypher, { id: contributorId });
  return rows.map((r) => ({
    modelId: String(r.modelId),
    previousVersionId: r.previousVersionId == null ? null : String(r.previousVersionId),
    createdAt: String(plainValue(r.createdAt)),
    outputs: toNumber(r.outputs),
    credit: Number(r.credit),
    credited: toNumber(r.credited),
    earnings: sumAmounts(r.amounts as unknown[]),
  }));
}
