/**
 * How the API process and its fingerprint thread share one batch's work: the batch is cut into chunks, and each side
 * claims the next unclaimed chunk from one shared counter (`Atomics.add`) until none is left. Whichever side is free
 * does the work: a thread still starting, or busy with another request's batch, simply claims nothing, and the event
 * loop, which claims as it goes, never waits for a chunk nobody has begun.
 */
export class ChunkClaims {
  /** How many chunks the batch is cut into. */
  readonly chunks: number;
  /** Slot 0: the next chunk to claim. */
  private readonly next: Int32Array;

  /** A batch of `count` items in chunks of `chunkSize`; `shared` is the counter of another side's claims, if any. */
  constructor(
    readonly count: number,
    readonly chunkSize: number,
    shared?: SharedArrayBuffer,
  ) {
    if (!Number.isInteger(count) || count < 0) throw new RangeError(`a batch has a whole number of items, got ${count}`);
    if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new RangeError(`a chunk holds at least one item, got ${chunkSize}`);
    this.chunks = Math.ceil(count / chunkSize);
    this.next = new Int32Array(shared ?? new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  }

  get buffer(): SharedArrayBuffer {
    return this.next.buffer as SharedArrayBuffer;
  }

  /** The next chunk for the caller, or null when every chunk is claimed. */
  claim(): number | null {
    const chunk = Atomics.add(this.next, 0, 1);
    return chunk < this.chunks ? chunk : null;
  }

  /** The items' positions in chunk `chunk`: the last chunk may be short. */
  range(chunk: number): { from: number; to: number } {
    return { from: chunk * this.chunkSize, to: Math.min(this.count, (chunk + 1) * this.chunkSize) };
  }

  /** Claims chunks until none is left, calling `each` with every position in them; the chunks it claimed. */
  workClaimed(each: (index: number) => void): number[] {
    const claimed: number[] = [];
    for (let chunk = this.claim(); chunk !== null; chunk = this.claim()) {
      claimed.push(chunk);
      const { from, to } = this.range(chunk);
      for (let index = from; index < to; index++) each(index);
    }
    return claimed;
  }
}
