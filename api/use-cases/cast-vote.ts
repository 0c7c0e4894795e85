import { z } from 'zod';
import { conflict, forbidden, strataError } from '../core/errors.js';
import { encodeGlobalId } from '../core/global-id.js';
import { voteEvent } from '../governance/governance-event.js';
import { VOTE_CHOICES } from '../governance/proposal-kinds.js';
import { appendLogEntry } from '../log/log-service.js';
import * as governance from '../store/governance.js';
import type { GraphStore } from '../store/graph-store.js';
import type { Transaction } from '../store/transaction.js';
import { holdsRole, type Actor } from './actor.js';
import { VOTER_ROLES } from './create-proposal.js';
import { runInputWrite } from './idempotency.js';
import { globalIdOf, idempotencyKeyField } from './validation.js';

export const castVoteInput = z.object({
  proposalId: globalIdOf('Proposal'),
  choice: z.enum(VOTE_CHOICES),
  idempotencyKey: idempotencyKeyField,
});
export type CastVoteInput = z.output<typeof castVoteInput>;

/**
 * A voter's vote: one per voter and proposal, a later vote replacing the earlier one until the period ends. Each
 * change is a log entry; repeating one's current choice changes nothing and logs nothing, so a retry is harmless
 * with or without an idempotency key.
 */
export async function castVote(graph: GraphStore, actor: Actor, input: CastVoteInput): Promise<{ proposalId: string }> {
  if (!actor.contributorId) throw forbidden('A vote names its voter: call castVote with a voter\'s API key (the STRATA_ADMIN_KEY has no contributor identity).');
  return runInputWrite(graph, 'castVote', actor, input, (tx, vote) => voteInTransaction(tx, actor, actor.contributorId!, vote));
}

async function voteInTransaction(tx: Transaction, actor: Actor, voterId: string, vote: Omit<CastVoteInput, 'idempotencyKey'>): Promise<{ proposalId: string }> {
  const gid = encodeGlobalId('Proposal', vote.proposalId);
  const found = await governance.proposalForUpdate(tx, vote.proposalId, actor);
  if (!found) throw strataError('NOT_FOUND', `No proposal ${gid}.`, { field: 'proposalId' });
  if (!holdsRole(actor, found.callerRoles, VOTER_ROLES)) throw forbidden('Only voters (the VOTER role) may vote.');
  const { proposal } = found;
  if (proposal.status !== 'OPEN') {
    throw conflict(`Voting on ${gid} ended at ${proposal.votingEndsAt} (it is ${proposal.status}); votes are counted only while it is OPEN. Nothing was written.`);
  }
  if (found.callerChoice === vote.choice) return { proposalId: vote.proposalId };
  const voted = await governance.castVote(tx, { actor, roles: VOTER_ROLES }, vote);
  if (voted !== 1) throw conflict(`The vote on ${gid} was refused (the period ended or your roles changed during the request); nothing was written.`);
  const entry = await appendLogEntry(tx, voteEvent({ proposalId: vote.proposalId, voterId, choice: vote.choice }));
  // The vote names its log entry, so anyone can fetch its inclusion proof from the vote (Vote.logEntry).
  await governance.setVoteLogIndex(tx, voterId, vote.proposalId, entry.index);
  return { proposalId: vote.proposalId };
}
