import type { GraphStore } from '../graph-store.js';
import { int, plainValue, toNumber } from '../values.js';
import { sumAmounts } from '../../rewards/sum-amounts.js';
import type { ModelValueRow } from '../../attribution/value-history.js';

/** How far forward along PREVIOUS_VERSION chains the history looks from a version that credited the contributor. */
export const MAX_VERSION_CHAIN = 25;

/**
 * The rows behind the value history, for the contributors `anchor` binds to `c`: one definition, read for one
 * contributor (`Contributor.valueHistory`, the VALUE_DROPPED webhook) or for many at once (`governanceMetrics`).
 */
const modelValueRowsCypher = (anchor: string) => `${anchor}
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
RETURN c.id AS contributorId, m.id AS modelId, m.previousVersionId AS previousVersionId, m.createdAt AS createdAt, outputs, credit, credited, amounts
ORDER BY contributorId, m.createdAt, m.id`;

export const valueHistoryCypher = modelValueRowsCypher('MATCH (c:Contributor {id: $id})');
/** The same rows for a list of contributors (each one's rows together, by model createdAt). */
export const valueHistoriesCypher = modelValueRowsCypher('UNWIND $ids AS contributorId\nMATCH (c:Contributor {id: contributorId})');

const toModelValueRow = (r: Record<string, unknown>): ModelValueRow => ({
  modelId: String(r.modelId),
  previousVersionId: r.previousVersionId == null ? null : String(r.previousVersionId),
  createdAt: String(plainValue(r.createdAt)),
  outputs: toNumber(r.outputs),
  credit: Number(r.credit),
  credited: toNumber(r.credited),
  earnings: sumAmounts(r.amounts as unknown[]),
});

/** A row per model version whose outputs credited or paid the contributor, plus their later versions; by createdAt. */
export async function contributorModelValues(graph: GraphStore, contributorId: string): Promise<ModelValueRow[]> {
  const rows = await graph.read(valueHistoryCypher, { id: contributorId });
  return rows.map(toModelValueRow);
}

/** The rows of each contributor in `contributorIds` (one query); a contributor with no rows is absent. */
export async function contributorsModelValues(graph: GraphStore, contributorIds: readonly string[]): Promise<Map<string, ModelValueRow[]>> {
  const byContributor = new Map<string, ModelValueRow[]>();
  if (contributorIds.length === 0) return byContributor;
  for (const r of await graph.read(valueHistoriesCypher, { ids: [...contributorIds] })) {
    const id = String(r.contributorId);
    byContributor.set(id, [...(byContributor.get(id) ?? []), toModelValueRow(r)]);
  }
  return byContributor;
}

/**
 * Contributors whose value history can hold a flag: a version is flagged only against a previous version in which
 * their mean share was above 0, so they were credited by an output of a model version that has a later version.
 * By id, `limit` at most (the caller asks one more to know whether the list was cut).
 */
export const valueDropCandidatesCypher = `MATCH (later:Model)-[:PREVIOUS_VERSION]->(previous:Model)
MATCH (previous)<-[:GENERATED_BY]-(o:Output)-[i:INFLUENCED_BY]->(c:Contributor)
WHERE i.share > 0
WITH DISTINCT c.id AS contributorId
RETURN contributorId ORDER BY contributorId LIMIT $limit`;

export async function valueDropCandidates(graph: GraphStore, limit: number): Promise<string[]> {
  const rows = await graph.read<{ contributorId: string }>(valueDropCandidatesCypher, { limit: int(limit) });
  return rows.map((r) => String(r.contributorId));
}
