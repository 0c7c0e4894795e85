import { fmix32 } from './hash32.js';

/**
 * An in-memory inverted index from LSH band keys to the clusters that have them, each cluster named by its number on
 * the cluster sequence (`lshSeq`). The write path keeps one per process, caught up from the graph under the sequence
 * lock, and reads from the graph only the clusters it names (docs/architecture.md#near-duplicates-under-concurrency):
 * the band keys then need no index in Neo4j, whose upkeep at commit was most of an ingest batch's time.
 *
 * It keys on the band keys' 32-bit hashes (`bandHash`), as the clusters store them: 8 bytes per key and cluster. A hash
 * it was given is always found, so no candidate is lost; two keys sharing a hash make a false candidate, which the
 * exact Jaccard check rejects.
 *
 * Open addressing with linear probing, a multimap (one slot per key and cluster): slot i holds the key's hash at 2i
 * and the cluster's number + 1 at 2i + 1 (0 = empty). It doubles when three quarters full.
 */
export class BandIndex {
  private static readonly INITIAL_SLOTS_LOG2 = 16;
  private slots = new Uint32Array(2 << BandIndex.INITIAL_SLOTS_LOG2);
  private mask = (1 << BandIndex.INITIAL_SLOTS_LOG2) - 1;
  private count = 0;

  /** How many (key, cluster) pairs it holds. */
  get size(): number {
    return this.count;
  }

  /** Bytes of memory its table takes. */
  get bytes(): number {
    return this.slots.byteLength;
  }

  /** Records that the cluster numbered `seq` has the band keys with these hashes. */
  add(seq: number, hashes: Iterable<number>): void {
    if (!Number.isInteger(seq) || seq < 0 || seq >= 0xffffffff) throw new RangeError(`a cluster number must be a uint32 below 2^32 - 1, got ${seq}`);
    for (const hash of hashes) {
      if ((this.count + 1) * 4 > (this.mask + 1) * 3) this.grow();
      this.put(hash >>> 0, seq + 1);
      this.count += 1;
    }
  }

  /** The numbers of the clusters given with this band hash (each once). Most hashes name none: no array is made then. */
  clustersOf(hash: number): readonly number[] {
    hash >>>= 0;
    let found: number[] | null = null;
    for (let slot = start(hash) & this.mask; ; slot = (slot + 1) & this.mask) {
      const entry = this.slots[2 * slot + 1]!;
      if (entry === 0) return found ?? NONE;
      if (this.slots[2 * slot] === hash) {
        if (found === null) found = [entry - 1];
        else if (!found.includes(entry - 1)) found.push(entry - 1);
      }
    }
  }

  private put(hash: number, entry: number): void {
    let slot = start(hash) & this.mask;
    while (this.slots[2 * slot + 1] !== 0) slot = (slot + 1) & this.mask;
    this.slots[2 * slot] = hash;
    this.slots[2 * slot + 1] = entry;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Uint32Array(old.length * 2);
    this.mask = this.mask * 2 + 1;
    for (let i = 0; i < old.length; i += 2) if (old[i + 1] !== 0) this.put(old[i]!, old[i + 1]!);
  }
}

const NONE: readonly number[] = Object.freeze([]);

/** Where a hash's probe starts: re-mixed, so keys whose hashes share low bits do not crowd one run of slots. */
function start(hash: number): number {
  return fmix32(hash ^ 0x9e3779b9);
}
