import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Keys are shown once at creation and stored only as SHA-256 hashes. */
export function newApiKey(): string {
  return `strata_${randomBytes(24).toString('base64url')}`;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Constant-time comparison of two keys (hashing first makes the lengths equal). */
export function sameKey(a: string, b: string): boolean {
  return timingSafeEqual(Buffer.from(hashApiKey(a), 'hex'), Buffer.from(hashApiKey(b), 'hex'));
}
