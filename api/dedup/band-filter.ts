import { fmix32, hashString32 } from './hash32.js';

/**
 * A Bloom filter of LSH band keys: "this key is certainly in no stored cluster" or "it may be". The write path keeps
 * one per process, holding every stored cluster's band keys, and asks the graph's full-text index only about the keys
 * the filter may hold (docs/architecture.md#near-duplicates-under-concurrency). A false "may be" costs one term in a
 * Lucene query; a key is never wrongly "certainly not", so no candidate is lost.
 *
 * 2^28 bits (32 MiB) and 3 probes: ≈ 2.7 % false "may be" at 10^6 clusters (3.2·10^7 keys), far less below that.
 */
export class BandFilter {
  static readonly BITS_LOG2 = 28;
  static readonly PROBES = 3;
  private readonly words = new Uint32Array(2 ** (BandFilter.BITS_LOG2 - 5));
  private readonly mask = 2 ** BandFilter.BITS_LOG2 - 1;

  add(key: string): void {
    const [a, b] = probes(key);
    for (let i = 0; i < BandFilter.PROBES; i++) {
      const bit = (a + i * b) & this.mask;
      this.words[bit >>> 5]! |= 1 << (bit & 31);
    }
  }

  mightHave(key: string): boolean {
    const [a, b] = probes(key);
    for (let i = 0; i < BandFilter.PROBES; i++) {
      const bit = (a + i * b) & this.mask;
      if ((this.words[bit >>> 5]! & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }
}

/** Double hashing: two independent 32-bit hashes of the key give every probe (Kirsch–Mitzenmacher). */
function probes(key: string): [number, number] {
  const a = hashString32(key);
  return [a, fmix32(a ^ 0x9e3779b9) | 1];
}
