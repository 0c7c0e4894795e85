import type { PayoutRole } from '../rewards/split-fee.js';
import { DEFAULT_REWARD_POLICY, type StoredRewardPolicy } from '../rewards/reward-policy.js';
import type { GraphStore } from './graph-store.js';
import type { Transaction } from './transaction.js';
import { int, plainValue, toNumber } from './values.js';

/**
 * Reward policies and payouts in Neo4j.
 *
 *   (:RewardPolicy {id, version, platform, adapterBuilders, dataContributors, validators, inForceFrom})
 *       versioned and never edited: a new policy is a new node with a later inForceFrom. The one in force at a time is
 *       the latest inForceFrom not after it (ties: the higher version).
 *   (:Output)-[:PAID]->(:Payout {id, outputId, recipientId, role, amount, policyId, createdAt})-[:TO]->(:Contributor)
 *       amount is a decimal string of integer base units (Neo4j integers stop at 2^63). The platform has no
 *       contributor node: its payouts have recipientId 'platform' and no TO edge.
 */

/** MERGE on the id: creating it twice, or concurrently, leaves one node with the same values. */
export const mergeDefaultPolicyCypher = `MERGE (p:RewardPolicy {id: $policy.id})
ON CREATE SET p.version = $policy.version, p.platform = $policy.platform, p.adapterBuilders = $policy.adapterBuilders,
  p.dataContributors = $policy.dataContributors, p.validators = $policy.validators, p.inForceFrom = datetime($policy.inForceFrom)`;

/** Creates the policy unless a policy with its id exists (it is never edited), in the caller's transaction. */
export async function mergeRewardPolicy(tx: Transaction, policy: StoredRewardPolicy): Promise<void> {
  await tx.run(mergeDefaultPolicyCypher, { policy: { ...policy, version: int(policy.version) } });
}

export async function ensureDefaultRewardPolicy(graph: GraphStore): Promise<void> {
  await graph.write((tx) => mergeDefaultRewardPolicy(tx));
}

/** The default reward policy, in the caller's transaction (the seeds write it with the demo graph). */
export async function mergeDefaultRewardPolicy(tx: Transaction): Promise<void> {
  await mergeRewardPolicy(tx, DEFAULT_REWARD_POLICY);
}

export const policyInForceCypher = `MATCH (p:RewardPolicy) WHERE p.inForceFrom <= datetime()
RETURN p ORDER BY p.inForceFrom DESC, p.version DESC LIMIT 1`;

export function policyFrom(props: Record<string, unknown>): StoredRewardPolicy {
  const p = plainValue(props) as Record<string, unknown>;
  return {
    id: String(p.id),
    version: Number(p.version),
    platform: Number(p.platform),
    adapterBuilders: Number(p.adapterBuilders),
    dataContributors: Number(p.dataContributors),
    validators: Number(p.validators),
    inForceFrom: String(p.inForceFrom),
  };
}

async function readPolicyInForce(tx: Transaction): Promise<StoredRewardPolicy | null> {
  const res = await tx.run(policyInForceCypher);
  const node = res.records[0]?.get('p') as { properties: Record<string, unknown> } | undefined;
  return node ? policyFrom(node.properties) : null;
}

/**
 * The policy in force, inside a write transaction; creates the default one if the graph has none yet. Not validated
 * here: splitFee checks its fractions before any money moves.
 */
export async function policyInForceTx(tx: Transaction): Promise<StoredRewardPolicy> {
  const found = await readPolicyInForce(tx);
  if (found) return found;
  await mergeRewardPolicy(tx, DEFAULT_REWARD_POLICY);
  return (await readPolicyInForce(tx)) ?? DEFAULT_REWARD_POLICY;
}

/** The policy in force for a read; a graph that has none yet gets the default (an idempotent MERGE). */
export async function policyInForce(graph: GraphStore): Promise<StoredRewardPolicy> {
  const found = await graph.readTx((tx) => readPolicyInForce(tx));
  if (found) return found;
  return graph.write((tx) => policyInForceTx(tx));
}

export interface PayoutShape {
  id: string;
  outputId: string;
  recipientId: string;
  role: PayoutRole;
  /** Decimal string of integer base units. */
  amount: string;
  policyId: string;
  createdAt: string;
  /** A compensating payout of an executed ATTRIBUTION_CORRECTION (signed amount): the proposal. */
  correctedBy?: string | null;
}

/** Payout ids sort in the order splitFee returns them (role, then recipient), per output. */
export const payoutId = (outputId: string, position: number) => `pay.${outputId}.${String(position).padStart(3, '0')}`;

export const writePayoutsCypher = `UNWIND $payouts AS row
MATCH (o:Output {id: row.outputId})
CREATE (p:Payout {id: row.id, outputId: o.id, recipientId: row.recipientId, role: row.role, amount: row.amount,
  policyId: row.policyId, createdAt: o.createdAt})
CREATE (o)-[:PAID]->(p)
WITH p, row
OPTIONAL MATCH (c:Contributor {id: row.recipientId})
FOREACH (_ IN CASE WHEN c IS NULL THEN [] ELSE [1] END | CREATE (p)-[:TO]->(c))
RETURN count(p) AS written, count(c) AS linked`;

export interface OutputPayouts {
  outputId: string;
  policyId: string;
  /** In splitFee's order: their ids follow it. */
  payouts: ReadonlyArray<{ recipientId: string; role: PayoutRole; amount: bigint }>;
}

/**
 * Writes outputs' payouts in the caller's transaction, one statement for all of them (a group commit's outputs,
 * docs/architecture.md#outputs-in-parallel). Every recipient except `platformId` must be a contributor: a missing one
 * means a broken graph, so the transaction is refused.
 */
export async function writePayoutsOf(tx: Transaction, input: { platformId: string; outputs: readonly OutputPayouts[] }): Promise<void> {
  const rows = input.outputs.flatMap(({ outputId, policyId, payouts }) =>
    payouts.map((p, i) => ({ id: payoutId(outputId, i), outputId, policyId, recipientId: p.recipientId, role: p.role, amount: p.amount.toString() })),
  );
  if (rows.length === 0) return;
  const res = await tx.run(writePayoutsCypher, { payouts: rows });
  const written = toNumber(res.records[0]?.get('written') ?? 0);
  const linked = toNumber(res.records[0]?.get('linked') ?? 0);
  const expectedLinks = rows.filter((r) => r.recipientId !== input.platformId).length;
  if (written !== rows.length || linked !== expectedLinks) {
    const outputs = input.outputs.map((o) => o.outputId).join(', ');
    throw new Error(`Payouts of output ${outputs}: wrote ${written}/${rows.length}, linked ${linked}/${expectedLinks} recipients.`);
  }
}

/** One output's payouts: writePayoutsOf of one. */
export async function writePayouts(tx: Transaction, input: OutputPayouts & { platformId: string }): Promise<void> {
  const { platformId, ...output } = input;
  await writePayoutsOf(tx, { platformId, outputs: [output] });
}

export function payoutFrom(props: Record<string, unknown>): PayoutShape {
  const p = plainValue(props) as Record<string, unknown>;
  return {
    id: String(p.id),
    outputId: String(p.outputId),
    recipientId: String(p.recipientId),
    role: String(p.role) as PayoutRole,
    amount: String(p.amount),
    policyId: String(p.policyId),
    createdAt: String(p.createdAt),
    correctedBy: (p.correctedBy as string | undefined) ?? null,
  };
}
