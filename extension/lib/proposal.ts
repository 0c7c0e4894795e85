/**
 * A governance proposal as the side panel's Governance view shows it, and the strict parser of the API's answer
 * (docs/architecture.md#governance). Money stays a decimal string (exact BigInt base units; deltas may be negative).
 */
import { ApiShapeError, bigintString, fraction, int, list, num, obj, optStr, str } from './api-types';

export type ProposalKind = 'REWARD_POLICY' | 'DATANET_ELIGIBILITY' | 'CONTRIBUTOR_SANCTION' | 'ATTRIBUTION_CORRECTION' | 'GOVERNANCE_POLICY';
export type VoteChoice = 'YES' | 'NO' | 'ABSTAIN';
export const VOTE_CHOICES: readonly VoteChoice[] = ['YES', 'NO', 'ABSTAIN'];
const KINDS: readonly ProposalKind[] = ['REWARD_POLICY', 'DATANET_ELIGIBILITY', 'CONTRIBUTOR_SANCTION', 'ATTRIBUTION_CORRECTION', 'GOVERNANCE_POLICY'];

export interface TallyData {
  yes: number;
  no: number;
  abstain: number;
  eligibleVoters: number;
  quorumReached: boolean;
}

export interface PayoutChange {
  /** Contributor handle, or the recipient id ("platform") when there is none. */
  who: string;
  before: string;
  after: string;
  delta: string;
}

export interface ImpactData {
  outputs: number | null;
  contributors: number | null;
  records: number | null;
  clusters: number | null;
  duplicates: number | null;
  earnings: string | null;
  earningsShare: number | null;
  simulation: {
    outputs: number;
    totalFees: string;
    topTenShareBefore: number;
    topTenShareAfter: number;
    giniBefore: number;
    giniAfter: number;
    contributors: PayoutChange[];
  } | null;
  correction: { coverageBefore: number; coverageAfter: number; payouts: (PayoutChange & { role: string })[] } | null;
}

export interface ProposalData {
  id: string;
  kind: ProposalKind;
  /** What executing it does (SUSPEND_DATANET, ADMIT_DATANET, SANCTION_CONTRIBUTOR, LIFT_SANCTION, …). */
  action: string;
  title: string;
  rationale: string;
  status: string;
  votingEndsAt: string;
  quorum: number;
  threshold: number;
  proposer: string;
  /** The subject named for people: a handle, a datanet's name, or the id. '' for REWARD_POLICY / GOVERNANCE_POLICY. */
  subject: string;
  subjectKind: string;
  /** The subject's global id (what its evidence graph is drawn around); '' without a subject. */
  subjectId: string;
  tally: TallyData;
  rewardPolicy: { platform: number; adapterBuilders: number; dataContributors: number; validators: number } | null;
  governancePolicy: { quorum: number; threshold: number; votingPeriodSeconds: number } | null;
  impact: ImpactData | null;
}

const nullable = <T>(v: unknown, read: (x: unknown) => T): T | null => (v === null || v === undefined ? null : read(v));

function signedBigint(v: unknown, path: string): string {
  const s = str(v, path);
  if (!/^-?(0|[1-9]\d*)$/.test(s)) throw new ApiShapeError(path, 'expected an integer string');
  return s;
}

export function parseTally(v: unknown, path: string): TallyData {
  const o = obj(v, path);
  if (typeof o.quorumReached !== 'boolean') throw new ApiShapeError(`${path}.quorumReached`, 'expected a boolean');
  return {
    yes: int(o.yes, `${path}.yes`),
    no: int(o.no, `${path}.no`),
    abstain: int(o.abstain, `${path}.abstain`),
    eligibleVoters: int(o.eligibleVoters, `${path}.eligibleVoters`),
    quorumReached: o.quorumReached,
  };
}

function payoutChange(x: unknown, p: string, who: string): PayoutChange {
  const o = obj(x, p);
  return { who, before: bigintString(o.before, `${p}.before`), after: bigintString(o.after, `${p}.after`), delta: signedBigint(o.delta, `${p}.delta`) };
}

