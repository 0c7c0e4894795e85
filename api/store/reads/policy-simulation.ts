import neo4j from 'neo4j-driver';
import type { RecordedOutput } from '../../governance/policy-simulation.js';
import type { GraphStore } from '../graph-store.js';

/** The most outputs one simulation reads; a wider window is refused (narrow `since`). */
export const MAX_SIMULATED_OUTPUTS = 10_000;

/**
 * Every output with a fee recorded at or after `since` (a range seek on Output.createdAt), with what its fee split
 * used: coverage, the adapter shares and their builders, the contributor shares, the validators who accepted the
 * credited records, the model's owner; and what was actually paid. Read the same way feeRecipients reads them when
 * the output is recorded, so an unchanged policy recomputes the payouts made.
 */
export const recordedOutputsCypher = `MATCH (o:Output) WHERE o.createdAt >= datetime({epochMillis: $sinceMs}) AND o.fee IS NOT NULL
WITH o ORDER BY o.createdAt, o.id LIMIT $limit
MATCH (o)-[:GENERATED_BY]->(m:Model)
CALL (o) {
  OPTIONAL MATCH (o)-[i:INFLUENCED_BY]->(a:Adapter)
  RETURN collect({id: a.id, share: i.share, builderId: a.builderId}) AS adapters
}
CALL (o) {
  OPTIONAL MATCH (o)-[i:INFLUENCED_BY]->(c:Contributor)
  RETURN collect({id: c.id, share: i.share}) AS contributors
}
CALL (o) {
  OPTIONAL MATCH (o)-[:INFLUENCED_BY]->(r:Record)<-[rv:REVIEWED]-(v:Contributor) WHERE rv.verdict = 'ACCEPT'
  RETURN collect(DISTINCT v.id) AS validators
}
CALL (o) {
  OPTIONAL MATCH (o)-[:PAID]->(p:Payout)
  RETURN collect({recipientId: p.recipientId, amount: p.amount}) AS paid
}
RETURN o.id AS outputId, o.fee AS fee, o.coverage AS coverage, m.ownerId AS ownerId, adapters, contributors, validators, paid
ORDER BY o.createdAt, o.id`;

type Row = {
  outputId: string;
  fee: string;
  coverage: number | null;
  ownerId: string | null;
  adapters: Array<{ id: string | null; share: number; builderId: string | null }>;
  contributors: Array<{ id: string | null; share: number }>;
  validators: string[];
  paid: Array<{ recipientId: string | null; amount: string }>;
};

/** Null when more than MAX_SIMULATED_OUTPUTS outputs were recorded since then. */
export async function recordedOutputsSince(graph: GraphStore, sinceMs: number): Promise<RecordedOutput[] | null> {
  const rows = await graph.read<Row>(recordedOutputsCypher, { sinceMs: neo4j.int(sinceMs), limit: neo4j.int(MAX_SIMULATED_OUTPUTS + 1) });
  if (rows.length > MAX_SIMULATED_OUTPUTS) return null;
  return rows.map((r) => {
    const adapters = r.adapters.filter((a) => a.id !== null);
    return {
      outputId: r.outputId,
      fee: BigInt(r.fee),
      coverage: Number(r.coverage ?? 0),
      adapters: adapters.map((a) => ({ id: a.id!, share: a.share })),
      contributors: r.contributors.filter((c) => c.id !== null).map((c) => ({ id: c.id!, share: c.share })),
      recipients: {
        ownerId: r.ownerId ?? null,
        builders: adapters.map((a) => ({ adapterId: a.id!, builderId: a.builderId ?? null })),
        validatorIds: r.validators,
      },
      paid: r.paid.filter((p) => p.recipientId !== null).map((p) => ({ recipientId: p.recipientId!, amount: BigInt(p.amount) })),
    };
  });
}

