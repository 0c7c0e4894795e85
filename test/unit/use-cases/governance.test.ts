import neo4j from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import { castVote } from '../../../api/use-cases/cast-vote.js';
import { createProposal, createProposalInput } from '../../../api/use-cases/create-proposal.js';
import { executeProposal } from '../../../api/use-cases/execute-proposal.js';
import { parseInput } from '../../../api/use-cases/validation.js';
import { recording } from '../store/recording.js';

// The governance use-cases' decisions, over a recording graph: what is refused, with which code, before any write.
const member = { contributorId: 'ctb_1', envAdmin: false };
const settings = { votingPeriodSeconds: 60 };
const input = (fields: Record<string, unknown>) => parseInput(createProposalInput, { title: 'T', rationale: 'R', ...fields });
const code = async (promise: Promise<unknown>) => promise.then(() => 'OK', (e: { code?: string; field?: string }) => `${e.code}${e.field ? `:${e.field}` : ''}`);

const proposalRow = (kind: string, status: string, roles: string[] = ['VOTER']) => ({
  p: new neo4j.types.Node(neo4j.int(1), ['Proposal'], {
    id: 'prop_1', kind, action: 'CORRECT_ATTRIBUTION', title: 'T', rationale: 'R', proposerId: 'ctb_p', subjectId: 'out_1',
    createdAt: '2026-03-01T00:00:00.000Z', votingEndsAt: '2026-03-08T00:00:00.000Z', eligibleVoters: neo4j.int(3), governancePolicyId: 'g',
    quorumBps: neo4j.int(1000), thresholdBps: neo4j.int(5000),
  }, '4:t:1'),
  yes: neo4j.int(2), no: neo4j.int(0), abstain: neo4j.int(0), quorumReached: true, status, callerRoles: roles, callerChoice: null,
});

describe('createProposal', () => {
  it('refuses the admin key (no proposer identity) and mismatched kinds and subjects, sending nothing', async () => {
    const { graph, sent } = recording();
    expect(await code(createProposal(graph, { contributorId: null, envAdmin: true }, input({ kind: 'REWARD_POLICY', rewardPolicy: { platform: 0, adapterBuilders: 0, dataContributors: 0, validators: 0 } }), settings))).toBe('FORBIDDEN');
    expect(await code(createProposal(graph, member, input({ kind: 'REWARD_POLICY' }), settings))).toBe('BAD_USER_INPUT:rewardPolicy');
    expect(await code(createProposal(graph, member, input({ kind: 'CONTRIBUTOR_SANCTION' }), settings))).toBe('BAD_USER_INPUT:subjectId');
    expect(await code(createProposal(graph, member, input({ kind: 'DATANET_ELIGIBILITY', subjectId: 'Contributor:ctb_2' }), settings))).toBe('BAD_USER_INPUT:subjectId');
    expect(sent).toEqual([]);
  });

  it('GOVERNANCE_POLICY: rules required and checked (a threshold of 1 would let nothing pass again), only for that kind', async () => {
    const { graph, sent } = recording();
    const rules = { quorum: 0.25, threshold: 0.66, votingPeriodSeconds: 3600 };
    const bad = (fields: Record<string, unknown>) => code(Promise.resolve().then(() => createProposal(graph, member, input({ kind: 'GOVERNANCE_POLICY', ...fields }), settings)));
    expect(await bad({})).toBe('BAD_USER_INPUT:governancePolicy');
    expect(await bad({ governancePolicy: { ...rules, threshold: 1 } })).toBe('BAD_USER_INPUT:governancePolicy.threshold');
    expect(await bad({ governancePolicy: { ...rules, quorum: 1.5 } })).toBe('BAD_USER_INPUT:governancePolicy.quorum');
    expect(await bad({ governancePolicy: { ...rules, quorum: 0.12345 } })).toBe('BAD_USER_INPUT:governancePolicy.quorum');
    expect(await bad({ governancePolicy: { ...rules, votingPeriodSeconds: 10 } })).toBe('BAD_USER_INPUT:governancePolicy.votingPeriodSeconds');
    expect(await bad({ governancePolicy: rules, subjectId: 'Datanet:dn_1' })).toBe('BAD_USER_INPUT:subjectId');
    expect(await code(Promise.resolve().then(() => createProposal(graph, member, input({ kind: 'CONTRIBUTOR_SANCTION', subjectId: 'Contributor:ctb_2', governancePolicy: rules }), settings)))).toBe('BAD_USER_INPUT:governancePolicy');
    expect(sent).toEqual([]);
    expect(parseInput(createProposalInput, { kind: 'GOVERNANCE_POLICY', title: 'T', rationale: 'R', governancePolicy: rules }).governancePolicy).toEqual({ quorumBps: 2500, thresholdBps: 6600, votingPeriodSeconds: 3600 });
  });

  it('an unknown subject is NOT_FOUND before anything is written', async () => {
    const { graph, sent } = recording([[]]);
    expect(await code(createProposal(graph, member, input({ kind: 'CONTRIBUTOR_SANCTION', subjectId: 'Contributor:ctb_x' }), settings))).toBe('NOT_FOUND:subjectId');
    expect(sent).toHaveLength(1);
  });
});

describe('castVote and executeProposal', () => {
  it('a non-voter is FORBIDDEN; a closed proposal is CONFLICT; both before the vote is written', async () => {
    const nonVoter = recording([[proposalRow('REWARD_POLICY', 'OPEN', ['CONTRIBUTOR'])]]);
    expect(await code(castVote(nonVoter.graph, member, { proposalId: 'prop_1', choice: 'YES', idempotencyKey: null }))).toBe('FORBIDDEN');
    expect(nonVoter.sent).toHaveLength(1);
    const closed = recording([[proposalRow('REWARD_POLICY', 'PASSED')]]);
    expect(await code(castVote(closed.graph, member, { proposalId: 'prop_1', choice: 'YES', idempotencyKey: null }))).toBe('CONFLICT');
    expect(closed.sent).toHaveLength(1);
  });

  it('only a PASSED proposal is executed; a correction of an output that is gone is NOT_FOUND, before anything is written', async () => {
    const noEngine = null;
    for (const status of ['OPEN', 'REJECTED', 'EXECUTED']) {
      const row = proposalRow('REWARD_POLICY', status);
      // The proposal is read once before the transaction (a correction's trace runs outside it), then in it.
      const { graph, sent } = recording([[row], [row]]);
      expect(await code(executeProposal(graph, member, { proposalId: 'prop_1', idempotencyKey: null }, noEngine))).toBe('CONFLICT');
      expect(sent).toHaveLength(2);
    }
    const correction = recording([[proposalRow('ATTRIBUTION_CORRECTION', 'PASSED')], []]);
    const engine = { attributeAsOf: () => Promise.reject(new Error('not reached')) };
    expect(await code(executeProposal(correction.graph, member, { proposalId: 'prop_1', idempotencyKey: null }, engine))).toBe('NOT_FOUND');
    expect(correction.sent).toHaveLength(2);
  });
});
