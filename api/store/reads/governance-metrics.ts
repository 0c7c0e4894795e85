import neo4j from 'neo4j-driver';
import type { GraphStore } from '../graph-store.js';
import { toNumber } from '../values.js';

/** The most datanets one metrics answer lists (by id). */
export const MAX_METRICS_DATANETS = 100;

/**
 * Per datanet: records, rejected records, and duplicates (records whose content cluster is owned by another record:
 * exact or near copies, which earn nothing). Walks each listed datanet's records: a dashboard read, not a hot path.
 */
export const datanetHealthCypher = `MATCH (d:Datanet) WHERE d.id IS NOT NULL
WITH d ORDER BY d.id LIMIT $limit
CALL (d) {
  OPTIONAL MATCH (r:Record)-[:IN]->(d)
  OPTIONAL MATCH (r)-[:MEMBER_OF]->(c:ContentCluster)
  RETURN count(r) AS records, count(CASE WHEN r.status = 'REJECTED' THEN 1 END) AS rejected,
    count(CASE WHEN c.ownerRecordId IS NOT NULL AND c.ownerRecordId <> r.id THEN 1 END) AS duplicates
}
RETURN d.id AS datanetId, records, rejected, duplicates ORDER BY d.id`;

export interface DatanetHealth {
  datanetId: string;
  records: number;
  rejected: number;
  duplicates: number;
}

export async function datanetHealth(graph: GraphStore): Promise<DatanetHealth[]> {
  const rows = await graph.read(datanetHealthCypher, { limit: neo4j.int(MAX_METRICS_DATANETS) });
  return rows.map((r) => ({ datanetId: String(r.datanetId), records: toNumber(r.records), rejected: toNumber(r.rejected), duplicates: toNumber(r.duplicates) }));
}

/** Every contributor's payouts (amounts as decimal strings, summed exactly by the caller). */
export const contributorEarningsCypher = `MATCH (p:Payout)-[:TO]->(c:Contributor)
RETURN c.id AS contributorId, collect(p.amount) AS amounts`;

export async function contributorEarnings(graph: GraphStore): Promise<Map<string, bigint>> {
  const rows = await graph.read<{ contributorId: string; amounts: string[] }>(contributorEarningsCypher);
  return new Map(rows.map((r) => [r.contributorId, r.amounts.reduce((s, a) => s + BigInt(a), 0n)]));
}

export const openProposalsCypher = `MATCH (p:Proposal) WHERE p.executedAt IS NULL AND p.votingEndsAt > datetime()
RETURN count(p) AS open`;

export async function openProposals(graph: GraphStore): Promise<number> {
  const rows = await graph.read(openProposalsCypher);
  return toNumber(rows[0]?.open ?? 0);
}
