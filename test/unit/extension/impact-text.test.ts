/**
 * A proposal's impact in plain words (extension/lib/impact-text.ts), from API-shaped answers parsed by the same parser
 * the Governance view uses. Expected sentences are written out from the inputs, not computed with the code under test.
 */
import { describe, expect, it } from 'vitest';
import { impactLines, tallyText, units, votingEndsText } from '../../../extension/lib/impact-text';
import { parseProposal, parseProposals } from '../../../extension/lib/proposal';
import { parseRequest } from '../../../extension/lib/messages';

const base = {
  id: 'UHJvcG9zYWw6cA==',
  action: 'SANCTION_CONTRIBUTOR',
  title: 'A proposal',
  rationale: 'Because.',
  status: 'OPEN',
  votingEndsAt: '2026-12-07T14:05:00.000Z',
  quorum: 0.1,
  threshold: 0.5,
  proposer: { id: 'Q29udHJpYnV0b3I6aGFuYQ==', handle: 'hana' },
  subject: null,
  tally: { yes: 1, no: 0, abstain: 0, eligibleVoters: 2, quorumReached: true },
  rewardPolicy: null,
  governancePolicy: null,
  impact: null,
};
const noImpact = { outputs: null, contributors: null, records: null, clusters: null, duplicates: null, earnings: null, earningsShare: null, simulation: null, correction: null };

