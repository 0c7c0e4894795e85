import { createHash } from 'node:crypto';

/**
 * The one text normalisation every part of Strata (API, engine, extension) must agree on, fixed in docs/architecture.md#text-normalisation-and-hashes:
 * Unicode NFKC, every whitespace run to one space, trimmed.
 */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').replace(/\s+/gu, ' ').trim();
}

/** Lowercase hex SHA-256 of the UTF-8 bytes of the normalised text. */
export function contentHash(text: string): string {
  return createHash('sha256').update(normalizeText(text), 'utf8').digest('hex');
}

export const CONTENT_HASH_PATTERN = /^[0-9a-f]{64}$/;
