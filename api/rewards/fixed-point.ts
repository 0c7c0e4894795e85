/** 1.0 in the 18-decimal fixed point used for money arithmetic (like wei per ether). */
export const ONE = 10n ** 18n;

/**
 * A non-negative JS number as an exact 18-decimal fixed-point bigint, rounding half up beyond the 18th decimal.
 * It reads the number's shortest round-trip decimal form (`String(x)`), so 0.1 becomes exactly 10^17 rather than the
 * binary double's 0.1000000000000000055…: policies written as decimals mean exactly what they say.
 */
export function toFixed18(x: number, what: string): bigint {
  if (!Number.isFinite(x) || x < 0) throw new RangeError(`${what} must be a finite number ≥ 0, got ${x}`);
  const [mantissa = '0', exponent = '0'] = String(x).split('e');
  const [whole = '0', fraction = ''] = mantissa.split('.');
  const digits = BigInt(whole + fraction);
  const shift = Number(exponent) - fraction.length + 18;
  if (shift >= 0) return digits * 10n ** BigInt(shift);
  const divisor = 10n ** BigInt(-shift);
  const quotient = digits / divisor;
  return 2n * (digits % divisor) >= divisor ? quotient + 1n : quotient;
}

/** A fixed-point value as a plain decimal string, for error messages. */
export function formatFixed18(value: bigint): string {
  const whole = value / ONE;
  const fraction = (value % ONE).toString().padStart(18, '0').replace(/0+$/, '');
  return fraction === '' ? whole.toString() : `${whole}.${fraction}`;
}
