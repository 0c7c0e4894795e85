import type { Node } from 'neo4j-driver';
import { DEFAULT_GOVERNANCE_POLICY, type GovernancePolicy, type GovernanceRules } from '../governance/governance-policy.js';
import type { ProposalAction, ProposalKind, ProposalStatus, VoteChoice } from '../governance/proposal-kinds.js';
import { guardParams, type Actor, type Guard } from './actor-guard.js';
import type { GraphStore } from './graph-store.js';
import type { Transaction } from './transaction.js';
import { int, plainValue, toNumber } from './values.js';

/**
 * Governance in Neo4j (docs/architecture.md#governance):
 *
 *   (:GovernancePolicy {id, version, quorumBps, thresholdBps, votingPeriodSeconds?, inForceFrom, proposalId?})
 *                                                          versioned like RewardPolicy, never edited; changed by proposal
 *   (:Contributor)-[:PROPOSED]->(:Proposal {id, kind, action, title, rationale, proposerId, subjectId, createdAt,
 *       votingEndsAt, eligibleVoters, governancePolicyId, quorumBps, thresholdBps, platform?, adapterBuilders?,
 *       dataContributors?, validators?, proposedQuorumBps?, proposedThresholdBps?, proposedVotingPeriodSeconds?, logIndex, executedAt?, executionLogIndex?, rewardPolicyId?, correctionLogIndex?})
 *   (:Contributor)-[:VOTED {choice, at, logIndex}]->(:Proposal) one edge per voter: a later vote replaces the earlier
 *
 * A proposal's status is not stored: it follows from the clock, its votes and whether it was executed (TALLY below),
 * so it can never disagree with them. Executed DATANET_ELIGIBILITY and CONTRIBUTOR_SANCTION proposals are the history
 * of suspensions and sanctions: what is in force at an instant is each subject's latest executed action before it.
 */

// ---- the governance policy ----------------------------------------------------------------------------------------

export const mergeGovernancePolicyCypher = `MERGE (g:GovernancePolicy {id: $policy.id})
ON CREATE SET g.version = $policy.version, g.quorumBps = $policy.quorumBps, g.thresholdBps = $policy.thresholdBps,
  g.votingPeriodSeconds = $policy.votingPeriodSeconds, g.inForceFrom = datetime($policy.inForceFrom)`;

export const governancePolicyInForceCypher = `MATCH (g:GovernancePolicy) WHERE g.inForceFrom <= datetime()
RETURN g ORDER BY g.inForceFrom DESC, g.version DESC LIMIT 1`;

export function governancePolicyFrom(props: Record<string, unknown>): GovernancePolicy {
  const g = plainValue(props) as Record<string, unknown>;
  return {
    id: String(g.id),
    version: Number(g.version),
    quorumBps: Number(g.quorumBps),
    thresholdBps: Number(g.thresholdBps),
    votingPeriodSeconds: g.votingPeriodSeconds == null ? null : Number(g.votingPeriodSeconds),
    inForceFrom: String(g.inForceFrom),
  };
}

/** The governance policy in force, in the caller's transaction; the default is created the first time it is needed. */
export async function governancePolicyInForceTx(tx: Transaction): Promise<GovernancePolicy> {
  const read = async () => {
    const res = await tx.run(governancePolicyInForceCypher);
    const node = res.records[0]?.get('g') as { properties: Record<string, unknown> } | undefined;
    return node ? governancePolicyFrom(node.properties) : null;
  };
  const found = await read();
  if (found) return found;
  const p = DEFAULT_GOVERNANCE_POLICY;
  await tx.run(mergeGovernancePolicyCypher, { policy: { ...p, version: int(p.version), quorumBps: int(p.quorumBps), thresholdBps: int(p.thresholdBps), votingPeriodSeconds: null } });
  return (await read()) ?? p;
}

// ---- proposals ----------------------------------------------------------------------------------------------------

/** Holders of VOTER (or ADMIN, who may do everything) now: the electorate a new proposal is counted against. */
export const eligibleVotersCypher = `MATCH (c:Contributor) WHERE any(role IN coalesce(c.roles, []) WHERE role IN $roles)
RETURN count(c) AS voters`;

export async function eligibleVoters(tx: Transaction, roles: readonly string[]): Promise<number> {
  const res = await tx.run(eligibleVotersCypher, { roles: [...roles] });
  return toNumber(res.records[0]?.get('voters') ?? 0);
}

