/**
 * Group commit: writes that arrive while one is being committed wait, and are then committed together, in one
 * transaction. Writes that contend on the same lock (every output appends to the one log head) then take it once per
 * batch instead of once each, and pay one commit. A batch is all or nothing, so when it fails its writes are retried one
 * by one, each getting its own answer or its own error (docs/architecture.md#outputs-in-parallel).
 */
export interface GroupCommitOptions<I, R> {
  /** At most this many writes in one transaction. */
  maxBatch: number;
  /** Commits one write alone (also what a failed batch falls back to). */
  writeOne: (item: I) => Promise<R>;
  /** Commits several writes in one transaction, answering each in order. */
  writeBatch: (items: I[]) => Promise<R[]>;
  /** Writes with the same key never share a batch (an idempotency key: the second must see the first committed). */
  keyOf?: (item: I) => string | null;
}

interface Waiting<I, R> {
  item: I;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

export class GroupCommit<I, R> {
  private readonly waiting: Array<Waiting<I, R>> = [];
  private draining = false;
  /** Batches committed and the writes in them, for the bench and the metrics. */
  readonly stats = { batches: 0, writes: 0, fallbacks: 0 };

  constructor(private readonly options: GroupCommitOptions<I, R>) {}

  submit(item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.waiting.length > 0) await this.commit(this.nextBatch());
    } finally {
      this.draining = false;
    }
  }

  /** The oldest waiting writes, at most maxBatch, no two with the same key (later ones wait for the next batch). */
  private nextBatch(): Array<Waiting<I, R>> {
    const batch: Array<Waiting<I, R>> = [];
    const keys = new Set<string>();
    for (let i = 0; i < this.waiting.length && batch.length < this.options.maxBatch; ) {
      const key = this.options.keyOf?.(this.waiting[i]!.item) ?? null;
      if (key !== null && keys.has(key)) {
        i += 1;
        continue;
      }
      if (key !== null) keys.add(key);
      batch.push(this.waiting.splice(i, 1)[0]!);
    }
    return batch;
  }

  private async commit(batch: Array<Waiting<I, R>>): Promise<void> {
    this.stats.batches += 1;
    this.stats.writes += batch.length;

    if (batch.length > 1) {
      try {
        const results = await this.options.writeBatch(batch.map((w) => w.item));
        batch.forEach((w, i) => w.resolve(results[i]!));
        return;
      } catch {
        // One write's error (a replayed key, a model it may not use) fails the batch: each gets its own answer below.
        this.stats.fallbacks += 1;
      }
    }
    await Promise.all(batch.map((w) => this.options.writeOne(w.item).then(w.resolve, w.reject)));
  }
}
