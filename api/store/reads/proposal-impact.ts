import type { GraphStore } from '../graph-store.js';
import { toNumber } from '../values.js';

/**
 * The evidence behind an eligibility or sanction proposal, read from the subject's unique id: how many recorded
 * outputs credit it, and who or what it touches. Counts walk the subject's edges (a dashboard read).
 */
export const datanetImpactCypher = `MATCH (d:Datanet {id: $id})
CALL (d) { OPTIONAL MATCH (o:Output)-[:INFLUENCED_BY]->(d) RETURN count(DISTINCT o) AS outputs }
CALL (d) { OPTIONAL MATCH (c:Contributor)-[:CONTRIBUTED]->(r:Record)-[:IN]->(d) WHERE r.status = 'ACCEPTED' RETURN count(DISTINCT c) AS contributors }
RETURN outputs, contributors`;

export const contributorImpactCypher = `MATCH (c:Contributor {id: $id})
CALL (c) { OPTIONAL MATCH (o:Output)-[:INFLUENCED_BY]->(c) RETURN count(DISTINCT o) AS outputs }
CALL (c) { OPTIONAL MATCH (p:Payout)-[:TO]->(c) RETURN collect(p.amount) AS amounts }
CALL (c) {
  OPTIONAL MATCH (c)-[:CONTRIBUTED]->(r:Record)-[:MEMBER_OF]->(cl:ContentCluster)
  RETURN count(r) AS records, count(DISTINCT cl) AS clusters,
    count(CASE WHEN cl.ownerRecordId IS NOT NULL AND cl.ownerRecordId <> r.id THEN 1 END) AS duplicates
}
CALL () { OPTIONAL MATCH (p:Payout)-[:TO]->(:Contributor) RETURN collect(p.amount) AS allAmounts }
RETURN outputs, amounts, records, clusters, duplicates, allAmounts`;

export interface SubjectImpact {
  /** Recorded outputs whose attribution credits the subject. */
  outputs: number;
  /** For a datanet: contributors with accepted records in it. */
  contributors: number | null;
  /** For a contributor: their records, content clusters, and records that are duplicates of another's. */
  records: number | null;
  clusters: number | null;
  duplicates: number | null;
  /** For a contributor: the exact sum of their payouts, and its share of all contributors' earnings. */
  earnings: bigint | null;
  earningsShare: number | null;
}

const sum = (amounts: unknown) => ((amounts as string[] | null) ?? []).reduce((s, a) => s + BigInt(a), 0n);

export async function datanetImpact(graph: GraphStore, datanetId: string): Promise<SubjectImpact | null> {
  const [row] = await graph.read(datanetImpactCypher, { id: datanetId });
  if (!row) return null;
  return { outputs: toNumber(row.outputs), contributors: toNumber(row.contributors), records: null, clusters: null, duplicates: null, earnings: null, earningsShare: null };
}

export async function contributorImpact(graph: GraphStore, contributorId: string): Promise<SubjectImpact | null> {
  const [row] = await graph.read(contributorImpactCypher, { id: contributorId });
  if (!row) return null;
  const earnings = sum(row.amounts);
  const all = sum(row.allAmounts);
  const SCALE = 10n ** 15n;
  return {
    outputs: toNumber(row.outputs),
    contributors: null,
    records: toNumber(row.records),
    clusters: toNumber(row.clusters),
    duplicates: toNumber(row.duplicates),
    earnings,
    earningsShare: all === 0n ? 0 : Number((earnings * SCALE) / all) / Number(SCALE),
  };
}
