/** A fraction of the attributed credit. Each list of shares sums to 1 when anything is attributed, else is empty. */
export interface Share {
  id: string;
  share: number;
}

/** The one deterministic order of every share list: largest share first, then id ascending. */
export function compareShares(a: Share, b: Share): number {
  if (a.share !== b.share) return b.share - a.share;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Raw credits → shares: drops zero credits, divides by the list's own total (so the list sums to 1 up to float
 * rounding, whatever rounding the raw sums picked up) and sorts with `compareShares`.
 */
export function toShares(credits: ReadonlyMap<string, number>): Share[] {
  let total = 0;
  for (const credit of credits.values()) total += credit;
  if (!(total > 0)) return [];
  const shares: Share[] = [];
  for (const [id, credit] of credits) {
    if (credit > 0) shares.push({ id, share: credit / total });
  }
  return shares.sort(compareShares);
}

/** Adds `amount` to `id`'s running credit. */
export function addCredit(credits: Map<string, number>, id: string, amount: number): void {
  credits.set(id, (credits.get(id) ?? 0) + amount);
}
