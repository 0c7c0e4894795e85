import { BandIndex } from '../dedup/band-index.js';
import * as records from '../store/records.js';
import type { ClusterSequence, NumberedBands } from '../store/records.js';
import type { GraphStore } from '../store/graph-store.js';
import type { Transaction } from '../store/transaction.js';

/**
 * Each process's index of the stored band keys (docs/architecture.md#near-duplicates-under-concurrency), one per graph
 * it writes to. It is brought up to date inside every ingest transaction, after the cluster sequence is locked: the
 * clusters numbered since the index last looked (written by this process or any other) are read by a range seek on
 * `lshSeq`, in the locking statement itself (`sinceLastSeen`). An index of another epoch (the sequence node was
 * created again: a wiped graph), or a process's first batch, reads every numbered cluster, in pages. After a commit,
 * the clusters the transaction numbered go in without being read back (`addCommitted`).
 */
interface IndexState {
  epoch: string;
  /** Every cluster numbered below this has its keys in the index. */
  seen: number;
  index: BandIndex;
}

/** Clusters per read while catching up: ~1.1 KB of band keys each, so a page stays near 20 MB however big the graph. */
export const CATCH_UP_PAGE = 20_000;

type Driver = GraphStore['driver'];

// Keyed by the driver: wrappers of one graph store (metrics, tracing) share it, and so share the index.
const indexes = new WeakMap<Driver, IndexState>();

/** What to read with the sequence lock: one page of the clusters this process's index has not seen (null: none yet). */
export function sinceLastSeen(driver: Driver): { epoch: string; from: number; to: number } | null {
  const state = indexes.get(driver);
  return state ? { epoch: state.epoch, from: state.seen, to: state.seen + CATCH_UP_PAGE } : null;
}

/**
 * The index for this graph, holding every band key committed before the caller took the sequence lock. `since` is
 * what `sinceLastSeen` answered before the lock statement was sent, `sequence` what that statement read.
 */
export async function currentBandIndex(
  driver: Driver,
  tx: Transaction,
  sequence: ClusterSequence,
  since: { epoch: string; from: number; to: number } | null,
): Promise<BandIndex> {
  let state = indexes.get(driver);
  if (!state || state.epoch !== sequence.epoch) {
    const fresh: IndexState = { epoch: sequence.epoch, seen: 0, index: new BandIndex() };
    await catchUp(tx, fresh, sequence.next);
    indexes.set(driver, fresh);
    return fresh.index;
  }
  if (since && sequence.fresh && since.epoch === state.epoch) {
    // [since.from, to) was read under the lock. The state may have moved on meanwhile (another transaction of this
    // process committed): only what it has not seen goes in.
    add(state, sequence.fresh, since.from, Math.min(since.to, sequence.next));
  }
  await catchUp(tx, state, sequence.next);
  return state.index;
}

/**
 * After a commit: the clusters the transaction numbered from `first` (under the lock, so nothing else was numbered
 * in between) go into the index, if it had seen everything up to `first`; otherwise the next catch-up reads them.
 */
export function addCommitted(driver: Driver, epoch: string, first: number, clusters: ReadonlyArray<{ bandKeys: readonly string[] }>): void {
  const state = indexes.get(driver);
  if (!state || state.epoch !== epoch || state.seen !== first || clusters.length === 0) return;
  add(state, clusters.map((c, i) => ({ seq: first + i, bandKeys: [...c.bandKeys] })), first, first + clusters.length);
}

async function catchUp(tx: Transaction, state: IndexState, next: number): Promise<void> {
  while (state.seen < next) {
    const from = state.seen;
    const to = Math.min(next, from + CATCH_UP_PAGE);
    add(state, await records.clusterBands(tx, from, to), from, to);
  }
}

/**
 * Adds the clusters read for [from, to) that the index has not seen, then moves `seen` (only forward: a concurrent
 * transaction of this process may have read further already). Every cluster below `seen` is in the index: below
 * `from` because `seen` was at least `from` when the range was asked for, the rest just added.
 */
function add(state: IndexState, rows: readonly NumberedBands[], from: number, to: number): void {
  if (state.seen < from) return;
  for (const { seq, bandKeys } of rows) if (seq >= state.seen && seq < to) state.index.add(seq, bandKeys);
  state.seen = Math.max(state.seen, to);
}
