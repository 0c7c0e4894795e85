/**
 * Background merges of the trace index's tiers (docs/architecture.md#the-trace-index-in-tiers). One merge at a time
 * runs on a thread of its own (a piscina pool of one, apart from the tracing threads, so traces never queue behind a
 * merge): the thread joins the tiers and sorts the suffix array in shared memory; the event loop only plans the merge
 * and swaps the result in (`CorpusIndex.installMerge`, O(tiers)). Traces go on over the old tiers meanwhile, and new
 * batches land as new tiers; when a merge lands, the next one due starts.
 */
import { Piscina } from 'piscina';
import { typescriptThread } from '../threads/typescript-thread.js';
import type { CorpusIndex } from '../attribution/trace/corpus-index.js';
import { SuffixArray } from '../attribution/trace/suffix-array.js';
import type { MergedTier, TierMergeTask } from './tier-merge-worker.js';

export interface TierMergerOptions {
  /** The index merges are for (read when a merge is planned and again when it lands: a reset index drops the merge). */
  current: () => CorpusIndex | null;
  /** Called on the event loop after a merged tier was swapped in (persist it, publish it). */
  merged?: (index: CorpusIndex, tiers: number, tokens: number, ms: number) => void;
  log?: (line: string) => void;
}

export class TierMerger {
  private pool: Piscina | null = null;
  private running: Promise<void> | null = null;
  private closed = false;
  /** Set by a failed merge: the same plan is not retried until the next batch asks again. */
  private failed = false;

  constructor(private readonly options: TierMergerOptions) {}

  /** Starts the next merge due unless one is running. Cheap: call it after every batch. */
  schedule(): void {
    this.failed = false;
    this.next();
  }

  /** Whether a merge is running. */
  get busy(): boolean {
    return this.running !== null;
  }

  /** Resolves when no merge is running or due (tests and benches wait for the tiers to settle). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async close(): Promise<void> {
    this.closed = true;
    const pool = this.pool;
    this.pool = null;
    await pool?.destroy();
  }

  private next(): void {
    if (this.running || this.closed || this.failed) return;
    const index = this.options.current();
    const plan = index?.planMerge();
    if (!index || !plan) return;
    // minThreads 0: the thread leaves when merges stop, and a process with nothing to merge holds none.
    this.pool ??= new Piscina({ ...typescriptThread(new URL('./tier-merge-worker.ts', import.meta.url)), minThreads: 0, maxThreads: 1, idleTimeout: 30_000 });
    const started = performance.now();
    const task: TierMergeTask = { tiers: plan.tiers.map((t) => ({ tokens: t.tokens, docStarts: t.docStarts })) };
    const tokens = plan.tiers.reduce((n, t) => n + t.length, 0);
    this.running = (this.pool.run(task) as Promise<MergedTier>)
      .then((r) => {
        if (this.closed || this.options.current() !== index) return;
        if (index.installMerge(plan, new SuffixArray(r.tokens, r.sa, r.docStarts, r.firstTokens))) {
          this.options.merged?.(index, plan.tiers.length, tokens, performance.now() - started);
        }
      })
      .catch((error: Error) => {
        if (this.closed) return;
        this.failed = true;
        this.options.log?.(`Attribution index: merging ${plan.tiers.length} tiers (${tokens} tokens) failed: ${error.message}`);
      })
      .finally(() => {
        this.running = null;
        this.next();
      });
  }
}
