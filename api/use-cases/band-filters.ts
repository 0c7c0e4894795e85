import { BandFilter } from '../dedup/band-filter.js';
import * as records from '../store/records.js';
import type { GraphStore } from '../store/graph-store.js';
import type { Transaction } from '../store/transaction.js';

/**
 * Each process's Bloom filter of the stored band keys (docs/architecture.md#near-duplicates-under-concurrency), one per
 * graph it writes to. It is brought up to date inside every ingest transaction, after the cluster sequence is locked:
 * the clusters numbered since the filter last looked (written by this process or any other) are read by a range seek on
 * `lshSeq`. A filter of another epoch (the sequence node was created again: a wiped graph) is rebuilt from every
 * stored band key.
 */
interface FilterState {
  epoch: string;
  /** Every cluster numbered below this has its keys in the filter. */
  seen: number;
  filter: BandFilter;
}

// Keyed by the driver: wrappers of one graph store (metrics, tracing) share it, and so share the filter.
const filters = new WeakMap<GraphStore['driver'], FilterState>();

/** The filter for this graph, holding every band key committed before the caller took the sequence lock. */
export async function currentBandFilter(driver: GraphStore['driver'], tx: Transaction, sequence: { next: number; epoch: string }): Promise<BandFilter> {
  let state = filters.get(driver);
  if (!state || state.epoch !== sequence.epoch) {
    const filter = new BandFilter();
    for (const key of await records.allBandKeys(tx)) filter.add(key);
    state = { epoch: sequence.epoch, seen: sequence.next, filter };
    filters.set(driver, state);
    return filter;
  }
  if (state.seen < sequence.next) {
    const from = state.seen;
    for (const key of await records.bandKeysSince(tx, from)) state.filter.add(key);
    // Only forward: a retried transaction or a concurrent one of this process may have read further already.
    state.seen = Math.max(state.seen, sequence.next);
  }
  return state.filter;
}
