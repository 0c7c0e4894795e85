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

/** FNV-1a over the UTF-8 bytes, then fmix32 (FNV alone mixes its last bytes poorly). */
export function hashString32(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of utf8.encode(text)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193);
  }
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

/** Fixed-width lowercase hex of a uint32. */
export function hex32(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0');
}
