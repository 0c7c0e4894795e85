/**
 * Shared reads across concurrent requests: a request that asks while a read is under way waits for the next read,
 * which answers every key asked in the meantime at once (each key read once). A request is never answered by a read
 * that started before it asked, so it sees everything committed before it asked, as a read of its own would; a lone
 * request reads at once. What recordOutput's reads before and after its group commit use
 * (docs/architecture.md#outputs-in-parallel).
 */
export class ReadGroup<K, V> {
  private waiting = new Map<K, Array<{ resolve: (value: V) => void; reject: (error: unknown) => void }>>();
  private reading = false;
  /** Reads made and the keys they answered, for the bench and the tests. */
  readonly stats = { reads: 0, keys: 0 };

  /** `readMany` answers every key it is given (one value per key, in a map); a key it leaves out is an error. */
  constructor(private readonly readMany: (keys: K[]) => Promise<Map<K, V>>) {}

  load(key: K): Promise<V> {
    return new Promise<V>((resolve, reject) => {
      const list = this.waiting.get(key);
      if (list) list.push({ resolve, reject });
      else this.waiting.set(key, [{ resolve, reject }]);
      if (!this.reading) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.reading = true;
    try {
      while (this.waiting.size > 0) {
        const batch = this.waiting;
        this.waiting = new Map();
        this.stats.reads += 1;
        this.stats.keys += batch.size;
        try {
          const found = await this.readMany([...batch.keys()]);
          for (const [key, list] of batch) {
            if (!found.has(key)) {
              const error = new Error(`The shared read gave no answer for ${String(key)}.`);
              for (const w of list) w.reject(error);
            } else {
              for (const w of list) w.resolve(found.get(key)!);
            }
          }
        } catch (error) {
          for (const list of batch.values()) for (const w of list) w.reject(error);
        }
      }
    } finally {
      this.reading = false;
    }
  }
}
