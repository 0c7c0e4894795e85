import neo4j from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import { DEFAULT_GOVERNANCE_POLICY } from '../../../api/governance/governance-policy.js';
import * as governance from '../../../api/store/governance.js';
import { proposalPage, proposalsById, votePage } from '../../../api/store/reads/proposals.js';
import { recordedOutputsSince } from '../../../api/store/reads/policy-simulation.js';
import { governanceMetrics } from '../../../api/use-cases/governance-metrics.js';
import { contributorImpact, datanetImpact } from '../../../api/store/reads/proposal-impact.js';
import { recording } from './recording.js';

const voter = { contributorId: 'ctb_v', envAdmin: false };
const proposalNode = (extra: Record<string, unknown> = {}) =>
  new neo4j.types.Node(neo4j.int(1), ['Proposal'], {
    id: 'prop_1', kind: 'REWARD_POLICY', action: 'SET_REWARD_POLICY', title: 'T', rationale: 'R', proposerId: 'ctb_p', subjectId: null,
    createdAt: '2026-03-01T00:00:00.000Z', votingEndsAt: '2026-03-08T00:00:00.000Z', eligibleVoters: neo4j.int(3), governancePolicyId: 'governance_default',
    quorumBps: neo4j.int(1000), thresholdBps: neo4j.int(5000), platform: 0.1, adapterBuilders: 0.1, dataContributors: 0.7, validators: 0, logIndex: neo4j.int(4), ...extra,
  }, '4:t:1');
const tallyRow = { yes: neo4j.int(2), no: neo4j.int(1), abstain: neo4j.int(0), quorumReached: true, status: 'OPEN' };

