import type { AttributionShape } from '../attribution/attribution-shape.js';
import type { StoredRewardPolicy } from '../rewards/reward-policy.js';
import type { PayoutRole } from '../rewards/split-fee.js';
import { storeAttribution } from './outputs.js';
import { policyFrom } from './rewards.js';
import type { Transaction } from './transaction.js';
import { int, toNumber } from './values.js';

/**
 * Attribution corrections (an executed ATTRIBUTION_CORRECTION proposal; docs/architecture.md#attribution-corrections):
 *
 *   (:Output {logIndex, supersededLogIndexes, correctedBy})   logIndex moves to the correction's entry; the entries it
 *                                                             superseded stay in the log, listed here
 *   (:Output)-[:PAID]->(:Payout {id: pay.<output>.<proposal>.<nnn>, amount (signed), correctedBy: <proposal id>})
 *
 * The output's INFLUENCED_BY edges and attribution properties are the attribution in force (the corrected one); the
 * superseded attribution is the log entry it superseded. Payouts are never edited: compensations are new rows.
 */

/** What an output's fee has paid so far (original rows and earlier compensations), with the policy they were split by. */
const PAID = `CALL (o) {
  OPTIONAL MATCH (o)-[:PAID]->(p:Payout)
  RETURN collect(CASE WHEN p IS NULL THEN null ELSE {recipientId: p.recipientId, role: p.role, amount: p.amount, policyId: p.policyId} END) AS paid
}
RETURN o.logIndex AS logIndex, o.fee AS fee, o.modelId AS modelId, paid`;

/** Locks the output (two corrections of one output queue) before reading it. */
export const outputForCorrectionCypher = `MATCH (o:Output {id: $id})
SET o.strataLock = true REMOVE o.strataLock
WITH o
${PAID}`;

/** The same read without the lock, for a preview in a read transaction. */
export const outputPaidCypher = `MATCH (o:Output {id: $id})
${PAID}`;

export interface OutputForCorrection {
  logIndex: number | null;
  fee: bigint | null;
  modelId: string;
  paid: Array<{ recipientId: string; role: PayoutRole; amount: bigint; policyId: string }>;
}

export async function outputForCorrection(tx: Transaction, outputId: string, options: { lock: boolean } = { lock: true }): Promise<OutputForCorrection | null> {
  const res = await tx.run(options.lock ? outputForCorrectionCypher : outputPaidCypher, { id: outputId });
  const row = res.records[0];
  if (!row) return null;
  const paid = (row.get('paid') as Array<{ recipientId: string; role: PayoutRole; amount: string; policyId: string }>).map((p) => ({ ...p, amount: BigInt(p.amount) }));
  const logIndex = row.get('logIndex') as unknown;
  const fee = row.get('fee') as string | null;
  return { logIndex: logIndex == null ? null : toNumber(logIndex), fee: fee == null ? null : BigInt(fee), modelId: String(row.get('modelId')), paid };
}

export const rewardPolicyByIdCypher = 'MATCH (r:RewardPolicy {id: $id}) RETURN r';

/** The policy an output's fee was split by (a correction re-splits by the same policy: never retroactive). */
export async function rewardPolicyById(tx: Transaction, id: string): Promise<StoredRewardPolicy | null> {
  const res = await tx.run(rewardPolicyByIdCypher, { id });
  const node = res.records[0]?.get('r') as { properties: Record<string, unknown> } | undefined;
  return node ? policyFrom(node.properties) : null;
}

export const removeInfluencesCypher = `MATCH (o:Output {id: $id})-[i:INFLUENCED_BY]->()
DELETE i
RETURN count(i) AS removed`;

/**
 * Puts the corrected attribution in force on the output: its INFLUENCED_BY edges and attribution properties are
 * replaced (the superseded ones are kept, unchanged, in the output's earlier log entry). The corpus stays the one the
 * output was attributed over, so verifyAttribution recomputes the correction over the same records.
 */
export async function replaceAttribution(
  tx: Transaction,
  input: { outputId: string; attribution: AttributionShape; corpus: { records: number; asOfMs: number } },
): Promise<void> {
  await tx.run(removeInfluencesCypher, { id: input.outputId });
  await storeAttribution(tx, input);
}

/** Compensation ids sort after the output's original payouts (`pay.<output>.000`…) and group by correction. */
export const compensationId = (outputId: string, proposalId: string, position: number) => `pay.${outputId}.${proposalId}.${String(position).padStart(3, '0')}`;

export const writeCompensationsCypher = `MATCH (o:Output {id: $outputId})
UNWIND $rows AS row
CREATE (p:Payout {id: row.id, outputId: o.id, recipientId: row.recipientId, role: row.role, amount: row.amount,
  policyId: $policyId, createdAt: datetime.statement(), correctedBy: $proposalId})
CREATE (o)-[:PAID]->(p)
WITH p, row
OPTIONAL MATCH (c:Contributor {id: row.recipientId})
FOREACH (_ IN CASE WHEN c IS NULL THEN [] ELSE [1] END | CREATE (p)-[:TO]->(c))
RETURN count(p) AS written, count(c) AS linked`;

/** Writes the compensating payouts (signed amounts) of a correction; every recipient but `platformId` is a contributor. */
export async function writeCompensations(
  tx: Transaction,
  input: { outputId: string; proposalId: string; policyId: string; platformId: string; rows: ReadonlyArray<{ recipientId: string; role: PayoutRole; amount: bigint }> },
): Promise<void> {
  if (input.rows.length === 0) return;
  const rows = input.rows.map((r, i) => ({ id: compensationId(input.outputId, input.proposalId, i), recipientId: r.recipientId, role: r.role, amount: r.amount.toString() }));
  const res = await tx.run(writeCompensationsCypher, { outputId: input.outputId, proposalId: input.proposalId, policyId: input.policyId, rows });
  const written = toNumber(res.records[0]?.get('written') ?? 0);
  const linked = toNumber(res.records[0]?.get('linked') ?? 0);
  const expected = rows.filter((r) => r.recipientId !== input.platformId).length;
  if (written !== rows.length || linked !== expected) throw new Error(`Compensations of output ${input.outputId}: wrote ${written}/${rows.length}, linked ${linked}/${expected}.`);
}

/** The output's log position moves to the correction's entry; the superseded entry's index is kept in the list. */
export const markCorrectedCypher = `MATCH (o:Output {id: $id}) WHERE o.logIndex = $supersedes
SET o.supersededLogIndexes = coalesce(o.supersededLogIndexes, []) + o.logIndex, o.logIndex = $index, o.correctedBy = $proposalId
RETURN count(o) AS marked`;

export async function markCorrected(tx: Transaction, input: { outputId: string; proposalId: string; supersedes: number; index: number }): Promise<number> {
  const res = await tx.run(markCorrectedCypher, { id: input.outputId, proposalId: input.proposalId, supersedes: int(input.supersedes), index: int(input.index) });
  return toNumber(res.records[0]?.get('marked') ?? 0);
}
