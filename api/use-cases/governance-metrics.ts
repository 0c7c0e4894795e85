import { gini, topTenShare } from '../governance/concentration.js';
import type { GraphStore } from '../store/graph-store.js';
import { suspendedDatanets } from '../store/governance.js';
import { contributorEarnings, datanetHealth, openProposals, type DatanetHealth } from '../store/reads/governance-metrics.js';
import { contributorsModelValues, valueDropCandidates } from '../store/reads/value-history.js';
import { flaggedValueDrops, valueHistory, VALUE_DROP_THRESHOLD, type FlaggedValueDrop } from '../attribution/value-history.js';

/** Contributors whose value histories one metrics answer reads, at most (by id). */
export const MAX_VALUE_DROP_CONTRIBUTORS = 100;
/** Flagged drops one metrics answer lists, at most (newest version first). */
export const MAX_VALUE_DROPS = 50;

export type ContributorValueDrop = FlaggedValueDrop & { contributorId: string };

export interface GovernanceMetricsShape {
  openProposals: number;
  contributorsPaid: number;
  /** Exact sum of every payout to a contributor (the platform's part is not a contributor's). */
  contributorEarnings: bigint;
  topTenShare: number;
  gini: number;
  datanets: Array<DatanetHealth & { duplicateRate: number; rejectionRate: number; suspended: boolean }>;
  /** Contributors' flagged value drops, newest version first (docs/architecture.md#governance). */
  valueDrops: ContributorValueDrop[];
  /** Some contributors or drops were left out of `valueDrops` (its bounds were reached). */
  valueDropsTruncated: boolean;
}

/**
 * Each flagged version of the contributors who can have one: the value history (`Contributor.valueHistory` at its
 * default threshold, the same flag VALUE_DROPPED webhooks send), read for up to MAX_VALUE_DROP_CONTRIBUTORS of them in
 * one query.
 */
async function valueDrops(graph: GraphStore): Promise<{ drops: ContributorValueDrop[]; truncated: boolean }> {
  const candidates = await valueDropCandidates(graph, MAX_VALUE_DROP_CONTRIBUTORS + 1);
  const examined = candidates.slice(0, MAX_VALUE_DROP_CONTRIBUTORS);
  const drops: ContributorValueDrop[] = [];
  for (const [contributorId, rows] of await contributorsModelValues(graph, examined)) {
    for (const drop of flaggedValueDrops(valueHistory(rows, VALUE_DROP_THRESHOLD))) drops.push({ ...drop, contributorId });
  }
  drops.sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || a.contributorId.localeCompare(b.contributorId) || a.modelId.localeCompare(b.modelId));
  return { drops: drops.slice(0, MAX_VALUE_DROPS), truncated: candidates.length > examined.length || drops.length > MAX_VALUE_DROPS };
}

/**
 * What voters watch: concentration of earnings, per-datanet duplicate and rejection rates, suspensions, contributors
 * with flagged value drops, open proposals.
 */
export async function governanceMetrics(graph: GraphStore): Promise<GovernanceMetricsShape> {
  const [open, earnings, health, suspended, drops] = await Promise.all([
    openProposals(graph), contributorEarnings(graph), datanetHealth(graph), suspendedDatanets(graph, null), valueDrops(graph),
  ]);
  const amounts = [...earnings.values()];
  const rate = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);
  return {
    openProposals: open,
    contributorsPaid: amounts.filter((a) => a > 0n).length,
    contributorEarnings: amounts.reduce((s, a) => s + a, 0n),
    topTenShare: topTenShare(amounts),
    gini: gini(amounts),
    datanets: health.map((h) => ({ ...h, duplicateRate: rate(h.duplicates, h.records), rejectionRate: rate(h.rejected, h.records), suspended: suspended.has(h.datanetId) })),
    valueDrops: drops.drops,
    valueDropsTruncated: drops.truncated,
  };
}
