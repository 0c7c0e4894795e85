import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, startTestApi, type TestApi } from './support/api.js';
import { expectOk, graphCounts, member, outcome, type Member } from './support/contributions.js';
import { resetGraph } from './support/graph.js';

// The governance policy changed by proposal, over GraphQL on the real Neo4j: a GOVERNANCE_POLICY proposal voted and
// executed puts new quorum, threshold and voting period in force for proposals created from then on; a proposal
// already open keeps the rules it copied.
const ADMIN = 'test-admin-key-governance-policy';
const PERIOD_SECONDS = 20;
const RULES = { quorum: 0.5, threshold: 0.66, votingPeriodSeconds: 7200 };
let api: TestApi;
let proposer: Member;
const voters: Member[] = [];
let change: any;
let openBefore: any;

const CREATE = `mutation($input: CreateProposalInput!) { createProposal(input: $input) { proposal { id kind action status createdAt votingEndsAt quorum threshold
  governancePolicy { id version quorum threshold votingPeriodSeconds } logEntry { entry } } } }`;
const EXECUTE = `mutation($input: ExecuteProposalInput!) { executeProposal(input: $input) { proposal { id status
  governancePolicy { id version quorum threshold votingPeriodSeconds inForceFrom } executionLogEntry { entry } } } }`;
const POLICY = '{ governancePolicy { id version quorum threshold votingPeriodSeconds } }';
const propose = async (input: Record<string, unknown>) => expectOk(await gql(api.url, CREATE, { input: { rationale: 'Because.', ...input } }, proposer.key)).createProposal.proposal;
const vote = async (proposalId: string, voter: Member, choice: string) =>
  expectOk(await gql(api.url, 'mutation($input: CastVoteInput!) { castVote(input: $input) { proposal { id } } }', { input: { proposalId, choice } }, voter.key));
const seconds = (p: any) => (Date.parse(p.votingEndsAt) - Date.parse(p.createdAt)) / 1000;

beforeAll(async () => {
  await resetGraph();
  api = await startTestApi({ seed: false, adminKey: ADMIN, votingPeriodSeconds: PERIOD_SECONDS });
  proposer = await member(api.url, ADMIN, 'gp-proposer', ['CONTRIBUTOR']);
  for (const h of ['gp-v1', 'gp-v2', 'gp-v3', 'gp-v4']) voters.push(await member(api.url, ADMIN, h, ['VOTER']));
  change = await propose({ kind: 'GOVERNANCE_POLICY', title: 'Half must vote, two thirds must agree', governancePolicy: RULES });
  openBefore = await propose({ kind: 'REWARD_POLICY', title: 'Created under the old rules', rewardPolicy: { platform: 0.1, adapterBuilders: 0.1, dataContributors: 0.6, validators: 0.1 } });
  await vote(change.id, voters[0]!, 'YES');
}, 240_000);
afterAll(async () => {
  await api.stop();
});

describe('GOVERNANCE_POLICY', () => {
  it('the default rules are in force; the proposal shows the rules it would put in force, and is logged with them', async () => {
    expect(expectOk(await gql(api.url, POLICY)).governancePolicy).toEqual({ id: 'governance_default', version: 1, quorum: 0.1, threshold: 0.5, votingPeriodSeconds: PERIOD_SECONDS });
    expect(change).toMatchObject({ kind: 'GOVERNANCE_POLICY', action: 'SET_GOVERNANCE_POLICY', status: 'OPEN', quorum: 0.1, threshold: 0.5 });
    expect(change.governancePolicy).toMatchObject({ version: 0, ...RULES });
    expect(seconds(change)).toBe(PERIOD_SECONDS);
    expect(JSON.parse(change.logEntry.entry)).toMatchObject({ type: 'governance.proposal', kind: 'GOVERNANCE_POLICY', governancePolicy: { quorumBps: 5000, thresholdBps: 6600, votingPeriodSeconds: 7200 } });
  });

  it('bad rules are a clear error naming the field, writing nothing', async () => {
    const before = await graphCounts();
    const refuse = async (governancePolicy: unknown, field: string) => {
      const res = await gql(api.url, CREATE, { input: { kind: 'GOVERNANCE_POLICY', title: 'x', rationale: 'y', governancePolicy } }, proposer.key);
      expect(outcome(res)).toBe('BAD_USER_INPUT');
      expect(res.errors![0]!.extensions?.field).toBe(field);
    };
    await refuse({ ...RULES, threshold: 1 }, 'governancePolicy.threshold');
    await refuse({ ...RULES, quorum: -0.1 }, 'governancePolicy.quorum');
    await refuse({ ...RULES, votingPeriodSeconds: 5 }, 'governancePolicy.votingPeriodSeconds');
    expect(await graphCounts()).toEqual(before);
  });

  it('executed: a new version in force for proposals created from then on; the open one keeps its rules', async () => {
    const wait = Date.parse(change.votingEndsAt) - Date.now() + 500;
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const executed = expectOk(await gql(api.url, EXECUTE, { input: { proposalId: change.id } }, proposer.key)).executeProposal.proposal;
    expect(executed.status).toBe('EXECUTED');
    expect(executed.governancePolicy).toMatchObject({ version: 2, ...RULES });
    expect(JSON.parse(executed.executionLogEntry.entry)).toMatchObject({ type: 'governance.execution', kind: 'GOVERNANCE_POLICY', newGovernancePolicyId: executed.governancePolicy.id });
    expect(expectOk(await gql(api.url, POLICY)).governancePolicy).toEqual({ id: executed.governancePolicy.id, version: 2, ...RULES });
    expect(outcome(await gql(api.url, EXECUTE, { input: { proposalId: change.id } }, proposer.key))).toBe('CONFLICT');

    const after = await propose({ kind: 'REWARD_POLICY', title: 'Created under the new rules', rewardPolicy: { platform: 0.2, adapterBuilders: 0.1, dataContributors: 0.5, validators: 0.1 } });
    expect(after).toMatchObject({ quorum: 0.5, threshold: 0.66 });
    expect(seconds(after)).toBe(RULES.votingPeriodSeconds);
    // One YES of four voters is no quorum under the new rules (it was under the old ones); three of four are.
    await vote(after.id, voters[0]!, 'YES');
    const tally = `query($id: ID!) { proposal(id: $id) { quorum threshold tally { yes quorumReached } } }`;
    expect(expectOk(await gql(api.url, tally, { id: after.id })).proposal).toEqual({ quorum: 0.5, threshold: 0.66, tally: { yes: 1, quorumReached: false } });
    await vote(after.id, voters[1]!, 'YES');
    expect(expectOk(await gql(api.url, tally, { id: after.id })).proposal.tally).toEqual({ yes: 2, quorumReached: true });
    // The proposal open before the change keeps the rules it was created under.
    expect(expectOk(await gql(api.url, tally, { id: openBefore.id })).proposal).toMatchObject({ quorum: 0.1, threshold: 0.5 });
  });
});
