/**
 * Exact re-check of the money in a log entry: payouts are decimal strings (integer base units in Strata, but any
 * non-negative decimal is summed exactly) and, when the entry states a `fee`, must add up to it to the last digit.
 * Shared by the verifier CLI and tests so a third party runs the same arithmetic the server claims.
 */

const DECIMAL = /^(0|[1-9][0-9]*)(?:\.([0-9]+))?$/;

export interface Decimal {
  /** The value times 10^scale. */
  units: bigint;
  scale: number;
}

export function parseDecimal(text: string): Decimal {
  const m = DECIMAL.exec(text);
  if (!m) throw new Error(`${JSON.stringify(text)} is not a non-negative decimal string`);
  const fraction = m[2] ?? '';
  return { units: BigInt(m[1]! + fraction), scale: fraction.length };
}

function rescale(d: Decimal, scale: number): bigint {
  return d.units * 10n ** BigInt(scale - d.scale);
}

export function addDecimals(values: readonly Decimal[]): Decimal {
  const scale = Math.max(0, ...values.map((v) => v.scale));
  return { units: values.reduce((sum, v) => sum + rescale(v, scale), 0n), scale };
}

export function decimalsEqual(a: Decimal, b: Decimal): boolean {
  const scale = Math.max(a.scale, b.scale);
  return rescale(a, scale) === rescale(b, scale);
}

export function formatDecimal(d: Decimal): string {
  if (d.scale === 0) return d.units.toString();
  const digits = d.units.toString().padStart(d.scale + 1, '0');
  return `${digits.slice(0, -d.scale)}.${digits.slice(-d.scale)}`;
}

export interface PayoutCheck {
  /** False when the entry has no payouts at all (an attribution event, say): nothing to check. */
  present: boolean;
  ok: boolean;
  count: number;
  total?: string;
  fee?: string;
  problems: string[];
}

/**
 * Reads `payouts` from an entry: a list of decimal strings or of objects with an `amount`, or an object mapping
 * recipients to either. Everything that is not an exact non-negative decimal string is reported, never coerced.
 */
export function checkPayouts(entry: unknown): PayoutCheck {
  const problems: string[] = [];
  if (entry === null || typeof entry !== 'object' || !('payouts' in entry)) {
    return { present: false, ok: true, count: 0, problems };
  }
  const record = entry as { payouts: unknown; fee?: unknown };
  const raw = record.payouts;
  const items: [string, unknown][] = Array.isArray(raw)
    ? raw.map((v, i) => [`payouts[${i}]`, v])
    : raw !== null && typeof raw === 'object'
      ? Object.entries(raw).map(([k, v]) => [`payouts.${k}`, v])
      : [];
  if (items.length === 0 && !(Array.isArray(raw) || (raw !== null && typeof raw === 'object'))) {
    problems.push('payouts is neither a list nor an object');
  }
  const amounts: Decimal[] = [];
  for (const [where, value] of items) {
    const amount = value !== null && typeof value === 'object' && 'amount' in value ? (value as { amount: unknown }).amount : value;
    if (typeof amount !== 'string') {
      problems.push(`${where} amount is ${typeof amount === 'number' ? 'a JSON number' : typeof amount}, not a decimal string`);
      continue;
    }
    try {
      amounts.push(parseDecimal(amount));
    } catch (e) {
      problems.push(`${where}: ${(e as Error).message}`);
    }
  }
  const total = addDecimals(amounts);
  const result: PayoutCheck = { present: true, ok: false, count: items.length, total: formatDecimal(total), problems };
  if ('fee' in record && record.fee !== undefined && record.fee !== null) {
    if (typeof record.fee !== 'string') {
      problems.push('fee is not a decimal string');
    } else {
      result.fee = record.fee;
      try {
        if (!decimalsEqual(total, parseDecimal(record.fee))) {
          problems.push(`payouts sum to ${formatDecimal(total)} but the fee is ${record.fee}`);
        }
      } catch (e) {
        problems.push(`fee: ${(e as Error).message}`);
      }
    }
  }
  result.ok = problems.length === 0;
  return result;
}
