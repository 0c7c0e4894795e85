import { BandIndex } from '../dedup/band-index.js';
import * as records from '../store/records.js';
import type { GraphStore } from '../store/graph-store.js';
import type { Transaction } from '../store/transaction.js';

/**
 * Each process's index of the stored band keys (docs/architecture.md#near-duplicates-under-concurrency), one per graph
 * it writes to. It is brought up to date inside every ingest transaction, after the cluster sequence is locked: the
 * clusters numbered since the index last looked (written by this process or any other) are read by a range seek on
 * `lshSeq`. An index of another epoch (the sequence node was created again: a wiped graph), or a process's first
 * batch, reads every numbered cluster, in pages.
 */
interface IndexState {
  epoch: string;
  /** Every cluster numbered below this has its keys in the index. */
  seen: number;
  index: BandIndex;
}

/** Clusters per read while catching up: ~1.1 KB of band keys each, so a page stays near 20 MB however big the graph. */
export const CATCH_UP_PAGE = 20_000;

// Keyed by the driver: wrappers of one graph store (metrics, tracing) share it, and so share the index.
const indexes = new WeakMap<GraphStore['driver'], IndexState>();

/** The index for this graph, holding every band key committed before the caller took the sequence lock. */
export async function currentBandIndex(driver: GraphStore['driver'], tx: Transaction, sequence: { next: number; epoch: string }): Promise<BandIndex> {
  let state = indexes.get(driver);
  if (!state || state.epoch !== sequence.epoch) {
    state = { epoch: sequence.epoch, seen: 0, index: new BandIndex() };
    const fresh = state;
    await catchUp(tx, fresh, sequence.next);
    indexes.set(driver, fresh);
    return fresh.index;
  }
  await catchUp(tx, state, sequence.next);
  return state.index;
}

async function catchUp(tx: Transaction, state: IndexState, next: number): Promise<void> {
  while (state.seen < next) {
    const from = state.seen;
    const to = Math.min(next, from + CATCH_UP_PAGE);
    for (const { seq, bandKeys } of await records.clusterBands(tx, from, to)) state.index.add(seq, bandKeys);
    // Only forward: a concurrent transaction of this process (it waits for the lock, so it can only be behind) must
    // not read a range twice.
    state.seen = Math.max(state.seen, to);
  }
}
