import { z } from 'zod';
import { conflict, strataError } from '../core/errors.js';
import { encodeGlobalId } from '../core/global-id.js';
import { executionEvent } from '../governance/governance-event.js';
import { appendLogEntry } from '../log/log-service.js';
import { validateRewardPolicy } from '../rewards/reward-policy.js';
import * as governance from '../store/governance.js';
import type { GraphStore } from '../store/graph-store.js';
import type { Transaction } from '../store/transaction.js';
import type { Actor } from './actor.js';
import { reattribute, writeCorrection, type Reattribution, type Reattributor } from './correct-attribution.js';
import { proposalsById } from '../store/reads/proposals.js';
import { runInputWrite } from './idempotency.js';
import { globalIdOf, idempotencyKeyField } from './validation.js';

export const executeProposalInput = z.object({
  proposalId: globalIdOf('Proposal'),
  idempotencyKey: idempotencyKeyField,
});
export type ExecuteProposalInput = z.output<typeof executeProposalInput>;

/** The id of the reward policy a proposal puts in force. */
export const rewardPolicyIdOf = (proposalId: string) => `policy_${proposalId}`;
/** The id of the governance policy a GOVERNANCE_POLICY proposal puts in force. */
export const governancePolicyIdOf = (proposalId: string) => `governance_${proposalId}`;

/**
 * Puts a PASSED proposal in force, once, by anyone, after its voting period: one transaction that records the effect
 * and appends the outcome to the transparency log. Effects apply from execution on, never to what was recorded before:
 *   REWARD_POLICY           a new RewardPolicy version in force for outputs recorded from now on
 *   DATANET_ELIGIBILITY     the datanet's records stop (or start again) earning attribution credit in new outputs
 *   CONTRIBUTOR_SANCTION    the contributor's payouts on new outputs are withheld (to the platform), or no longer
 *   GOVERNANCE_POLICY       a new GovernancePolicy version (quorum, threshold, voting period) for proposals created
 *                           from now on; open proposals keep the rules they copied
 *   ATTRIBUTION_CORRECTION  the output re-attributed with the current method: a correction log entry that supersedes
 *                           its entry, with compensating payouts (correct-attribution.ts)
 *
 * A correction's trace runs before the transaction (CPU work, like recordOutput's); the transaction then checks the
 * output was not corrected meanwhile.
 */
export async function executeProposal(graph: GraphStore, actor: Actor, input: ExecuteProposalInput, engine: Reattributor | null): Promise<{ proposalId: string }> {
  const reattribution = await reattributionFor(graph, engine, input.proposalId);
  return runInputWrite(graph, 'executeProposal', actor, input, (tx, fields) => executeInTransaction(tx, actor, fields.proposalId, reattribution));
}

/** The re-attribution a PASSED correction needs; null for anything else (the transaction says why it cannot run). */
async function reattributionFor(graph: GraphStore, engine: Reattributor | null, proposalId: string): Promise<Reattribution | null> {
  const p = (await proposalsById(graph, [proposalId])).get(proposalId);
  if (!p || p.kind !== 'ATTRIBUTION_CORRECTION' || p.status !== 'PASSED' || !p.subjectId) return null;
  if (!engine) throw new Error('executeProposal needs the attribution engine to execute an ATTRIBUTION_CORRECTION.');
  return reattribute(graph, engine, p.subjectId);
}

async function executeInTransaction(tx: Transaction, actor: Actor, proposalId: string, reattribution: Reattribution | null): Promise<{ proposalId: string }> {
  const gid = encodeGlobalId('Proposal', proposalId);
  const found = await governance.proposalForUpdate(tx, proposalId, actor);
  if (!found) throw strataError('NOT_FOUND', `No proposal ${gid}.`, { field: 'proposalId' });
  const p = found.proposal;
  if (p.status === 'OPEN') throw conflict(`${gid} is still OPEN: voting ends at ${p.votingEndsAt}; only a PASSED proposal is executed, after that. Nothing was written.`);
  if (p.status === 'REJECTED') {
    const why = p.tally.quorumReached ? 'YES did not pass the threshold' : 'quorum was not reached';
    throw conflict(`${gid} was REJECTED (${why}: ${p.tally.yes} yes, ${p.tally.no} no, ${p.tally.abstain} abstain of ${p.eligibleVoters} eligible); only a PASSED proposal is executed. Nothing was written.`);
  }
  if (p.status === 'EXECUTED') throw conflict(`${gid} was already executed at ${p.executedAt}; a proposal is executed once. Nothing was written.`);
  let correctionLogIndex: number | null = null;
  if (p.kind === 'ATTRIBUTION_CORRECTION') {
    // Read as PASSED before the transaction too, unless the voting period ended in between: then execute again.
    if (!reattribution || reattribution.outputId !== p.subjectId) throw conflict(`${gid} became executable during the request; execute it again. Nothing was written.`);
    correctionLogIndex = (await writeCorrection(tx, p.id, reattribution)).logIndex;
  }

  let rewardPolicyId: string | null = null;
  if (p.kind === 'REWARD_POLICY') {
    if (!p.rewardPolicy) throw new Error(`${gid} is a REWARD_POLICY proposal without fractions.`);
    rewardPolicyId = rewardPolicyIdOf(p.id);
    // Checked again with the fee split's own rule before any money could move by it.
    validateRewardPolicy({ id: rewardPolicyId, version: 1, ...p.rewardPolicy });
    await governance.createRewardPolicy(tx, { id: rewardPolicyId, proposalId: p.id, policy: p.rewardPolicy });
  }
  let newGovernancePolicyId: string | null = null;
  if (p.kind === 'GOVERNANCE_POLICY') {
    if (!p.governanceRules) throw new Error(`${gid} is a GOVERNANCE_POLICY proposal without rules.`);
    newGovernancePolicyId = governancePolicyIdOf(p.id);
    await governance.createGovernancePolicy(tx, { id: newGovernancePolicyId, proposalId: p.id, rules: p.governanceRules });
  }
  // DATANET_ELIGIBILITY and CONTRIBUTOR_SANCTION take effect by being executed: the executed proposals are the history
  // the attribution and the fee split read (store/governance.ts restrictedSubjects).
  if ((await governance.markExecuted(tx, p.id, rewardPolicyId)) !== 1) throw conflict(`${gid} could not be executed (it changed during the request); nothing was written.`);
  const entry = await appendLogEntry(tx, executionEvent({
    proposalId: p.id,
    kind: p.kind,
    action: p.action,
    subjectId: p.subjectId,
    tally: { yes: p.tally.yes, no: p.tally.no, abstain: p.tally.abstain, eligibleVoters: p.eligibleVoters },
    proposalLogIndex: p.logIndex,
    rewardPolicyId,
    correctionLogIndex,
    newGovernancePolicyId,
  }));
  await governance.setExecutionLogIndex(tx, p.id, entry.index, correctionLogIndex);
  return { proposalId: p.id };
}
