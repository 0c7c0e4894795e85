import { z } from 'zod';
import { forbidden, strataError } from '../core/errors.js';
import { decodeGlobalIdOf, encodeGlobalId } from '../core/global-id.js';
import { rolesFor } from '../core/roles.js';
import { proposalEvent } from '../governance/governance-event.js';
import { PROPOSAL_KINDS, proposalAction, RESTRICTING_ACTIONS, SUBJECT_TYPE } from '../governance/proposal-kinds.js';
import { appendLogEntry } from '../log/log-service.js';
import * as governance from '../store/governance.js';
import type { GraphStore } from '../store/graph-store.js';
import type { Actor } from './actor.js';
import { runInputWrite } from './idempotency.js';
import type { ContributorEventPublisher } from '../notifications/notification-feed.js';
import { newLocalId } from './ids.js';
import { governancePolicyInput } from './governance-policy-input.js';
import { rewardPolicyInput } from './reward-policy-input.js';
import { fieldError, idempotencyKeyField, lineField, optional, textField } from './validation.js';

export const createProposalInput = z.object({
  kind: z.enum(PROPOSAL_KINDS),
  title: lineField(200),
  rationale: textField({ maxBytes: 16 * 1024 }),
  rewardPolicy: optional(rewardPolicyInput),
  governancePolicy: optional(governancePolicyInput),
  subjectId: optional(z.string()),
  idempotencyKey: idempotencyKeyField,
});
export type CreateProposalInput = z.output<typeof createProposalInput>;

/** Who may vote: VOTER, and ADMIN (who may do everything). The electorate of a new proposal is counted from these. */
export const VOTER_ROLES = rolesFor('VOTER');

/**
 * Any contributor proposes (the proposer is the caller). The proposal copies the governance policy in force and the
 * number of eligible voters now, opens for STRATA_GOVERNANCE_VOTING_PERIOD_SECONDS, and is appended to the
 * transparency log in the same transaction. What executing it would do is fixed now from its subject's state (see
 * proposalAction). Bad input writes nothing.
 */
export async function createProposal(
  graph: GraphStore,
  actor: Actor,
  input: CreateProposalInput,
  settings: { votingPeriodSeconds: number },
  events?: ContributorEventPublisher,
): Promise<{ proposalId: string }> {
  if (!actor.contributorId) throw forbidden('A proposal names its proposer: call createProposal with a contributor\'s API key (the STRATA_ADMIN_KEY has no contributor identity).');
  const subjectType = SUBJECT_TYPE[input.kind];
  if (input.kind !== 'REWARD_POLICY' && input.rewardPolicy !== null) throw fieldError(['rewardPolicy'], `is only for REWARD_POLICY proposals, not ${input.kind}`);
  if (input.kind !== 'GOVERNANCE_POLICY' && input.governancePolicy !== null) throw fieldError(['governancePolicy'], `is only for GOVERNANCE_POLICY proposals, not ${input.kind}`);
  if (input.kind === 'REWARD_POLICY' && !input.rewardPolicy) throw fieldError(['rewardPolicy'], 'is required for a REWARD_POLICY proposal (the fractions to put in force)');
  if (input.kind === 'GOVERNANCE_POLICY' && !input.governancePolicy) throw fieldError(['governancePolicy'], 'is required for a GOVERNANCE_POLICY proposal (the quorum, threshold and voting period to put in force)');
  if (subjectType === null && input.subjectId !== null) throw fieldError(['subjectId'], `must be empty for a ${input.kind} proposal (it is about a policy, not a node)`);
  if (subjectType !== null && input.subjectId === null) throw fieldError(['subjectId'], `is required for a ${input.kind} proposal (the ${subjectType} it is about)`);
  const subjectId = subjectType && input.subjectId !== null ? decodeGlobalIdOf(subjectType, input.subjectId, 'subjectId') : null;
  const proposerId = actor.contributorId;

  const result = await runInputWrite(graph, 'createProposal', actor, { ...input, subjectId }, async (tx, fields) => {
    let restricted = false;
    if (subjectType && subjectId) {
      if (subjectType !== 'Datanet' && subjectType !== 'Contributor' && subjectType !== 'Output') throw new Error(`no subject label ${subjectType}`);
      if (!(await governance.subjectExists(tx, subjectType, subjectId))) {
        throw strataError('NOT_FOUND', `No ${subjectType} ${encodeGlobalId(subjectType, subjectId)}: a proposal must be about something that exists.`, { field: 'subjectId' });
      }
      if (fields.kind === 'DATANET_ELIGIBILITY' || fields.kind === 'CONTRIBUTOR_SANCTION') {
        restricted = (await governance.restrictedSubjects(tx, fields.kind, RESTRICTING_ACTIONS, null)).has(subjectId);
      }
    }
    const action = proposalAction(fields.kind, restricted);
    const policy = await governance.governancePolicyInForceTx(tx);
    const eligibleVoters = await governance.eligibleVoters(tx, VOTER_ROLES);
    const id = newLocalId('prop');
    const created = await governance.createProposal(tx, actor, {
      id,
      kind: fields.kind,
      action,
      title: fields.title,
      rationale: fields.rationale,
      subjectId,
      rewardPolicy: fields.rewardPolicy,
      governanceRules: fields.governancePolicy,
      // The governance policy in force sets the period once a GOVERNANCE_POLICY proposal has; until then the deployment's.
      votingPeriodSeconds: policy.votingPeriodSeconds ?? settings.votingPeriodSeconds,
      eligibleVoters,
      governancePolicy: policy,
    });
    if (!created) throw forbidden('The proposal was refused: the key\'s contributor no longer exists; nothing was written.');
    const entry = await appendLogEntry(tx, proposalEvent({
      proposalId: id,
      kind: fields.kind,
      action,
      proposerId,
      subjectId,
      title: fields.title,
      rationale: fields.rationale,
      rewardPolicy: fields.rewardPolicy,
      governancePolicy: fields.governancePolicy,
      votingEndsAt: created.votingEndsAt,
      eligibleVoters,
      governancePolicyId: policy.id,
      quorumBps: policy.quorumBps,
      thresholdBps: policy.thresholdBps,
    }));
    await governance.setProposalLogIndex(tx, id, entry.index);
    return { proposalId: id };
  });
  // Committed: the contributors it names may hear of it (docs/architecture.md#notifications).
  events?.proposalCreated(result.proposalId);
  return result;
}
