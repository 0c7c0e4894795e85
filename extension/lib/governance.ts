/**
 * The worker's governance calls: the open proposals, and a vote with the user's saved key
 * (docs/architecture.md#the-extensions-governance-view). Failures are told apart the way the lineage graph's are —
 * unreachable, key rejected (HTTP 401) — plus "not a voter" (FORBIDDEN), which only a new key with the VOTER role fixes.
 */
import { GraphQLRequestError, graphqlRequest, KeyRejectedError, UnreachableError } from './graphql-client';
import { parseCorrection, parseProposals, parseTally, type ProposalData, type TallyData, type VoteChoice } from './proposal';
import { CAST_VOTE_MUTATION, OPEN_PROPOSALS_QUERY, PROPOSAL_CORRECTION_QUERY } from './queries';

export interface GovernanceConfig {
  endpoint: string;
  apiKey: string | null;
  fetchImpl?: typeof fetch;
}

export type GovernanceFailure = { ok: false; unreachable: boolean; keyRejected?: boolean; notVoter?: boolean; message: string };
export type ProposalsResult = { ok: true; proposals: ProposalData[] } | GovernanceFailure;
export type VoteResult = { ok: true; proposalId: string; status: string; tally: TallyData } | GovernanceFailure;

function failure(e: unknown): GovernanceFailure {
  const message = e instanceof Error ? e.message : String(e);
  if (e instanceof GraphQLRequestError && e.errors.some((x) => x.extensions?.code === 'FORBIDDEN')) {
    return { ok: false, unreachable: false, notVoter: true, message };
  }
  return { ok: false, unreachable: e instanceof UnreachableError, keyRejected: e instanceof KeyRejectedError, message };
}

export async function openProposals(cfg: GovernanceConfig): Promise<ProposalsResult> {
  try {
    // The impact of each proposal is computed on request (a reward policy's replay, a correction's re-trace): give it time.
    const res = await graphqlRequest(cfg.endpoint, OPEN_PROPOSALS_QUERY, {}, { apiKey: cfg.apiKey, timeoutMs: 30_000, fetchImpl: cfg.fetchImpl });
    if (!res.data?.proposals) return { ok: false, unreachable: false, message: res.errors[0]?.message ?? 'no proposals in the answer' };
    const proposals = parseProposals(res.data.proposals);
    for (const p of proposals) {
      if (p.kind !== 'ATTRIBUTION_CORRECTION' || !p.impact) continue;
      const one = await graphqlRequest(cfg.endpoint, PROPOSAL_CORRECTION_QUERY, { id: p.id }, { apiKey: cfg.apiKey, timeoutMs: 30_000, fetchImpl: cfg.fetchImpl });
      const impact = (one.data?.proposal as { impact?: { correction?: unknown } } | null | undefined)?.impact;
      p.impact.correction = impact?.correction ? parseCorrection(impact.correction, 'proposal.impact.correction') : null;
    }
    return { ok: true, proposals };
  } catch (e) {
    return failure(e);
  }
}

export async function castVote(cfg: GovernanceConfig, proposalId: string, choice: VoteChoice, idempotencyKey: string): Promise<VoteResult> {
  if (!cfg.apiKey) return { ok: false, unreachable: false, notVoter: true, message: 'no API key saved: a vote needs a voter\'s key' };
  try {
    const res = await graphqlRequest(cfg.endpoint, CAST_VOTE_MUTATION, { input: { proposalId, choice, idempotencyKey } }, { apiKey: cfg.apiKey, timeoutMs: 30_000, fetchImpl: cfg.fetchImpl });
    const payload = res.data?.castVote as { proposal?: { id?: unknown; status?: unknown; tally?: unknown } } | null | undefined;
    if (!payload?.proposal) return { ok: false, unreachable: false, message: res.errors[0]?.message ?? 'no vote in the answer' };
    return {
      ok: true,
      proposalId: String(payload.proposal.id),
      status: String(payload.proposal.status),
      tally: parseTally(payload.proposal.tally, 'castVote.proposal.tally'),
    };
  } catch (e) {
    return failure(e);
  }
}
