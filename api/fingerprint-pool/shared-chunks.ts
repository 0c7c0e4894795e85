/**
 * How the API process and its fingerprint thread share one batch's work: the batch is cut into chunks, and each side
 * claims the next unclaimed chunk from one shared counter (`Atomics.add`) until none is left. Whichever side is free
 * does the work: a thread still starting, or busy with another request's batch, simply claims nothing, and the event
 * loop, which claims as it goes, never waits for a chunk nobody has begun.
 */
export class ChunkClaims {
  /** Slot 0: the next chunk to claim. */
  readonly shared: Int32Array;

  constructor(readonly chunks: number, shared?: SharedArrayBuffer) {
    if (!Number.isInteger(chunks) || chunks < 0) throw new RangeError(`a batch has a whole number of chunks, got ${chunks}`);
    this.shared = new Int32Array(shared ?? new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  }

  get buffer(): SharedArrayBuffer {
    return this.shared.buffer as SharedArrayBuffer;
  }

  /** The next chunk for the caller, or null when every chunk is claimed. */
  claim(): number | null {
    const chunk = Atomics.add(this.shared, 0, 1);
    return chunk < this.chunks ? chunk : null;
  }
}

/** The texts' positions in chunk `chunk` of a batch of `count` cut into chunks of `size`. */
export function chunkRange(chunk: number, size: number, count: number): { from: number; to: number } {
  return { from: chunk * size, to: Math.min(count, (chunk + 1) * size) };
}
