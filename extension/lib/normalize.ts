/**
 * Text normalisation fixed in docs/architecture.md#text-normalisation-and-hashes (and implemented server-side in api/core/normalize.ts):
 * Unicode NFKC, every whitespace run → one space, trim. contentHash = lowercase hex SHA-256 of the UTF-8 bytes.
 *
 * This file runs in the service worker and in content scripts, so it uses Web Crypto only (no node:crypto).
 */

/** The same regex as the server: JS `\s` with the `u` flag (Unicode White_Space plus U+FEFF). */
const WHITESPACE_RUN = /\s+/gu;
const WHITESPACE_CHAR = /^\s$/u;

export function normalizeText(text: string): string {
  return text.normalize('NFKC').replace(WHITESPACE_RUN, ' ').trim();
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return toHex(new Uint8Array(digest));
}

export async function contentHash(text: string): Promise<string> {
  return sha256Hex(new TextEncoder().encode(normalizeText(text)));
}

export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

export const CONTENT_HASH_PATTERN = /^[0-9a-f]{64}$/;

/**
 * The normalised text together with, for every normalised UTF-16 offset i, the raw range of the grapheme it came
 * from (`starts[i]`, `ends[i]`). Used to map traced spans back onto the page's text nodes.
 *
 * NFKC is applied per grapheme cluster, which is what makes an offset map possible. Should that ever differ from
 * NFKC of the whole string, the map is null and callers fall back to searching for the span text.
 */
export interface NormalizedWithMap {
  text: string;
  map: { starts: Int32Array; ends: Int32Array } | null;
}

const segmenter: Intl.Segmenter | null =
  typeof Intl !== 'undefined' && 'Segmenter' in Intl ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : null;

export function normalizeWithMap(raw: string): NormalizedWithMap {
  const expected = normalizeText(raw);
  if (!segmenter) return { text: expected, map: null };

  let text = '';
  const starts: number[] = [];
  const ends: number[] = [];
  let pendingSpace: [number, number] | null = null; // raw range of the first whitespace of a pending run
  for (const { segment, index } of segmenter.segment(raw)) {
    const end = index + segment.length;
    for (const cp of segment.normalize('NFKC')) {
      if (WHITESPACE_CHAR.test(cp)) {
        pendingSpace ??= [index, end];
        continue;
      }
      if (pendingSpace) {
        if (text.length > 0) {
          text += ' ';
          starts.push(pendingSpace[0]);
          ends.push(pendingSpace[1]);
        }
        pendingSpace = null;
      }
      text += cp;
      for (let k = 0; k < cp.length; k++) {
        starts.push(index);
        ends.push(end);
      }
    }
  }
  if (text !== expected) return { text: expected, map: null };
  return { text, map: { starts: Int32Array.from(starts), ends: Int32Array.from(ends) } };
}

/** Raw range [start, end) covering normalised range [start, end), or null when out of bounds. */
export function rawRange(nm: NormalizedWithMap, start: number, end: number): [number, number] | null {
  if (!nm.map || start < 0 || end > nm.text.length || start >= end) return null;
  return [nm.map.starts[start]!, nm.map.ends[end - 1]!];
}

/** Normalised offset of the first normalised char whose raw grapheme starts at or after raw offset r. */
export function normalizedOffset(nm: NormalizedWithMap, r: number): number | null {
  if (!nm.map) return null;
  const a = nm.map.starts;
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! < r) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
