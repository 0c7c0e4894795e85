import { proposalEvent } from '../api/governance/governance-event.js';
import { proposalAction } from '../api/governance/proposal-kinds.js';
import { rolesFor } from '../api/core/roles.js';
import { appendLogEntry } from '../api/log/log-service.js';
import * as governance from '../api/store/governance.js';
import type { Transaction } from '../api/store/transaction.js';
import type { DemoPlan } from './demo-plan.js';

/** One week: the default STRATA_GOVERNANCE_VOTING_PERIOD_SECONDS, so the demo proposal is open for a while after a seed. */
export const DEMO_VOTING_PERIOD_SECONDS = 604_800;
export const DEMO_PROPOSAL_ID = 'prop_demo-sanction';

/**
 * The demo's governance: one open proposal for voters to look at (docs/architecture.md#governance). A contributor
 * resubmitted a WordNet entry as new (a duplicate the dedup clustered with the original), and the demo's voter asks
 * whether their payouts should be withheld; its impact shows the duplicate. Written through the store's writers, as
 * createProposal writes it, with its log entry, in the seed's transaction.
 */
export async function writeDemoGovernance(tx: Transaction, plan: DemoPlan): Promise<void> {
  const proposer = plan.contributors.find((c) => c.roles.includes('VOTER'));
  const owner = new Map(plan.clusters.map((c) => [c.id, c.ownerRecordId]));
  const duplicate = plan.records.find((r) => owner.get(r.clusterId) !== r.id && r.contributorId !== proposer?.id);
  if (!proposer || !duplicate) throw new Error('The demo plan has no voter or no duplicate record to propose about.');
  const policy = await governance.governancePolicyInForceTx(tx);
  const eligibleVoters = await governance.eligibleVoters(tx, rolesFor('VOTER'));
  const handle = plan.contributors.find((c) => c.id === duplicate.contributorId)?.handle ?? duplicate.contributorId;
  const proposal = {
    id: DEMO_PROPOSAL_ID,
    kind: 'CONTRIBUTOR_SANCTION' as const,
    action: proposalAction('CONTRIBUTOR_SANCTION', false),
    title: `Withhold ${handle}'s payouts`,
    rationale: `${handle} submitted a record (${duplicate.id}) that copies one accepted earlier. Copies earn nothing already; is one copy reason enough to withhold their other payouts? See the impact: their records, clusters and duplicates.`,
    subjectId: duplicate.contributorId,
    rewardPolicy: null,
    governanceRules: null,
    votingPeriodSeconds: policy.votingPeriodSeconds ?? DEMO_VOTING_PERIOD_SECONDS,
    eligibleVoters,
    governancePolicy: policy,
  };
  const created = await governance.createProposal(tx, { contributorId: proposer.id, envAdmin: false }, proposal);
  if (!created) throw new Error(`The demo proposer ${proposer.id} is missing.`);
  const entry = await appendLogEntry(tx, proposalEvent({
    proposalId: proposal.id,
    kind: proposal.kind,
    action: proposal.action,
    proposerId: proposer.id,
    subjectId: proposal.subjectId,
    title: proposal.title,
    rationale: proposal.rationale,
    rewardPolicy: null,
    votingEndsAt: created.votingEndsAt,
    eligibleVoters,
    governancePolicyId: policy.id,
    quorumBps: policy.quorumBps,
    thresholdBps: policy.thresholdBps,
  }));
  await governance.setProposalLogIndex(tx, proposal.id, entry.index);
}
