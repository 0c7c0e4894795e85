/**
 * A proposal's impact in plain words, for a voter to read before voting (docs/architecture.md#governance). Pure, so
 * it is unit-tested directly; the Governance view only puts these lines on the page.
 */
import { percent, plural } from './format';
import type { ImpactData, ProposalData, ProposalKind, TallyData } from './proposal';

const KIND_TEXT: Record<ProposalKind, string> = {
  REWARD_POLICY: 'Reward policy',
  DATANET_ELIGIBILITY: 'Datanet eligibility',
  CONTRIBUTOR_SANCTION: 'Contributor sanction',
  ATTRIBUTION_CORRECTION: 'Attribution correction',
  GOVERNANCE_POLICY: 'Governance rules',
};

export function kindText(kind: ProposalKind): string {
  return KIND_TEXT[kind];
}

/** How many payout changes a reward-policy impact lists (largest first, as the API orders them). */
export const BIGGEST_DELTAS = 3;

/** Exact base units with thousands separators; a sign on deltas ("+1,200", "−300", "±0"). */
export function units(amount: string, signed = false): string {
  const negative = amount.startsWith('-');
  const digits = negative ? amount.slice(1) : amount;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  if (!signed) return negative ? `−${grouped}` : grouped;
  if (digits === '0') return '±0';
  return `${negative ? '−' : '+'}${grouped}`;
}

/** A Gini coefficient or a share as a two-decimal number, so small moves stay visible ("0.41 → 0.38"). */
const two = (x: number) => x.toFixed(2);

export function tallyText(t: TallyData): string {
  const voted = t.yes + t.no + t.abstain;
  return `${t.yes} yes · ${t.no} no · ${t.abstain} abstain — ${voted} of ${plural(t.eligibleVoters, 'voter')} voted, quorum ${t.quorumReached ? 'reached' : 'not reached'}`;
}

/** "Voting ends 3 Dec 2026, 14:05 UTC" (UTC, so two voters read the same time). */
export function votingEndsText(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return `Voting ends ${iso}`;
  const date = d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  const time = d.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
  return `Voting ends ${date}, ${time} UTC`;
}

function policyLines(i: ImpactData): string[] {
  const s = i.simulation;
  if (!s) return ['No simulation of the payouts is available.'];
  const lines = [
    `Replays ${plural(s.outputs, 'recorded output')} (${units(s.totalFees)} base units of fees) under the new policy.`,
    `Top-10 contributors' share of earnings: ${percent(s.topTenShareBefore)} → ${percent(s.topTenShareAfter)}.`,
    `Gini of contributors' earnings: ${two(s.giniBefore)} → ${two(s.giniAfter)} (0 = equal).`,
  ];
  const moved = s.contributors.filter((c) => c.delta !== '0').slice(0, BIGGEST_DELTAS);
  if (moved.length === 0) lines.push('No contributor would be paid differently.');
  for (const c of moved) lines.push(`${c.who}: ${units(c.before)} → ${units(c.after)} (${units(c.delta, true)}).`);
  return lines;
}

function sanctionLines(i: ImpactData, subject: string, lifting: boolean): string[] {
  const who = subject || 'The contributor';
  const lines = [
    `${who} has ${plural(i.records ?? 0, 'record')} in ${plural(i.clusters ?? 0, 'content cluster')}; ${plural(i.duplicates ?? 0, 'is a copy', 'are copies')} of a record someone accepted first.`,
    `Credited in ${plural(i.outputs ?? 0, 'recorded output')}.`,
  ];
  if (i.earnings !== null) {
    const share = i.earningsShare === null ? '' : ` (${percent(i.earningsShare)} of all contributors' earnings)`;
    lines.push(`Earned ${units(i.earnings)} base units so far${share}; ${lifting ? 'their payouts would resume' : 'future payouts would be withheld'}.`);
  }
  return lines;
}

function eligibilityLines(i: ImpactData, action: string): string[] {
  const verb = action === 'ADMIT_DATANET' ? 'Admitting the datanet again credits' : 'Suspending the datanet stops crediting';
  return [
    `Touches ${plural(i.outputs ?? 0, 'recorded output')} crediting the datanet and ${plural(i.contributors ?? 0, 'contributor')} with accepted records in it.`,
    `${verb} its records in outputs recorded from execution on (never retroactive).`,
  ];
}

function correctionLines(i: ImpactData): string[] {
  const c = i.correction;
  if (!c) return ['The re-attribution is not available.'];
  const lines = [`Coverage: ${percent(c.coverageBefore)} now → ${percent(c.coverageAfter)} re-attributed.`];
  const moved = c.payouts.filter((p) => p.delta !== '0');
  if (moved.length === 0) lines.push('No payout would change.');
  for (const p of moved.slice(0, BIGGEST_DELTAS)) lines.push(`${p.who} (${p.role.toLowerCase().replace(/_/g, ' ')}): ${units(p.before)} → ${units(p.after)} (${units(p.delta, true)}).`);
  if (moved.length > BIGGEST_DELTAS) lines.push(`${plural(moved.length - BIGGEST_DELTAS, 'more payout change')}.`);
  return lines;
}

/** The proposal's impact as sentences, in the order a voter reads them. */
export function impactLines(p: ProposalData): string[] {
  switch (p.kind) {
    case 'GOVERNANCE_POLICY': {
      const g = p.governancePolicy;
      if (!g) return [];
      return [`New rules for proposals made after execution: quorum ${percent(g.quorum)}, passes when YES is over ${percent(g.threshold)} of YES + NO, voting open ${plural(Math.round(g.votingPeriodSeconds / 3600), 'hour')}.`];
    }
    case 'REWARD_POLICY':
      return p.impact ? policyLines(p.impact) : [];
    case 'CONTRIBUTOR_SANCTION':
      if (!p.impact) return [];
      // Lifting a sanction: the same evidence, and payouts resume instead of being withheld.
      return sanctionLines(p.impact, p.subject, p.action === 'LIFT_SANCTION');
    case 'DATANET_ELIGIBILITY':
      return p.impact ? eligibilityLines(p.impact, p.action) : [];
    case 'ATTRIBUTION_CORRECTION':
      return p.impact ? correctionLines(p.impact) : [];
  }
}
