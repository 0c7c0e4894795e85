/**
 * Small, portable 32-bit hashing used by the near-duplicate fingerprint. Everything here is pure integer arithmetic on
 * UTF-8 bytes, so the values are the same on every machine and in every language: fingerprints are stored in Neo4j and
 * must never depend on the process that computed them.
 */

const utf8 = new TextEncoder();

/** MurmurHash3's 32-bit finaliser: a bijection on uint32 with full avalanche. */
export function fmix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a's starting value and one byte of it: `hashString32`, and `bandHashes` (lsh.ts) for text it never builds. */
export const FNV1A_OFFSET = 0x811c9dc5;
export function fnv1aByte(h: number, byte: number): number {
  return Math.imul(h ^ byte, 0x01000193);
}

/** FNV-1a over the UTF-8 bytes, then fmix32 (FNV alone mixes its last bytes poorly). */
export function hashString32(text: string): number {
  // ASCII text (every band key, most shingles) is its own UTF-8: hash the char codes without encoding, the same value.
  let h = FNV1A_OFFSET;
  let ascii = true;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0x7f) {
      ascii = false;
      break;
    }
    h = fnv1aByte(h, code);
  }
  if (ascii) return fmix32(h);
  h = FNV1A_OFFSET;
  for (const byte of utf8.encode(text)) h = fnv1aByte(h, byte);
  return fmix32(h);
}

/**
 * `count` uint32 values from a fixed seed (SplitMix32-style: a Weyl sequence through a finaliser). Used to derive the
 * MinHash hash-function keys, so they are constants of the algorithm rather than of a run.
 */
export function seededUint32s(seed: number, count: number): number[] {
  const out: number[] = [];
  let state = seed >>> 0;
  for (let i = 0; i < count; i++) {
    state = (state + 0x9e3779b9) >>> 0;
    out.push(fmix32(state));
  }
  return out;
}

const HEX_BYTES = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/** Fixed-width lowercase hex of a uint32 (byte by byte from a table: band keys format 4 of these per band). */
export function hex32(value: number): string {
  const v = value >>> 0;
  return HEX_BYTES[v >>> 24]! + HEX_BYTES[(v >>> 16) & 0xff]! + HEX_BYTES[(v >>> 8) & 0xff]! + HEX_BYTES[v & 0xff]!;
}