/** One statement per subject label, so each is an index seek on the label's unique id. */
export const subjectExistsCypher = (label: 'Datanet' | 'Contributor' | 'Output') => `MATCH (n:${label} {id: $id}) RETURN n.id AS id`;

export async function subjectExists(tx: Transaction, label: 'Datanet' | 'Contributor' | 'Output', id: string): Promise<boolean> {
  const res = await tx.run(subjectExistsCypher(label), { id });
  return res.records.length > 0;
}

/**
 * The subjects of `kind` restricted at an instant (epoch ms; null = the transaction's clock): each subject's latest
 * executed action at or before it, kept when it is one of `restricting`. A range seek on executedAt.
 */
export const restrictedSubjectsCypher = `MATCH (p:Proposal) WHERE p.executedAt <= CASE WHEN $atMs IS NULL THEN datetime() ELSE datetime({epochMillis: $atMs}) END
  AND p.kind = $kind
WITH p ORDER BY p.executedAt DESC, p.id DESC
WITH p.subjectId AS subjectId, collect(p.action)[0] AS latest
WHERE latest IN $restricting
RETURN collect(subjectId) AS ids`;

export async function restrictedSubjects(
  tx: Transaction,
  kind: 'DATANET_ELIGIBILITY' | 'CONTRIBUTOR_SANCTION',
  restricting: readonly ProposalAction[],
  atMs: number | null,
): Promise<Set<string>> {
  const res = await tx.run(restrictedSubjectsCypher, { kind, restricting: [...restricting], atMs: atMs === null ? null : int(atMs) });
  return new Set((res.records[0]?.get('ids') as string[] | undefined) ?? []);
}

export interface NewProposal {
  id: string;
  kind: ProposalKind;
  action: ProposalAction;
  title: string;
  rationale: string;
  subjectId: string | null;
  rewardPolicy: { platform: number; adapterBuilders: number; dataContributors: number; validators: number } | null;
  /** For GOVERNANCE_POLICY: the rules it would put in force. */
  governanceRules: GovernanceRules | null;
  votingPeriodSeconds: number;
  eligibleVoters: number;
  governancePolicy: GovernancePolicy;
}

/** The proposer is the caller's Contributor node: a key without one (the admin key) proposes nothing. */
export const createProposalCypher = `MATCH (actor:Contributor {id: $actorId})
CREATE (p:Proposal {id: $id, kind: $kind, action: $action, title: $title, rationale: $rationale, proposerId: actor.id,
  subjectId: $subjectId, createdAt: datetime.statement(),
  votingEndsAt: datetime.statement() + duration({seconds: $votingPeriodSeconds}),
  eligibleVoters: $eligibleVoters, governancePolicyId: $governancePolicyId, quorumBps: $quorumBps, thresholdBps: $thresholdBps,
  platform: $policy.platform, adapterBuilders: $policy.adapterBuilders, dataContributors: $policy.dataContributors,
  validators: $policy.validators, proposedQuorumBps: $rules.quorumBps, proposedThresholdBps: $rules.thresholdBps,
  proposedVotingPeriodSeconds: $rules.votingPeriodSeconds})
CREATE (actor)-[:PROPOSED]->(p)
RETURN p.id AS id, toString(p.votingEndsAt) AS votingEndsAt`;

/** Null when the caller has no contributor node. */
export async function createProposal(tx: Transaction, actor: Actor, p: NewProposal): Promise<{ votingEndsAt: string } | null> {
  const g = p.governancePolicy;
  const res = await tx.run(createProposalCypher, {
    actorId: actor.contributorId,
    id: p.id,
    kind: p.kind,
    action: p.action,
    title: p.title,
    rationale: p.rationale,
    subjectId: p.subjectId,
    votingPeriodSeconds: int(p.votingPeriodSeconds),
    eligibleVoters: int(p.eligibleVoters),
    governancePolicyId: g.id,
    quorumBps: int(g.quorumBps),
    thresholdBps: int(g.thresholdBps),
    policy: p.rewardPolicy ?? { platform: null, adapterBuilders: null, dataContributors: null, validators: null },
    rules: p.governanceRules
      ? { quorumBps: int(p.governanceRules.quorumBps), thresholdBps: int(p.governanceRules.thresholdBps), votingPeriodSeconds: int(p.governanceRules.votingPeriodSeconds) }
      : { quorumBps: null, thresholdBps: null, votingPeriodSeconds: null },
  });
  const row = res.records[0];
  return row ? { votingEndsAt: String(row.get('votingEndsAt')) } : null;
}

