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
import { runInputWrite } from './idempotency.js';
import { globalIdOf, idempotencyKeyField } from './validation.js';

export const executeProposalInput = z.object({
  proposalId: globalIdOf('Proposal'),
  idempotencyKey: idempotencyKeyField,
});
export type ExecuteProposalInput = z.output<typeof executeProposalInput>;

/** The id of the reward policy a proposal puts in force. */
export const rewardPolicyIdOf = (proposalId: string) => `policy_${proposalId}`;

/**
 * Puts a PASSED proposal in force, once, by anyone, after its voting period: one transaction that records the effect
 * and appends the outcome to the transparency log. Effects apply from execution on, never to what was recorded before:
 *   REWARD_POLICY           a new RewardPolicy version in force for outputs recorded from now on
 *   DATANET_ELIGIBILITY     the datanet's records stop (or start again) earning attribution credit in new outputs
 *   CONTRIBUTOR_SANCTION    the contributor's payouts on new outputs are withheld (to the platform), or no longer
 *   ATTRIBUTION_CORRECTION  stored and voted on, not executable yet: CONFLICT, saying so
 */
export async function executeProposal(graph: GraphStore, actor: Actor, input: ExecuteProposalInput): Promise<{ proposalId: string }> {
  return runInputWrite(graph, 'executeProposal', actor, input, (tx, fields) => executeInTransaction(tx, actor, fields.proposalId));
}

async function executeInTransaction(tx: Transaction, actor: Actor, proposalId: string): Promise<{ proposalId: string }> {
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
  if (p.kind === 'ATTRIBUTION_CORRECTION') {
    throw conflict(`${gid} is an ATTRIBUTION_CORRECTION: such proposals are stored and voted on, but executing them (a correction log entry that supersedes the output's, with compensating payouts) is not implemented yet. Nothing was written.`);
  }

  let rewardPolicyId: string | null = null;
  if (p.kind === 'REWARD_POLICY') {
    if (!p.rewardPolicy) throw new Error(`${gid} is a REWARD_POLICY proposal without fractions.`);
    rewardPolicyId = rewardPolicyIdOf(p.id);
    // Checked again with the fee split's own rule before any money could move by it.
    validateRewardPolicy({ id: rewardPolicyId, version: 1, ...p.rewardPolicy });
    await governance.createRewardPolicy(tx, { id: rewardPolicyId, proposalId: p.id, policy: p.rewardPolicy });
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
  }));
  await governance.setExecutionLogIndex(tx, p.id, entry.index);
  return { proposalId: p.id };
}
