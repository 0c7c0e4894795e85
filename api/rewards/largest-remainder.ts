/** One claim on an integer total: it is owed total × numerator / denominator. */
export interface Claim<K> {
  key: K;
  numerator: bigint;
}

/**
 * Largest-remainder (Hamilton) apportionment in exact integer arithmetic: every claim gets the floor of what it is
 * owed, then the units left over go one each to the largest fractional remainders, ties decided by `tieOrder`
 * (callers pass recipient id ascending). When the numerators sum to the denominator the amounts sum exactly to
 * `total`, and each differs from its exact rational share by less than 1.
 */
export function apportion<K>(
  total: bigint,
  claims: readonly Claim<K>[],
  denominator: bigint,
  tieOrder: (a: K, b: K) => number,
): bigint[] {
  if (total < 0n) throw new RangeError(`cannot apportion a negative total (${total})`);
  if (denominator <= 0n) throw new RangeError('denominator must be positive');
  let claimed = 0n;
  for (const claim of claims) {
    if (claim.numerator < 0n) throw new RangeError('claims must be non-negative');
    claimed += claim.numerator;
  }
  if (claimed !== denominator) throw new RangeError(`claims sum to ${claimed}/${denominator}, not 1`);

  const amounts = claims.map((claim) => (total * claim.numerator) / denominator);
  const remainders = claims.map((claim) => (total * claim.numerator) % denominator);
  let leftover = total - amounts.reduce((sum, a) => sum + a, 0n);
  const byRemainder = claims
    .map((_, i) => i)
    .sort((i, j) => {
      const [ri, rj] = [remainders[i]!, remainders[j]!];
      if (ri !== rj) return ri > rj ? -1 : 1;
      return tieOrder(claims[i]!.key, claims[j]!.key);
    });
  // The leftover equals the sum of the fractional parts, so it never exceeds the number of non-zero remainders.
  for (const i of byRemainder) {
    if (leftover === 0n) break;
    amounts[i]! += 1n;
    leftover -= 1n;
  }
  return amounts;
}
