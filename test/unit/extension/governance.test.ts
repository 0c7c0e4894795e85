/**
 * The worker's governance calls (extension/lib/governance.ts) over a fake fetch: how each failure is told apart,
 * and that a correction's impact is asked for one proposal at a time.
 */
import { describe, expect, it } from 'vitest';
import { castVote, openProposals } from '../../../extension/lib/governance';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const cfg = (respond: (body: { query: string; variables: Record<string, unknown> }) => Response, apiKey: string | null = 'k') => {
  const sent: { query: string; variables: Record<string, unknown>; auth: string | null }[] = [];
  const fetchImpl = (async (_url: string, init: RequestInit) => {
    const body = JSON.parse(String(init.body));
    sent.push({ ...body, auth: (init.headers as Record<string, string>).authorization ?? null });
    return respond(body);
  }) as unknown as typeof fetch;
  return { cfg: { endpoint: 'http://127.0.0.1:1/graphql', apiKey, fetchImpl }, sent };
};

const proposal = (kind: string, impact: unknown) => ({
  id: `p-${kind}`, kind, action: 'CORRECT_ATTRIBUTION', title: 't', rationale: '', status: 'OPEN', votingEndsAt: '2026-12-07T14:05:00Z',
  quorum: 0.1, threshold: 0.5, proposer: { id: 'c', handle: 'hana' }, subject: null,
  tally: { yes: 0, no: 0, abstain: 0, eligibleVoters: 1, quorumReached: false }, rewardPolicy: null, governancePolicy: null, impact,
});

describe('governance calls', () => {
  it('a vote sends the choice and idempotency key with the saved key, and returns the new tally', async () => {
    const { cfg: c, sent } = cfg(() => json(200, { data: { castVote: { proposal: { id: 'p', status: 'OPEN', tally: { yes: 1, no: 0, abstain: 0, eligibleVoters: 3, quorumReached: true } } } } }));
    expect(await castVote(c, 'p', 'YES', 'idem-1')).toEqual({ ok: true, proposalId: 'p', status: 'OPEN', tally: { yes: 1, no: 0, abstain: 0, eligibleVoters: 3, quorumReached: true } });
    expect(sent[0]!.variables).toEqual({ input: { proposalId: 'p', choice: 'YES', idempotencyKey: 'idem-1' } });
    expect(sent[0]!.auth).toBe('Bearer k');
  });

  it('FORBIDDEN is "not a voter", HTTP 401 is "key rejected", a refused connection is "unreachable"', async () => {
    const forbidden = cfg(() => json(200, { data: null, errors: [{ message: 'Only voters (the VOTER role) may vote.', extensions: { code: 'FORBIDDEN' } }] }));
    expect(await castVote(forbidden.cfg, 'p', 'NO', 'i')).toMatchObject({ ok: false, notVoter: true, unreachable: false });
    const rejected = cfg(() => json(401, { errors: [{ message: 'unknown key', extensions: { code: 'UNAUTHENTICATED' } }] }));
    expect(await castVote(rejected.cfg, 'p', 'NO', 'i')).toMatchObject({ ok: false, keyRejected: true, unreachable: false });
    expect(await openProposals(rejected.cfg)).toMatchObject({ ok: false, keyRejected: true });
    const down = { endpoint: 'http://127.0.0.1:1/graphql', apiKey: 'k', fetchImpl: (async () => { throw new TypeError('refused'); }) as unknown as typeof fetch };
    expect(await openProposals(down)).toMatchObject({ ok: false, unreachable: true });
  });

  it('without a saved key a vote is not sent', async () => {
    const { cfg: c, sent } = cfg(() => json(200, {}), null);
    expect(await castVote(c, 'p', 'ABSTAIN', 'i')).toMatchObject({ ok: false, notVoter: true });
    expect(sent).toHaveLength(0);
  });

  it('lists proposals in one request, and asks for a correction\'s re-attribution by its id', async () => {
    const noImpact = { outputs: null, contributors: null, records: null, clusters: null, duplicates: null, earnings: null, earningsShare: null, simulation: null };
    const { cfg: c, sent } = cfg((body) =>
      body.query.includes('StrataOpenProposals')
        ? json(200, { data: { proposals: { totalCount: 2, edges: [{ node: proposal('ATTRIBUTION_CORRECTION', noImpact) }, { node: proposal('GOVERNANCE_POLICY', null) }] } } })
        : json(200, { data: { proposal: { impact: { correction: { before: { coverage: 0.2 }, after: { coverage: 0.5 }, payouts: [] } } } } }),
    );
    const res = await openProposals(c);
    expect(res.ok && res.proposals.map((p) => p.impact?.correction ?? null)).toEqual([{ coverageBefore: 0.2, coverageAfter: 0.5, payouts: [] }, null]);
    expect(sent.map((s) => s.variables)).toEqual([{}, { id: 'p-ATTRIBUTION_CORRECTION' }]);
  });
});