describe('store/governance statements', () => {
  it('a governance policy by proposal: the next version created, read in force and by id', async () => {
    const stored = { id: 'governance_prop_1', version: neo4j.int(2), quorumBps: neo4j.int(2500), thresholdBps: neo4j.int(6600), votingPeriodSeconds: neo4j.int(120), inForceFrom: '2026-03-09T00:00:00Z' };
    const { tx, graph, sent } = recording([[{ version: neo4j.int(2) }], [{ g: { properties: stored } }], [{ g: { properties: stored } }]]);
    expect(await governance.createGovernancePolicy(tx, { id: 'governance_prop_1', proposalId: 'prop_1', rules: { quorumBps: 2500, thresholdBps: 6600, votingPeriodSeconds: 120 } })).toBe(2);
    const expected = { id: 'governance_prop_1', version: 2, quorumBps: 2500, thresholdBps: 6600, votingPeriodSeconds: 120, inForceFrom: '2026-03-09T00:00:00Z' };
    expect(await governance.governancePolicyInForce(graph)).toEqual(expected);
    expect(await governance.governancePolicyById(graph, 'governance_prop_1')).toEqual(expected);
    expect(sent).toMatchSnapshot();
  });

  it('the governance policy in force: read, or MERGE the default and read again', async () => {
    const { tx, sent } = recording([[], [], [{ g: { properties: { ...DEFAULT_GOVERNANCE_POLICY } } }]]);
    expect(await governance.governancePolicyInForceTx(tx)).toEqual(DEFAULT_GOVERNANCE_POLICY);
    expect(sent).toMatchSnapshot();
  });

  it('creating a proposal: electorate, subject, restrictions, the node and its log index', async () => {
    const { tx, sent } = recording([[{ voters: neo4j.int(3) }], [{ id: 'dn_1' }], [{ ids: ['dn_1'] }], [{ id: 'prop_1', votingEndsAt: '2026-03-08T00:00:00Z' }], []]);
    expect(await governance.eligibleVoters(tx, ['VOTER', 'ADMIN'])).toBe(3);
    expect(await governance.subjectExists(tx, 'Datanet', 'dn_1')).toBe(true);
    expect(await governance.restrictedSubjects(tx, 'DATANET_ELIGIBILITY', ['SUSPEND_DATANET'], null)).toEqual(new Set(['dn_1']));
    const created = await governance.createProposal(tx, voter, {
      id: 'prop_1', kind: 'DATANET_ELIGIBILITY', action: 'ADMIT_DATANET', title: 'Re-admit', rationale: 'Fixed.', subjectId: 'dn_1', rewardPolicy: null, governanceRules: null,
      votingPeriodSeconds: 604_800, eligibleVoters: 3, governancePolicy: DEFAULT_GOVERNANCE_POLICY,
    });
    expect(created).toEqual({ votingEndsAt: '2026-03-08T00:00:00Z' });
    await governance.setProposalLogIndex(tx, 'prop_1', 7);
    expect(sent).toMatchSnapshot();
  });

  it('voting and executing: the locked read with the tally, the guarded vote, the execution and the new reward policy', async () => {
    const { tx, sent } = recording([
      [{ p: proposalNode(), ...tallyRow, callerRoles: ['VOTER'], callerChoice: 'NO' }],
      [{ voted: neo4j.int(1) }],
      [],
      [{ executed: neo4j.int(1) }],
      [],
      [{ version: neo4j.int(2) }],
    ]);
    const found = await governance.proposalForUpdate(tx, 'prop_1', voter);
    expect(found?.callerChoice).toBe('NO');
    expect(found?.proposal).toMatchObject({ id: 'prop_1', status: 'OPEN', rewardPolicy: { platform: 0.1, dataContributors: 0.7 }, tally: { yes: 2, no: 1, abstain: 0, eligibleVoters: 3, quorumReached: true } });
    expect(await governance.castVote(tx, { actor: voter, roles: ['VOTER', 'ADMIN'] }, { proposalId: 'prop_1', choice: 'YES' })).toBe(1);
    await governance.setVoteLogIndex(tx, 'alice', 'prop_1', 8);
    expect(await governance.markExecuted(tx, 'prop_1', 'policy_prop_1')).toBe(1);
    await governance.setExecutionLogIndex(tx, 'prop_1', 9);
    expect(await governance.createRewardPolicy(tx, { id: 'policy_prop_1', proposalId: 'prop_1', policy: { platform: 0.1, adapterBuilders: 0.1, dataContributors: 0.7, validators: 0 } })).toBe(2);
    expect(sent).toMatchSnapshot();
  });

  it('suspensions and sanctions are read from the executed proposals, at an instant or now', async () => {
    const { graph, sent } = recording([[{ ids: ['dn_2'] }], [{ ids: ['ctb_1'] }]]);
    expect(await governance.suspendedDatanets(graph, 1_772_323_200_000)).toEqual(new Set(['dn_2']));
    expect(await governance.sanctionedContributors(graph)).toEqual(new Set(['ctb_1']));
    expect(sent).toMatchSnapshot();
  });

  it('suspendedDatanetsTx: the suspensions now, in the caller\'s transaction (recordOutput\'s shared read), the same statement', async () => {
    const { tx, sent } = recording([[{ ids: ['dn_2'] }]]);
    expect(await governance.suspendedDatanetsTx(tx, null)).toEqual(new Set(['dn_2']));
    expect(sent[0]!.cypher).toBe(governance.restrictedSubjectsCypher);
    expect(sent).toMatchSnapshot();
  });

  it('read paths: proposals by id and by page (with the computed status), votes, recorded outputs for a simulation', async () => {
    const { graph, sent } = recording([
      [{ p: proposalNode(), ...tallyRow }],
      [{ total: neo4j.int(1), rows: [{ p: proposalNode(), ...tallyRow }] }],
      [{ total: neo4j.int(1), votes: [{ voterId: 'ctb_v', choice: 'YES', castAt: '2026-03-02T00:00:00.000Z', logIndex: neo4j.int(8) }] }],
      [{ outputId: 'out_1', fee: '100', coverage: 0.5, ownerId: 'ctb_o', adapters: [{ id: 'ad_1', share: 1, builderId: 'ctb_b' }], contributors: [{ id: 'ctb_1', share: 1 }], validators: [], paid: [{ recipientId: 'platform', amount: '100' }] }],
    ]);
    expect((await proposalsById(graph, ['prop_1'])).get('prop_1')?.status).toBe('OPEN');
    expect((await proposalPage(graph, 'OPEN', null, 21)).total).toBe(1);
    expect((await votePage(graph, 'prop_1', null, 21)).nodes).toEqual([{ id: 'ctb_v', voterId: 'ctb_v', choice: 'YES', castAt: '2026-03-02T00:00:00.000Z', logIndex: 8 }]);
    const outputs = await recordedOutputsSince(graph, 0);
    expect(outputs?.[0]).toMatchObject({ outputId: 'out_1', fee: 100n, recipients: { ownerId: 'ctb_o', builders: [{ adapterId: 'ad_1', builderId: 'ctb_b' }] }, paid: [{ recipientId: 'platform', amount: 100n }] });
    expect(sent).toMatchSnapshot();
  });

  it('governanceMetrics: open proposals, contributors\' earnings summed exactly, datanet health with rates, suspensions', async () => {
    const { graph, sent } = recording([
      [{ open: neo4j.int(2) }],
      [{ contributorId: 'ctb_1', amounts: ['10', '5'] }, { contributorId: 'ctb_2', amounts: ['5'] }],
      [{ datanetId: 'dn_1', records: neo4j.int(4), rejected: neo4j.int(1), duplicates: neo4j.int(2) }],
      [{ ids: ['dn_1'] }],
    ]);
    const m = await governanceMetrics(graph);
    expect(m).toMatchObject({ openProposals: 2, contributorsPaid: 2, contributorEarnings: 20n, topTenShare: 1 });
    expect(m.gini).toBeCloseTo(0.25, 12);
    expect(m.datanets).toEqual([{ datanetId: 'dn_1', records: 4, rejected: 1, duplicates: 2, duplicateRate: 0.5, rejectionRate: 0.25, suspended: true }]);
    expect(sent).toMatchSnapshot();
  });

  it('proposal impact: a datanet\'s crediting outputs and contributors; a contributor\'s outputs, records, duplicates and earnings', async () => {
    const { graph, sent } = recording([
      [{ outputs: neo4j.int(3), contributors: neo4j.int(2) }],
      [{ outputs: neo4j.int(2), amounts: ['30', '10'], records: neo4j.int(5), clusters: neo4j.int(4), duplicates: neo4j.int(1), allAmounts: ['30', '10', '60'] }],
      [],
    ]);
    expect(await datanetImpact(graph, 'dn_1')).toMatchObject({ outputs: 3, contributors: 2 });
    expect(await contributorImpact(graph, 'ctb_1')).toMatchObject({ outputs: 2, records: 5, clusters: 4, duplicates: 1, earnings: 40n, earningsShare: 0.4 });
    expect(await contributorImpact(graph, 'ctb_x')).toBeNull();
    expect(sent).toMatchSnapshot();
  });
});
