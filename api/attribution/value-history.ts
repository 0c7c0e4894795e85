import type { GraphStore } from '../store/graph-store.js';
import { toNumber } from '../store/values.js';
import { plainValue } from '../store/values.js';
import { sumAmounts } from '../rewards/sum-amounts.js';

/**
 * A contributor's value per model version: the baseline they never had. For each model version whose outputs credit
 * or paid them (plus the later versions of those models, so a version that drops them to nothing still shows):
 * how many of its outputs are attributed, their mean share over those outputs (an output that does not credit them
 * counts as 0), the summed share, and what they earned from its outputs. A version whose mean share fell by more than
 * `threshold` (relative) from its PREVIOUS_VERSION's is flagged.
 */

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

export interface ModelValueRow {
  modelId: string;
  previousVersionId: string | null;
  createdAt: string;
  /** Outputs of the model that carry an attribution. */
  outputs: number;
  /** Sum of the contributor's shares over those outputs. */
  credit: number;
  /** Outputs that credit the contributor at all. */
  credited: number;
  earnings: bigint;
}

export interface ContributorModelValue {
  modelId: string;
  previousVersionId: string | null;
  outputsAttributed: number;
  outputsCredited: number;
  /** credit / outputsAttributed; null while the version has no attributed output. */
  meanShare: number | null;
  totalCredit: number;
  earnings: bigint;
  /** (previous mean − this mean) / previous mean; negative is a rise; null without a comparable previous version. */
  dropFromPrevious: number | null;
  flagged: boolean;
}

/**
 * Rows (in model createdAt order) → history. The comparison is with the model's own previous version (the chain),
 * not with the row before it, which may belong to another model line. A previous version missing from the rows never
 * credited the contributor: nothing to drop from.
 */
export function valueHistory(rows: readonly ModelValueRow[], threshold: number): ContributorModelValue[] {
  const meanOf = new Map<string, number | null>();
  return rows.map((row) => {
    const meanShare = row.outputs > 0 ? Math.min(1, row.credit / row.outputs) : null;
    meanOf.set(row.modelId, meanShare);
    const previous = row.previousVersionId ? meanOf.get(row.previousVersionId) ?? null : null;
    const dropFromPrevious = previous !== null && previous > 0 && meanShare !== null ? (previous - meanShare) / previous : null;
    return {
      modelId: row.modelId,
      previousVersionId: row.previousVersionId,
      outputsAttributed: row.outputs,
      outputsCredited: row.credited,
      meanShare,
      totalCredit: row.credit,
      earnings: row.earnings,
      dropFromPrevious,
      flagged: dropFromPrevious !== null && dropFromPrevious > threshold,
    };
  });
}

export async function contributorValueHistory(graph: GraphStore, contributorId: string, threshold: number): Promise<ContributorModelValue[]> {
  const rows = await graph.read(valueHistoryCypher, { id: contributorId });
  return valueHistory(
    rows.map((r) => ({
      modelId: String(r.modelId),
      previousVersionId: r.previousVersionId == null ? null : String(r.previousVersionId),
      createdAt: String(plainValue(r.createdAt)),
      outputs: toNumber(r.outputs),
      credit: Number(r.credit),
      credited: toNumber(r.credited),
      earnings: sumAmounts(r.amounts as unknown[]),
    })),
    threshold,
  );
}