function parseImpact(v: unknown, path: string): ImpactData {
  const o = obj(v, path);
  const count = (k: string) => nullable(o[k], (x) => int(x, `${path}.${k}`));
  return {
    outputs: count('outputs'),
    contributors: count('contributors'),
    records: count('records'),
    clusters: count('clusters'),
    duplicates: count('duplicates'),
    earnings: nullable(o.earnings, (x) => bigintString(x, `${path}.earnings`)),
    earningsShare: nullable(o.earningsShare, (x) => fraction(x, `${path}.earningsShare`)),
    simulation: nullable(o.simulation, (x) => {
      const p = `${path}.simulation`;
      const s = obj(x, p);
      return {
        outputs: int(s.outputs, `${p}.outputs`),
        totalFees: bigintString(s.totalFees, `${p}.totalFees`),
        topTenShareBefore: fraction(s.topTenShareBefore, `${p}.topTenShareBefore`),
        topTenShareAfter: fraction(s.topTenShareAfter, `${p}.topTenShareAfter`),
        giniBefore: fraction(s.giniBefore, `${p}.giniBefore`),
        giniAfter: fraction(s.giniAfter, `${p}.giniAfter`),
        contributors: list(s.contributors, `${p}.contributors`, (c, cp) => {
          const who = obj(obj(c, cp).contributor, `${cp}.contributor`);
          return payoutChange(c, cp, optStr(who.handle, `${cp}.contributor.handle`) || str(who.id, `${cp}.contributor.id`));
        }),
      };
    }),
    correction: nullable(o.correction, (x) => parseCorrection(x, `${path}.correction`)),
  };
}

/** `impact.correction`: asked for one proposal at a time (it re-traces the output). */
export function parseCorrection(x: unknown, p: string): NonNullable<ImpactData['correction']> {
  const c = obj(x, p);
  return {
    coverageBefore: fraction(obj(c.before, `${p}.before`).coverage, `${p}.before.coverage`),
    coverageAfter: fraction(obj(c.after, `${p}.after`).coverage, `${p}.after.coverage`),
    payouts: list(c.payouts, `${p}.payouts`, (r, rp) => {
      const row = obj(r, rp);
      const recipient = row.recipient === null || row.recipient === undefined ? null : obj(row.recipient, `${rp}.recipient`);
      const who = (recipient && optStr(recipient.handle, `${rp}.recipient.handle`)) || str(row.recipientId, `${rp}.recipientId`);
      return { ...payoutChange(r, rp, who), role: str(row.role, `${rp}.role`) };
    }),
  };
}

export function parseProposal(v: unknown, path = 'proposal'): ProposalData {
  const o = obj(v, path);
  const kind = str(o.kind, `${path}.kind`) as ProposalKind;
  if (!KINDS.includes(kind)) throw new ApiShapeError(`${path}.kind`, 'unknown proposal kind');
  const subject = o.subject === null || o.subject === undefined ? null : obj(o.subject, `${path}.subject`);
  const rp = o.rewardPolicy === null || o.rewardPolicy === undefined ? null : obj(o.rewardPolicy, `${path}.rewardPolicy`);
  const gp = o.governancePolicy === null || o.governancePolicy === undefined ? null : obj(o.governancePolicy, `${path}.governancePolicy`);
  const proposer = obj(o.proposer, `${path}.proposer`);
  return {
    id: str(o.id, `${path}.id`),
    kind,
    action: str(o.action, `${path}.action`),
    title: str(o.title, `${path}.title`),
    rationale: optStr(o.rationale, `${path}.rationale`),
    status: str(o.status, `${path}.status`),
    votingEndsAt: str(o.votingEndsAt, `${path}.votingEndsAt`),
    quorum: fraction(o.quorum, `${path}.quorum`),
    threshold: fraction(o.threshold, `${path}.threshold`),
    proposer: optStr(proposer.handle, `${path}.proposer.handle`) || str(proposer.id, `${path}.proposer.id`),
    subject: subject ? optStr(subject.handle, `${path}.subject.handle`) || optStr(subject.name, `${path}.subject.name`) || str(subject.id, `${path}.subject.id`) : '',
    subjectKind: subject ? optStr(subject.__typename, `${path}.subject.__typename`) : '',
    subjectId: subject ? str(subject.id, `${path}.subject.id`) : '',
    tally: parseTally(o.tally, `${path}.tally`),
    rewardPolicy: rp && {
      platform: fraction(rp.platform, `${path}.rewardPolicy.platform`),
      adapterBuilders: fraction(rp.adapterBuilders, `${path}.rewardPolicy.adapterBuilders`),
      dataContributors: fraction(rp.dataContributors, `${path}.rewardPolicy.dataContributors`),
      validators: fraction(rp.validators, `${path}.rewardPolicy.validators`),
    },
    governancePolicy: gp && {
      quorum: fraction(gp.quorum, `${path}.governancePolicy.quorum`),
      threshold: fraction(gp.threshold, `${path}.governancePolicy.threshold`),
      votingPeriodSeconds: num(gp.votingPeriodSeconds, `${path}.governancePolicy.votingPeriodSeconds`),
    },
    impact: nullable(o.impact, (x) => parseImpact(x, `${path}.impact`)),
  };
}

/** The open proposals of `proposals(status: OPEN)`. */
export function parseProposals(v: unknown, path = 'proposals'): ProposalData[] {
  const o = obj(v, path);
  return list(o.edges, `${path}.edges`, (e, p) => parseProposal(obj(e, p).node, `${p}.node`));
}