describe('impact in plain words', () => {
  it('a reward policy: top-10 share and Gini before → after, and the biggest payout deltas (exact units, signed)', () => {
    const p = parseProposal({
      ...base,
      kind: 'REWARD_POLICY',
      action: 'SET_REWARD_POLICY',
      impact: {
        ...noImpact,
        simulation: {
          outputs: 12,
          totalFees: '1250000',
          topTenShareBefore: 0.8,
          topTenShareAfter: 0.75,
          giniBefore: 0.412,
          giniAfter: 0.381,
          contributors: [
            { contributor: { id: 'a', handle: 'ada' }, before: '300000', after: '250000', delta: '-50000' },
            { contributor: { id: 'b', handle: 'bo' }, before: '1000', after: '41000', delta: '40000' },
            { contributor: { id: 'c', handle: 'cy' }, before: '500', after: '510', delta: '10' },
            { contributor: { id: 'd', handle: 'di' }, before: '5', after: '6', delta: '1' },
            { contributor: { id: 'e', handle: '' }, before: '7', after: '7', delta: '0' },
          ],
        },
      },
    });
    expect(impactLines(p)).toEqual([
      'Replays 12 recorded outputs (1,250,000 base units of fees) under the new policy.',
      "Top-10 contributors' share of earnings: 80% → 75%.",
      "Gini of contributors' earnings: 0.41 → 0.38 (0 = equal).",
      'ada: 300,000 → 250,000 (−50,000).',
      'bo: 1,000 → 41,000 (+40,000).',
      'cy: 500 → 510 (+10).',
    ]);
  });

  it('a reward policy that moves nobody says so', () => {
    const p = parseProposal({ ...base, kind: 'REWARD_POLICY', impact: { ...noImpact, simulation: { outputs: 1, totalFees: '0', topTenShareBefore: 0, topTenShareAfter: 0, giniBefore: 0, giniAfter: 0, contributors: [] } } });
    expect(impactLines(p)).toContain('No contributor would be paid differently.');
  });

  it('a sanction: the evidence — records, clusters, copies, outputs credited, earnings and their share', () => {
    const p = parseProposal({
      ...base,
      kind: 'CONTRIBUTOR_SANCTION',
      subject: { __typename: 'Contributor', id: 'Q29udHJpYnV0b3I6Ym8=', handle: 'bo' },
      impact: { ...noImpact, outputs: 3, records: 7, clusters: 6, duplicates: 1, earnings: '123456', earningsShare: 0.042 },
    });
    expect(p.subject).toBe('bo');
    expect(impactLines(p)).toEqual([
      'bo has 7 records in 6 content clusters; 1 is a copy of a record someone accepted first.',
      'Credited in 3 recorded outputs.',
      "Earned 123,456 base units so far (4% of all contributors' earnings); future payouts would be withheld.",
    ]);
    const lifting = parseProposal({ ...base, kind: 'CONTRIBUTOR_SANCTION', action: 'LIFT_SANCTION', impact: { ...noImpact, records: 1, clusters: 1, duplicates: 2, outputs: 1, earnings: '0', earningsShare: 0 } });
    expect(impactLines(lifting)).toEqual([
      'The contributor has 1 record in 1 content cluster; 2 are copies of a record someone accepted first.',
      'Credited in 1 recorded output.',
      "Earned 0 base units so far (0% of all contributors' earnings); their payouts would resume.",
    ]);
  });

  it('eligibility: the outputs and contributors it touches, and which way', () => {
    const impact = { ...noImpact, outputs: 4, contributors: 1 };
    expect(impactLines(parseProposal({ ...base, kind: 'DATANET_ELIGIBILITY', action: 'SUSPEND_DATANET', impact }))).toEqual([
      'Touches 4 recorded outputs crediting the datanet and 1 contributor with accepted records in it.',
      'Suspending the datanet stops crediting its records in outputs recorded from execution on (never retroactive).',
    ]);
    expect(impactLines(parseProposal({ ...base, kind: 'DATANET_ELIGIBILITY', action: 'ADMIT_DATANET', impact }))[1]).toBe(
      'Admitting the datanet again credits its records in outputs recorded from execution on (never retroactive).',
    );
  });

  it('a correction: old vs new coverage and the payouts that change', () => {
    const p = parseProposal({
      ...base,
      kind: 'ATTRIBUTION_CORRECTION',
      action: 'CORRECT_ATTRIBUTION',
      impact: {
        ...noImpact,
        correction: {
          before: { coverage: 0.31 },
          after: { coverage: 0.58 },
          payouts: [
            { recipientId: 'ada', role: 'DATA_CONTRIBUTOR', before: '100', after: '40', delta: '-60', recipient: { handle: 'ada' } },
            { recipientId: 'platform', role: 'PLATFORM', before: '10', after: '10', delta: '0', recipient: null },
            { recipientId: 'model-owner', role: 'MODEL_OWNER', before: '0', after: '60', delta: '60', recipient: null },
          ],
        },
      },
    });
    expect(impactLines(p)).toEqual([
      'Coverage: 31% now → 58% re-attributed.',
      'ada (data contributor): 100 → 40 (−60).',
      'model-owner (model owner): 0 → 60 (+60).',
    ]);
  });

  it('governance rules: the proposed quorum, threshold and period', () => {
    const p = parseProposal({ ...base, kind: 'GOVERNANCE_POLICY', action: 'SET_GOVERNANCE_POLICY', governancePolicy: { quorum: 0.5, threshold: 0.66, votingPeriodSeconds: 7200 } });
    expect(impactLines(p)).toEqual(['New rules for proposals made after execution: quorum 50%, passes when YES is over 66% of YES + NO, voting open 2 hours.']);
  });

  it('tally, end of voting and units', () => {
    expect(tallyText({ yes: 2, no: 1, abstain: 0, eligibleVoters: 10, quorumReached: false })).toBe('2 yes · 1 no · 0 abstain — 3 of 10 voters voted, quorum not reached');
    expect(tallyText({ yes: 1, no: 0, abstain: 0, eligibleVoters: 1, quorumReached: true })).toBe('1 yes · 0 no · 0 abstain — 1 of 1 voter voted, quorum reached');
    expect(votingEndsText('2026-12-07T14:05:00.000Z')).toBe('Voting ends 7 Dec 2026, 14:05 UTC');
    expect(units('1234567')).toBe('1,234,567');
    expect(units('0', true)).toBe('±0');
    expect(units('-1000', true)).toBe('−1,000');
  });

  it('refuses a malformed answer instead of showing it', () => {
    expect(() => parseProposal({ ...base, kind: 'SOMETHING_ELSE' })).toThrow(/unknown proposal kind/);
    expect(() => parseProposal({ ...base, kind: 'REWARD_POLICY', impact: { ...noImpact, simulation: { outputs: 1, totalFees: '1e9', topTenShareBefore: 0, topTenShareAfter: 0, giniBefore: 0, giniAfter: 0, contributors: [] } } })).toThrow(/totalFees/);
    expect(parseProposals({ edges: [{ node: { ...base, kind: 'CONTRIBUTOR_SANCTION' } }] })).toHaveLength(1);
  });
});

describe('vote messages', () => {
  it('accept a choice and a printable idempotency key, nothing else', () => {
    expect(parseRequest({ type: 'strata:cast-vote', proposalId: 'p', choice: 'YES', idempotencyKey: 'k-1' })).toEqual({ type: 'strata:cast-vote', proposalId: 'p', choice: 'YES', idempotencyKey: 'k-1' });
    expect(() => parseRequest({ type: 'strata:cast-vote', proposalId: 'p', choice: 'MAYBE', idempotencyKey: 'k' })).toThrow(/choice/);
    expect(() => parseRequest({ type: 'strata:cast-vote', proposalId: 'p', choice: 'NO', idempotencyKey: 'k\n' })).toThrow(/printable/);
    expect(() => parseRequest({ type: 'strata:cast-vote', proposalId: 'p', choice: 'NO', idempotencyKey: 'k', apiKey: 'x' })).toThrow(/unexpected field/);
  });
});
