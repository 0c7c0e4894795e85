/**
 * Strings appended one by one into shared memory (UTF-8 bytes back to back, and where each ends), so tracing threads
 * read a corpus's record ids and cluster names from the one copy the API process holds instead of each parsing its
 * own (docs/architecture.md#tracing-off-the-event-loop). Append-only: a view taken earlier stays valid for the strings
 * it counts, even after the table has grown into bigger buffers.
 */
export interface SharedStringsView {
  bytes: Uint8Array;
  /** ends[i]: where string i ends in `bytes` (it starts where string i − 1 ends). */
  ends: Uint32Array;
  count: number;
}

const encoder = new TextEncoder();

export class SharedStrings {
  private bytes = new Uint8Array(new SharedArrayBuffer(1 << 12));
  private ends = new Uint32Array(new SharedArrayBuffer(4 << 8));
  private used = 0;
  private count = 0;

  get size(): number {
    return this.count;
  }

  push(value: string): void {
    // At most 3 bytes per UTF-16 unit.
    if (this.used + 3 * value.length > this.bytes.length) this.bytes = grown(this.bytes, this.used + 3 * value.length, Uint8Array);
    const { written } = encoder.encodeInto(value, this.bytes.subarray(this.used));
    this.used += written;
    if (this.used > 0xffffffff) throw new RangeError('shared strings past 4 GiB');
    if (this.count === this.ends.length) this.ends = grown(this.ends, this.count + 1, Uint32Array);
    this.ends[this.count++] = this.used;
  }

  view(): SharedStringsView {
    return { bytes: this.bytes, ends: this.ends, count: this.count };
  }
}

/** String `i` of a view (throws past its count). */
export function sharedStringAt(view: SharedStringsView, i: number): string {
  if (!(i >= 0 && i < view.count)) throw new RangeError(`no string ${i}`);
  const start = i === 0 ? 0 : view.ends[i - 1]!;
  // TextDecoder refuses views of shared memory: decode a copy of the few bytes.
  return decoder.decode(view.bytes.slice(start, view.ends[i]!));
}

const decoder = new TextDecoder();

function grown<T extends Uint8Array | Uint32Array>(array: T, minLength: number, Kind: { new (buffer: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number }): T {
  const length = Math.max(minLength, 2 * array.length);
  const next = new Kind(new SharedArrayBuffer(length * Kind.BYTES_PER_ELEMENT));
  next.set(array as never);
  return next;
}
