/**
 * How concentrated earnings are, from exact integer amounts: the share of the top ten earners and the Gini
 * coefficient. The sums stay BigInt; only the final ratio becomes a float.
 */

function ratio(numerator: bigint, denominator: bigint): number {
  if (denominator === 0n) return 0;
  // Scale before dividing so the float keeps ~15 significant digits whatever the magnitudes.
  const SCALE = 10n ** 15n;
  return Number((numerator * SCALE) / denominator) / Number(SCALE);
}

/** Share of the total earned by the ten largest amounts (0 when nothing was earned). */
export function topTenShare(amounts: readonly bigint[]): number {
  const sorted = [...amounts].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0));
  const total = sorted.reduce((s, x) => s + x, 0n);
  const top = sorted.slice(0, 10).reduce((s, x) => s + x, 0n);
  return ratio(top, total);
}

/**
 * Gini coefficient of the amounts (0 = all equal, → 1 = one earner takes all; 0 when nothing was earned):
 * G = (2·Σ i·x₍ᵢ₎ − (n+1)·Σx) / (n·Σx) over the amounts sorted ascending, i from 1.
 */
export function gini(amounts: readonly bigint[]): number {
  const sorted = [...amounts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const n = BigInt(sorted.length);
  const total = sorted.reduce((s, x) => s + x, 0n);
  if (n === 0n || total === 0n) return 0;
  let weighted = 0n;
  sorted.forEach((x, i) => {
    weighted += BigInt(i + 1) * x;
  });
  return ratio(2n * weighted - (n + 1n) * total, n * total);
}
