import type { GraphStore } from '../graph-store.js';
import { payoutFrom, policyFrom, type PayoutShape } from '../rewards.js';
import type { StoredRewardPolicy } from '../../rewards/reward-policy.js';
import { sumAmounts } from '../../rewards/sum-amounts.js';

type Properties = { properties: Record<string, unknown> };

export const rewardPoliciesCypher = 'UNWIND $ids AS id MATCH (p:RewardPolicy {id: id}) RETURN p';

export async function rewardPoliciesById(graph: GraphStore, ids: readonly string[]): Promise<Map<string, StoredRewardPolicy>> {
  const rows = await graph.read<{ p: Properties }>(rewardPoliciesCypher, { ids: [...ids] });
  return new Map(rows.map(({ p }) => [String(p.properties.id), policyFrom(p.properties)]));
}

/** Every payout of many outputs in one query, in the order they were split (role, then recipient). */
export const outputPayoutsCypher = `UNWIND $ids AS id
MATCH (:Output {id: id})-[:PAID]->(p:Payout)
RETURN id, p ORDER BY p.id`;

export async function payoutsByOutput(graph: GraphStore, outputIds: readonly string[]): Promise<Map<string, PayoutShape[]>> {
  const rows = await graph.read<{ id: string; p: Properties }>(outputPayoutsCypher, { ids: [...outputIds] });
  const byOutput = new Map<string, PayoutShape[]>(outputIds.map((id) => [id, []]));
  for (const row of rows) byOutput.get(row.id)?.push(payoutFrom(row.p.properties));
  return byOutput;
}

export const contributorBalanceCypher = 'MATCH (c:Contributor {id: $id}) OPTIONAL MATCH (c)<-[:TO]-(p:Payout) RETURN collect(p.amount) AS amounts';

/** The exact sum of every payout to a contributor, in integer base units. */
export async function contributorBalance(graph: GraphStore, contributorId: string): Promise<bigint> {
  const rows = await graph.read<{ amounts: unknown[] }>(contributorBalanceCypher, { id: contributorId });
  return sumAmounts(rows[0]?.amounts ?? []);
}