export const setProposalLogIndexCypher = 'MATCH (p:Proposal {id: $id}) SET p.logIndex = $index';

export async function setProposalLogIndex(tx: Transaction, id: string, index: number): Promise<void> {
  await tx.run(setProposalLogIndexCypher, { id, index: int(index) });
}

/**
 * Cypher, after a `p` is bound: its vote counts, whether quorum is reached and its status at the transaction's clock.
 * The one place the counting rule lives in Cypher; api/governance/governance-policy.ts has the same rule for tests.
 */
export const TALLY = `CALL (p) {
  OPTIONAL MATCH (:Contributor)-[v:VOTED]->(p)
  RETURN count(CASE v.choice WHEN 'YES' THEN 1 END) AS yes, count(CASE v.choice WHEN 'NO' THEN 1 END) AS no,
    count(CASE v.choice WHEN 'ABSTAIN' THEN 1 END) AS abstain
}
WITH p, yes, no, abstain, p.eligibleVoters > 0 AND (yes + no + abstain) * 10000 >= p.quorumBps * p.eligibleVoters AS quorumReached
WITH p, yes, no, abstain, quorumReached, CASE
  WHEN p.executedAt IS NOT NULL THEN 'EXECUTED'
  WHEN datetime() < p.votingEndsAt THEN 'OPEN'
  WHEN quorumReached AND yes * 10000 > p.thresholdBps * (yes + no) THEN 'PASSED'
  ELSE 'REJECTED' END AS status`;

/** A proposal as the API reads it: its properties, its status and tally now. */
export interface ProposalShape {
  __typename: 'Proposal';
  id: string;
  kind: ProposalKind;
  action: ProposalAction;
  title: string;
  rationale: string;
  proposerId: string;
  subjectId: string | null;
  createdAt: string;
  votingEndsAt: string;
  eligibleVoters: number;
  governancePolicyId: string;
  quorumBps: number;
  thresholdBps: number;
  rewardPolicy: { platform: number; adapterBuilders: number; dataContributors: number; validators: number } | null;
  /** For GOVERNANCE_POLICY: the proposed rules. */
  governanceRules: GovernanceRules | null;
  logIndex: number | null;
  executedAt: string | null;
  executionLogIndex: number | null;
  rewardPolicyId: string | null;
  /** For an executed ATTRIBUTION_CORRECTION: the correction's attribution entry in the log. */
  correctionLogIndex: number | null;
  status: ProposalStatus;
  tally: { yes: number; no: number; abstain: number; eligibleVoters: number; quorumReached: boolean };
}

export function proposalFrom(node: Node | { properties: Record<string, unknown> }, row: { yes: unknown; no: unknown; abstain: unknown; quorumReached: unknown; status: unknown }): ProposalShape {
  const p = plainValue({ ...node.properties }) as Record<string, unknown>;
  const eligible = Number(p.eligibleVoters);
  return {
    __typename: 'Proposal',
    id: String(p.id),
    kind: p.kind as ProposalKind,
    action: p.action as ProposalAction,
    title: String(p.title),
    rationale: String(p.rationale),
    proposerId: String(p.proposerId),
    subjectId: (p.subjectId as string | undefined) ?? null,
    createdAt: String(p.createdAt),
    votingEndsAt: String(p.votingEndsAt),
    eligibleVoters: eligible,
    governancePolicyId: String(p.governancePolicyId),
    quorumBps: Number(p.quorumBps),
    thresholdBps: Number(p.thresholdBps),
    rewardPolicy:
      p.platform == null
        ? null
        : { platform: Number(p.platform), adapterBuilders: Number(p.adapterBuilders), dataContributors: Number(p.dataContributors), validators: Number(p.validators) },
    governanceRules:
      p.proposedQuorumBps == null
        ? null
        : { quorumBps: Number(p.proposedQuorumBps), thresholdBps: Number(p.proposedThresholdBps), votingPeriodSeconds: Number(p.proposedVotingPeriodSeconds) },
    logIndex: p.logIndex == null ? null : Number(p.logIndex),
    executedAt: (p.executedAt as string | undefined) ?? null,
    executionLogIndex: p.executionLogIndex == null ? null : Number(p.executionLogIndex),
    rewardPolicyId: (p.rewardPolicyId as string | undefined) ?? null,
    correctionLogIndex: p.correctionLogIndex == null ? null : Number(p.correctionLogIndex),
    status: row.status as ProposalStatus,
    tally: { yes: toNumber(row.yes), no: toNumber(row.no), abstain: toNumber(row.abstain), eligibleVoters: eligible, quorumReached: row.quorumReached === true },
  };
}

