import type { Payout, PayoutRole } from '../rewards/split-fee.js';
import { PAYOUT_ROLES } from '../rewards/split-fee.js';

/** A signed payout: a compensation may take back (negative) as well as add. Integer base units. */
export interface Compensation {
  recipientId: string;
  role: PayoutRole;
  amount: bigint;
}

/**
 * The payouts that bring what an output has paid (its original rows plus any earlier compensations, never edited) to
 * what its corrected attribution owes: per recipient and role, owed − paid, zeros dropped, in the fee split's order
 * (role, then recipient). Both sides sum to the output's fee, so the compensations sum to exactly 0 — checked, since
 * money that appears or vanishes here would be a bug.
 */
export function compensations(paid: ReadonlyArray<{ recipientId: string; role: PayoutRole; amount: bigint }>, owed: readonly Payout[]): Compensation[] {
  const key = (p: { recipientId: string; role: PayoutRole }) => `${p.role}\u0000${p.recipientId}`;
  const delta = new Map<string, Compensation>();
  const add = (p: { recipientId: string; role: PayoutRole }, amount: bigint) => {
    const k = key(p);
    const row = delta.get(k) ?? { recipientId: p.recipientId, role: p.role, amount: 0n };
    row.amount += amount;
    delta.set(k, row);
  };
  for (const p of owed) add(p, p.amount);
  for (const p of paid) add(p, -p.amount);
  const rows = [...delta.values()].filter((r) => r.amount !== 0n);
  rows.sort((a, b) => PAYOUT_ROLES.indexOf(a.role) - PAYOUT_ROLES.indexOf(b.role) || (a.recipientId < b.recipientId ? -1 : a.recipientId > b.recipientId ? 1 : 0));
  const sum = rows.reduce((s, r) => s + r.amount, 0n);
  if (sum !== 0n) throw new Error(`Compensations sum to ${sum}, not 0: paid and owed are splits of different fees.`);
  return rows;
}

/** What each recipient ends up with once the compensations are paid: the paid rows and compensations, summed. */
export function netPayouts(rows: ReadonlyArray<{ recipientId: string; amount: bigint }>): Map<string, bigint> {
  const net = new Map<string, bigint>();
  for (const r of rows) net.set(r.recipientId, (net.get(r.recipientId) ?? 0n) + r.amount);
  return net;
}
