import { BandIndex } from '../dedup/band-index.js';
import { bandHash } from '../dedup/lsh.js';
import * as records from '../store/records.js';
import type { BandCandidates, ClusterSequence, NumberedBands } from '../store/records.js';
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

/** Clusters per read while catching up: 32 band hashes each, so a page stays a few MB however big the graph. */
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
export function addCommitted(driver: Driver, epoch: string, first: number, clusters: ReadonlyArray<{ bandHashes: readonly number[] }>): void {
  const state = indexes.get(driver);
  if (!state || state.epoch !== epoch || state.seen !== first || clusters.length === 0) return;
  add(state, clusters.map((c, i) => ({ seq: first + i, bands: c.bandHashes })), first, first + clusters.length);
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
  for (const { seq, bands } of rows) if (seq >= state.seen && seq < to) state.index.add(seq, bands.map(bandHash));
  state.seen = Math.max(state.seen, to);
}

/**
 * Per band hash a batch asked for, the ids of the candidate clusters that have it: the clusters the band index named,
 * kept for a hash only when their stored band keys hold it (the index may name a cluster for a hash another key
 * shares), and the clusters stored the old way, by key.
 */
export function clustersByBandHash(wanted: ReadonlySet<number>, found: BandCandidates): Map<number, string[]> {
  const byBand = new Map<number, string[]>();
  const add = (hash: number, id: string) => {
    const ids = byBand.get(hash);
    if (!ids) byBand.set(hash, [id]);
    else if (!ids.includes(id)) ids.push(id);
  };
  for (const { id, bands } of found.numbered) {
    for (const band of bands) {
      const hash = bandHash(band);
      if (wanted.has(hash)) add(hash, id);
    }
  }
  for (const [key, ids] of found.legacyByKey) for (const id of ids) add(bandHash(key), id);
  return byBand;
}
