/**
 * Byte encodings at the log's boundaries: lowercase hex for hashes in the API, standard padded base64 in signed
 * notes. Parsing is strict because a lenient decoder (Buffer.from silently skips bad characters) would let two
 * different strings name the same hash.
 */

const HEX = /^(?:[0-9a-f]{2})*$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

export function fromHex(hex: string, what = 'hex string'): Uint8Array {
  if (!HEX.test(hex)) throw new Error(`${what} must be lowercase hex with an even number of digits`);
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

/** A SHA-256 hash given as 64 lowercase hex digits. */
export function fromHexHash(hex: string, what = 'hash'): Uint8Array {
  if (hex.length !== 64) throw new Error(`${what} must be 64 lowercase hex digits`);
  return fromHex(hex, what);
}

export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

export function fromBase64(text: string, what = 'base64 string'): Uint8Array {
  if (!BASE64.test(text)) throw new Error(`${what} is not canonical padded base64`);
  const bytes = new Uint8Array(Buffer.from(text, 'base64'));
  // Non-zero bits in the last character's unused tail decode to the same bytes; refuse them so encodings are unique.
  if (toBase64(bytes) !== text) throw new Error(`${what} is not canonical padded base64`);
  return bytes;
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
