import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * How a webhook delivery is signed (docs/architecture.md#notifications): `Strata-Signature: t=<unix seconds>,v1=<hex>`
 * where v1 = HMAC-SHA256(subscription secret, `<t>.<raw body>`). The timestamp is signed so a receiver can refuse
 * old replays; the event id in the body (and `Strata-Event-Id`) de-duplicates the at-least-once deliveries.
 */
export function webhookSignature(secret: string, timestampSeconds: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`, 'utf8').digest('hex');
  return `t=${timestampSeconds},v1=${mac}`;
}

/** What a receiver runs: true when `header` signs `body` with `secret` and is at most `toleranceSeconds` old. */
export function verifyWebhookSignature(secret: string, header: string, body: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=', 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds || typeof parts.v1 !== 'string') return false;
  const expected = Buffer.from(webhookSignature(secret, t, body).split('v1=')[1]!, 'hex');
  const given = Buffer.from(parts.v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Back-off before retry n (1-based): 2^(n-1) seconds, at most an hour. */
export function retryDelayMs(attempt: number): number {
  return Math.min(2 ** (attempt - 1) * 1000, 3_600_000);
}

/** Attempts before a delivery is given up (FAILED): with the back-off above, about four minutes of retries. */
export const MAX_DELIVERY_ATTEMPTS = 8;
