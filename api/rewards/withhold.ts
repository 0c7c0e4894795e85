import type { Payout } from './split-fee.js';

/**
 * Withholds the payouts of sanctioned contributors (a passed CONTRIBUTOR_SANCTION; docs/architecture.md#governance):
 * their rows are dropped and their amounts added to the platform's PLATFORM row (created when the split had none), so
 * the payouts still sum exactly to the fee. The withheld rows are returned too, for the log. The platform is never
 * sanctioned. Row order stays splitFee's (role, then recipient).
 */
export function withholdSanctioned(
  payouts: readonly Payout[],
  sanctioned: ReadonlySet<string>,
  platformId: string,
): { payouts: Payout[]; withheld: Payout[] } {
  const withheld = payouts.filter((p) => p.recipientId !== platformId && sanctioned.has(p.recipientId));
  if (withheld.length === 0) return { payouts: [...payouts], withheld: [] };
  const extra = withheld.reduce((sum, p) => sum + p.amount, 0n);
  const kept = payouts.filter((p) => !withheld.includes(p));
  const platform = kept.find((p) => p.recipientId === platformId && p.role === 'PLATFORM');
  const rest = kept.filter((p) => p !== platform);
  const merged: Payout = { recipientId: platformId, role: 'PLATFORM', amount: (platform?.amount ?? 0n) + extra };
  // PLATFORM is the first role in splitFee's order.
  return { payouts: [merged, ...rest], withheld };
}