/** Locks the proposal (votes and executions of one proposal queue) and reads it with its tally; null when unknown. */
export const proposalForUpdateCypher = `MATCH (p:Proposal {id: $id})
SET p.strataLock = true REMOVE p.strataLock
WITH p
${TALLY}
OPTIONAL MATCH (actor:Contributor {id: $actorId})
OPTIONAL MATCH (actor)-[mine:VOTED]->(p)
RETURN p, yes, no, abstain, quorumReached, status, actor.roles AS callerRoles, mine.choice AS callerChoice`;

export interface ProposalForUpdate {
  proposal: ProposalShape;
  callerRoles: unknown;
  /** The caller's current vote on it, if any. */
  callerChoice: VoteChoice | null;
}

export async function proposalForUpdate(tx: Transaction, id: string, actor: Actor): Promise<ProposalForUpdate | null> {
  const res = await tx.run(proposalForUpdateCypher, { id, actorId: actor.contributorId });
  const row = res.records[0];
  if (!row) return null;
  const get = (k: string) => row.get(k) as unknown;
  return {
    proposal: proposalFrom(row.get('p') as Node, { yes: get('yes'), no: get('no'), abstain: get('abstain'), quorumReached: get('quorumReached'), status: get('status') }),
    callerRoles: get('callerRoles') ?? null,
    callerChoice: (get('callerChoice') as VoteChoice | null) ?? null,
  };
}

/**
 * The caller's vote, replacing their earlier one, behind the role guard and only while the proposal is open (checked
 * in the statement, at the transaction's clock). 0 when refused.
 */
export const castVoteCypher = `MATCH (actor:Contributor {id: $actorId}) WHERE any(role IN coalesce(actor.roles, []) WHERE role IN $roles)
MATCH (p:Proposal {id: $proposalId}) WHERE p.executedAt IS NULL AND datetime() < p.votingEndsAt
MERGE (actor)-[v:VOTED]->(p)
SET v.choice = $choice, v.at = datetime.statement()
RETURN count(v) AS voted`;

export async function castVote(tx: Transaction, guard: Guard, vote: { proposalId: string; choice: VoteChoice }): Promise<number> {
  const res = await tx.run(castVoteCypher, { ...guardParams(guard), ...vote });
  return toNumber(res.records[0]?.get('voted') ?? 0);
}

/** Links the caller's current vote to its transparency-log entry (appended in the same transaction). */
export const setVoteLogIndexCypher = `MATCH (actor:Contributor {id: $actorId})-[v:VOTED]->(p:Proposal {id: $proposalId})
SET v.logIndex = $index`;

export async function setVoteLogIndex(tx: Transaction, actorId: string, proposalId: string, index: number): Promise<void> {
  await tx.run(setVoteLogIndexCypher, { actorId, proposalId, index: int(index) });
}

/** Marks the proposal executed (once: a second execution finds executedAt set and writes nothing); 0 when refused. */
export const markExecutedCypher = `MATCH (p:Proposal {id: $id}) WHERE p.executedAt IS NULL AND p.votingEndsAt <= datetime()
SET p.executedAt = datetime.statement(), p.rewardPolicyId = $rewardPolicyId
RETURN count(p) AS executed`;

export async function markExecuted(tx: Transaction, id: string, rewardPolicyId: string | null): Promise<number> {
  const res = await tx.run(markExecutedCypher, { id, rewardPolicyId });
  return toNumber(res.records[0]?.get('executed') ?? 0);
}

export const setExecutionLogIndexCypher = 'MATCH (p:Proposal {id: $id}) SET p.executionLogIndex = $index, p.correctionLogIndex = $correctionIndex';

/** Where the execution sits in the log, and for a correction where its attribution entry does. */
export async function setExecutionLogIndex(tx: Transaction, id: string, index: number, correctionIndex: number | null = null): Promise<void> {
  await tx.run(setExecutionLogIndexCypher, { id, index: int(index), correctionIndex: correctionIndex === null ? null : int(correctionIndex) });
}

/**
 * The reward policy a passed REWARD_POLICY proposal puts in force: a new RewardPolicy node, the next version, in force
 * from this statement on (never retroactive: outputs already recorded keep the payouts they were made).
 */
