import { gini, topTenShare } from '../governance/concentration.js';
import type { GraphStore } from '../store/graph-store.js';
import { suspendedDatanets } from '../store/governance.js';
import { contributorEarnings, datanetHealth, openProposals, type DatanetHealth } from '../store/reads/governance-metrics.js';

export interface GovernanceMetricsShape {
  openProposals: number;
  contributorsPaid: number;
  /** Exact sum of every payout to a contributor (the platform's part is not a contributor's). */
  contributorEarnings: bigint;
  topTenShare: number;
  gini: number;
  datanets: Array<DatanetHealth & { duplicateRate: number; rejectionRate: number; suspended: boolean }>;
}

/** What voters watch: concentration of earnings, per-datanet duplicate and rejection rates, suspensions, open proposals. */
export async function governanceMetrics(graph: GraphStore): Promise<GovernanceMetricsShape> {
  const [open, earnings, health, suspended] = await Promise.all([openProposals(graph), contributorEarnings(graph), datanetHealth(graph), suspendedDatanets(graph, null)]);
  const amounts = [...earnings.values()];
  const rate = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);
  return {
    openProposals: open,
    contributorsPaid: amounts.filter((a) => a > 0n).length,
    contributorEarnings: amounts.reduce((s, a) => s + a, 0n),
    topTenShare: topTenShare(amounts),
    gini: gini(amounts),
    datanets: health.map((h) => ({ ...h, duplicateRate: rate(h.duplicates, h.records), rejectionRate: rate(h.rejected, h.records), suspended: suspended.has(h.datanetId) })),
  };
}
