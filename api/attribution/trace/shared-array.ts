/**
 * Typed arrays over SharedArrayBuffers. The index's big arrays (token streams, suffix arrays, document starts,
 * first-token tables) live in shared memory so that tracing threads read the one copy the API process holds instead
 * of each holding its own (docs/architecture.md#tracing-off-the-event-loop). A shared array behaves like any other
 * typed array in a single thread, so the engine stays unaware of threads.
 */

export function sharedInt32(length: number): Int32Array<SharedArrayBuffer> {
  return new Int32Array(new SharedArrayBuffer(4 * length));
}

export function sharedFloat64(length: number): Float64Array<SharedArrayBuffer> {
  return new Float64Array(new SharedArrayBuffer(8 * length));
}

/** A shared copy of `array[from, to)`. */
export function sharedCopy(array: Int32Array, from = 0, to = array.length): Int32Array<SharedArrayBuffer> {
  const copy = sharedInt32(to - from);
  copy.set(array.subarray(from, to));
  return copy;
}