export const createRewardPolicyCypher = `OPTIONAL MATCH (old:RewardPolicy)
WITH coalesce(max(old.version), 0) + 1 AS version
CREATE (r:RewardPolicy {id: $id, version: version, platform: $policy.platform, adapterBuilders: $policy.adapterBuilders,
  dataContributors: $policy.dataContributors, validators: $policy.validators, inForceFrom: datetime.statement(), proposalId: $proposalId})
RETURN r.version AS version`;

export async function createRewardPolicy(
  tx: Transaction,
  input: { id: string; proposalId: string; policy: { platform: number; adapterBuilders: number; dataContributors: number; validators: number } },
): Promise<number> {
  const res = await tx.run(createRewardPolicyCypher, input);
  return toNumber(res.records[0]?.get('version'));
}

/**
 * The governance policy a passed GOVERNANCE_POLICY proposal puts in force: a new GovernancePolicy node, the next
 * version, from this statement on. Proposals already open keep the rules they copied when they were created.
 */
export const createGovernancePolicyCypher = `OPTIONAL MATCH (old:GovernancePolicy)
WITH coalesce(max(old.version), 0) + 1 AS version
CREATE (g:GovernancePolicy {id: $id, version: version, quorumBps: $rules.quorumBps, thresholdBps: $rules.thresholdBps,
  votingPeriodSeconds: $rules.votingPeriodSeconds, inForceFrom: datetime.statement(), proposalId: $proposalId})
RETURN g.version AS version`;

export async function createGovernancePolicy(tx: Transaction, input: { id: string; proposalId: string; rules: GovernanceRules }): Promise<number> {
  const r = input.rules;
  const res = await tx.run(createGovernancePolicyCypher, {
    id: input.id,
    proposalId: input.proposalId,
    rules: { quorumBps: int(r.quorumBps), thresholdBps: int(r.thresholdBps), votingPeriodSeconds: int(r.votingPeriodSeconds) },
  });
  return toNumber(res.records[0]?.get('version'));
}

/** The governance policy in force, for a read: the default (not yet stored) when none is. */
export async function governancePolicyInForce(graph: GraphStore): Promise<GovernancePolicy> {
  const rows = await graph.read<{ g: { properties: Record<string, unknown> } }>(governancePolicyInForceCypher);
  return rows[0] ? governancePolicyFrom(rows[0].g.properties) : DEFAULT_GOVERNANCE_POLICY;
}

export const governancePolicyByIdCypher = 'MATCH (g:GovernancePolicy {id: $id}) RETURN g';

export async function governancePolicyById(graph: GraphStore, id: string): Promise<GovernancePolicy | null> {
  const rows = await graph.read<{ g: { properties: Record<string, unknown> } }>(governancePolicyByIdCypher, { id });
  return rows[0] ? governancePolicyFrom(rows[0].g.properties) : null;
}

async function restrictedSubjectsRead(graph: GraphStore, kind: string, restricting: readonly ProposalAction[], atMs: number | null): Promise<Set<string>> {
  const rows = await graph.read<{ ids: string[] }>(restrictedSubjectsCypher, { kind, restricting: [...restricting], atMs: atMs === null ? null : int(atMs) });
  return new Set(rows[0]?.ids ?? []);
}

/** Datanets whose records earn no attribution credit at an instant (epoch ms; null = now). */
export function suspendedDatanets(graph: GraphStore, atMs: number | null): Promise<Set<string>> {
  return restrictedSubjectsRead(graph, 'DATANET_ELIGIBILITY', ['SUSPEND_DATANET'], atMs);
}

/** The same in the caller's transaction (recordOutput's shared read: docs/architecture.md#outputs-in-parallel). */
export function suspendedDatanetsTx(tx: Transaction, atMs: number | null): Promise<Set<string>> {
  return restrictedSubjects(tx, 'DATANET_ELIGIBILITY', ['SUSPEND_DATANET'], atMs);
}

/** Contributors under sanction now, for a read (the policy simulation). */
export function sanctionedContributors(graph: GraphStore): Promise<Set<string>> {
  return restrictedSubjectsRead(graph, 'CONTRIBUTOR_SANCTION', ['SANCTION_CONTRIBUTOR'], null);
}

/** Contributors under sanction now, in the caller's (write) transaction: their payouts are withheld. */
export function sanctionedContributorsTx(tx: Transaction): Promise<Set<string>> {
  return restrictedSubjects(tx, 'CONTRIBUTOR_SANCTION', ['SANCTION_CONTRIBUTOR'], null);
}
