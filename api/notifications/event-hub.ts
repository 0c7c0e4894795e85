import type { NotificationKind, StoredContributorEvent } from '../store/contributor-events.js';

/**
 * The process's live channel of contributor events (docs/architecture.md#notifications): use-cases publish the events
 * a committed write made; each open event stream listens for its contributor's. In-process only: a replica of the
 * API hears only what it wrote itself (another replica's events reach a stream through its replay, by cursor).
 *
 * A listener's queue is bounded: a stream that does not read (a stalled client) is ended with `EventQueueOverflow`
 * rather than holding events without limit; the client resumes from its last cursor and the replay fills the gap.
 */
export class EventQueueOverflow extends Error {
  constructor(readonly limit: number) {
    super(`More than ${limit} events waited for this stream: it was closed; resume with the last event's cursor.`);
  }
}

export interface EventQueue extends AsyncIterableIterator<StoredContributorEvent> {
  /** Ends the queue: a pending or later `next()` is done. */
  close(): void;
}

interface Listener {
  kinds: ReadonlySet<NotificationKind>;
  push(event: StoredContributorEvent): void;
  end(error?: Error): void;
}

export class EventHub {
  private readonly listeners = new Map<string, Set<Listener>>();
  private closed = false;

  constructor(private readonly options: { maxQueued?: number } = {}) {}

  /** Contributors with an open stream: the only ones whose events are worth reading after a write. */
  listening(): string[] {
    return [...this.listeners.keys()];
  }

  /** Open streams of one contributor. */
  count(contributorId: string): number {
    return this.listeners.get(contributorId)?.size ?? 0;
  }

  /** Open streams, all contributors together. */
  get size(): number {
    let n = 0;
    for (const set of this.listeners.values()) n += set.size;
    return n;
  }

  /** Hands each event to its contributor's streams that asked for its kind. */
  publish(events: readonly StoredContributorEvent[]): void {
    for (const event of events) {
      for (const listener of this.listeners.get(event.contributorId) ?? []) {
        if (listener.kinds.has(event.kind)) listener.push(event);
      }
    }
  }

  /** A queue of the contributor's events of `kinds` published from now on, until closed. */
  subscribe(contributorId: string, kinds: Iterable<NotificationKind>): EventQueue {
    const maxQueued = this.options.maxQueued ?? 1_000;
    const queued: StoredContributorEvent[] = [];
    let waiting: ((result: IteratorResult<StoredContributorEvent>) => void) | null = null;
    let failWaiting: ((error: Error) => void) | null = null;
    let ended = false;
    let failure: Error | null = null;
    const set = this.listeners.get(contributorId) ?? new Set<Listener>();
    const detach = () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(contributorId) === set) this.listeners.delete(contributorId);
    };
    const listener: Listener = {
      kinds: new Set(kinds),
      push: (event) => {
        if (ended) return;
        if (waiting) {
          const resolve = waiting;
          waiting = failWaiting = null;
          resolve({ value: event, done: false });
        } else if (queued.length >= maxQueued) {
          listener.end(new EventQueueOverflow(maxQueued));
        } else {
          queued.push(event);
        }
      },
      end: (error) => {
        if (ended) return;
        ended = true;
        failure = error ?? null;
        detach();
        if (waiting) {
          const [resolve, reject] = [waiting, failWaiting!];
          waiting = failWaiting = null;
          if (failure) reject(failure);
          else resolve({ value: undefined, done: true });
        }
      },
    };
    if (this.closed) ended = true;
    else {
      set.add(listener);
      this.listeners.set(contributorId, set);
    }
    const queue: EventQueue = {
      next: () => {
        if (queued.length > 0) return Promise.resolve({ value: queued.shift()!, done: false });
        if (ended) {
          if (failure) {
            const error = failure;
            failure = null;
            return Promise.reject(error);
          }
          return Promise.resolve({ value: undefined, done: true });
        }
        return new Promise((resolve, reject) => {
          waiting = resolve;
          failWaiting = reject;
        });
      },
      return: () => {
        queued.length = 0;
        listener.end();
        return Promise.resolve({ value: undefined, done: true });
      },
      close: () => listener.end(),
      [Symbol.asyncIterator]() {
        return queue;
      },
    };
    return queue;
  }

  /** Ends every stream (shutdown): their clients are told the stream is complete, and nothing can subscribe again. */
  close(): void {
    this.closed = true;
    for (const set of [...this.listeners.values()]) for (const listener of [...set]) listener.end();
    this.listeners.clear();
  }
}
