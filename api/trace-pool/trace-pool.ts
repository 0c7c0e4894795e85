/**
 * Tracing threads (docs/architecture.md#tracing-off-the-event-loop): a piscina pool whose threads trace over
 * replicas of the API's corpus (corpus-replica.ts), so a 60 KB trace, or 150 aliased ones in one request, keeps one
 * thread busy while the event loop goes on answering everything else. Tasks queue when every thread is busy.
 */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { AttributionShape } from '../attribution/attribution-shape.js';
import type { TraceOptions, TraceResult } from '../attribution/trace/trace.js';
import type { AttributeOptions } from '../corpus/attribute-with.js';
import type { ReplicaHandle } from './corpus-replica.js';
import { typescriptThread } from '../threads/typescript-thread.js';
import type { TraceTask } from './trace-task.js';

/** 'auto': one thread per core but one (the event loop keeps a core), at least 1, at most 4. */
export type TraceThreads = number | 'auto';

export function resolveTraceThreads(threads: TraceThreads): number {
  return threads === 'auto' ? Math.max(1, Math.min(4, availableParallelism() - 1)) : threads;
}

export class TracePool {
  private readonly pool: Piscina;

  constructor(threads: number) {
    if (!(threads >= 1)) throw new RangeError('a trace pool needs at least one thread');
    this.pool = new Piscina({
      ...typescriptThread(new URL('./trace-worker.ts', import.meta.url)),
      minThreads: 1,
      maxThreads: threads,
      // Replicas live in the threads: an idle thread that exits takes its replica with it, so keep them.
      idleTimeout: Number.POSITIVE_INFINITY,
    });
  }

  get threads(): number {
    return this.pool.options.maxThreads;
  }

  attribute(corpus: ReplicaHandle, text: string, options: AttributeOptions): Promise<AttributionShape> {
    // Every option is plain data and crosses as it is: the method an older attribution is recomputed with, and the
    // paraphrase tier's evidence found in this process.
    const { training, prompt, method, semantic } = options;
    const task = { training, prompt: prompt ?? null, ...(method ? { method } : {}), ...(semantic ? { semantic } : {}) };
    return this.pool.run({ kind: 'attribute', corpus, text, options: task } satisfies TraceTask) as Promise<AttributionShape>;
  }

  trace(corpus: ReplicaHandle, text: string, options: Omit<TraceOptions, 'eligible'> = {}): Promise<TraceResult> {
    return this.pool.run({ kind: 'trace', corpus, text, options } satisfies TraceTask) as Promise<TraceResult>;
  }

  close(): Promise<void> {
    return this.pool.destroy();
  }
}
