/**
 * An append-only list of Int32 in shared memory (a document's cluster number, per document), read by tracing threads
 * from the one copy the API process holds. A view taken earlier stays valid for the values it counts after growth.
 */
export class SharedInt32s {
  private values = new Int32Array(new SharedArrayBuffer(4 << 10));
  private count = 0;

  get size(): number {
    return this.count;
  }

  push(value: number): void {
    if (this.count === this.values.length) {
      const next = new Int32Array(new SharedArrayBuffer(8 * this.values.length));
      next.set(this.values);
      this.values = next;
    }
    this.values[this.count++] = value;
  }

  /** The values so far (a view of the current buffer; later pushes past its length go to a new one). */
  view(): Int32Array {
    return this.values.subarray(0, this.count);
  }
}
