import { describe, expect, it } from 'vitest';
import { bandHash } from '../../../api/dedup/lsh.js';
import { addCommitted, clustersByBandHash, CATCH_UP_PAGE, currentBandIndex, sinceLastSeen } from '../../../api/use-cases/band-indexes.js';
import type { GraphStore } from '../../../api/store/graph-store.js';
import * as records from '../../../api/store/records.js';
import { int } from '../../../api/store/values.js';
import { recording } from '../store/recording.js';

const driver = () => ({}) as GraphStore['driver'];

describe('band indexes', () => {
  it('a first batch reads every numbered cluster in pages (band keys stored as text or as hashes); later ones only the clusters numbered since', async () => {
    const d = driver();
    const first = recording([[{ seq: int(3), bands: 'b0:aa b1:bb' }], [{ seq: int(CATCH_UP_PAGE + 1), bands: bandHash('b0:cc').toString(16).padStart(8, '0') }]]);
    const index = await currentBandIndex(d, first.tx, { next: CATCH_UP_PAGE + 5, epoch: 'e1', legacyBands: false, fresh: null }, null);
    expect(first.sent.map((s) => s.cypher)).toEqual([records.clusterBandsCypher, records.clusterBandsCypher]);
    expect(first.sent.map((s) => [s.params.from, s.params.to])).toEqual([
      [int(0), int(CATCH_UP_PAGE)],
      [int(CATCH_UP_PAGE), int(CATCH_UP_PAGE + 5)],
    ]);
    expect(index.clustersOf(bandHash('b1:bb'))).toEqual([3]);
    expect(index.clustersOf(bandHash('b0:cc'))).toEqual([CATCH_UP_PAGE + 1]);

    // Another process numbered clusters meanwhile: read from where this one stopped, once.
    const later = recording([[{ seq: int(CATCH_UP_PAGE + 6), bands: 'b0:aa' }]]);
    expect(await currentBandIndex(d, later.tx, { next: CATCH_UP_PAGE + 7, epoch: 'e1', legacyBands: false, fresh: null }, null)).toBe(index);
    expect(later.sent.map((s) => [s.params.from, s.params.to])).toEqual([[int(CATCH_UP_PAGE + 5), int(CATCH_UP_PAGE + 7)]]);
    expect([...index.clustersOf(bandHash('b0:aa'))].sort((a, b) => a - b)).toEqual([3, CATCH_UP_PAGE + 6]);

    // Nothing new: nothing read.
    const idle = recording();
    await currentBandIndex(d, idle.tx, { next: CATCH_UP_PAGE + 7, epoch: 'e1', legacyBands: false, fresh: null }, null);
    expect(idle.sent).toEqual([]);
  });

  it('a sequence of another epoch (a wiped graph) starts a new index from the first cluster', async () => {
    const d = driver();
    await currentBandIndex(d, recording([[{ seq: int(0), bands: 'b0:old' }]]).tx, { next: 1, epoch: 'e1', legacyBands: false, fresh: null }, null);
    const wiped = recording([[{ seq: int(0), bands: 'b0:new' }]]);
    const index = await currentBandIndex(d, wiped.tx, { next: 1, epoch: 'e2', legacyBands: false, fresh: null }, null);
    expect(wiped.sent.map((s) => [s.params.from, s.params.to])).toEqual([[int(0), int(1)]]);
    expect(index.clustersOf(bandHash('b0:old'))).toEqual([]);
    expect(index.clustersOf(bandHash('b0:new'))).toEqual([0]);
  });

  it('a catch-up that fails is not taken for read: the next transaction reads the range again', async () => {
    const d = driver();
    const failing = { run: async () => { throw new Error('connection reset'); } } as unknown as Parameters<typeof currentBandIndex>[1];
    await expect(currentBandIndex(d, failing, { next: 2, epoch: 'e1', legacyBands: false, fresh: null }, null)).rejects.toThrow('connection reset');
    const retry = recording([[{ seq: int(1), bands: 'b0:aa' }]]);
    const index = await currentBandIndex(d, retry.tx, { next: 2, epoch: 'e1', legacyBands: false, fresh: null }, null);
    expect(retry.sent.map((s) => [s.params.from, s.params.to])).toEqual([[int(0), int(2)]]);
    expect(index.clustersOf(bandHash('b0:aa'))).toEqual([1]);
  });

  it('takes what the locking statement read since the index last looked, and the clusters it committed without reading them', async () => {
    const d = driver();
    expect(sinceLastSeen(d)).toBeNull();
    const index = await currentBandIndex(d, recording([[{ seq: int(0), bands: 'b0:aa' }]]).tx, { next: 1, epoch: 'e1', legacyBands: false, fresh: null }, null);
    const since = sinceLastSeen(d)!;
    expect(since).toEqual({ epoch: 'e1', from: 1, to: 1 + CATCH_UP_PAGE });
    // Another process numbered 1 and 2; the lock statement read them: nothing else is sent.
    const locked = recording();
    await currentBandIndex(d, locked.tx, { next: 3, epoch: 'e1', legacyBands: false, fresh: [{ seq: 1, bands: ['b0:bb'] }, { seq: 2, bands: [bandHash('b0:aa')] }] }, since);
    expect(locked.sent).toEqual([]);
    expect([...index.clustersOf(bandHash('b0:aa'))].sort((a, b) => a - b)).toEqual([0, 2]);
    // This transaction numbered 3 and 4 and committed: they go in, and the next lock asks from 5.
    addCommitted(d, 'e1', 3, [{ bandHashes: [bandHash('b1:cc')] }, { bandHashes: [bandHash('b0:bb')] }]);
    expect([...index.clustersOf(bandHash('b0:bb'))].sort((a, b) => a - b)).toEqual([1, 4]);
    expect(sinceLastSeen(d)!.from).toBe(5);
    // A commit the index is not caught up to (or of another epoch) is left to the next catch-up.
    addCommitted(d, 'e1', 9, [{ bandHashes: [bandHash('b2:dd')] }]);
    addCommitted(d, 'e0', 5, [{ bandHashes: [bandHash('b2:dd')] }]);
    expect(index.clustersOf(bandHash('b2:dd'))).toEqual([]);
    expect(sinceLastSeen(d)!.from).toBe(5);
    // A lock read of a range the index has partly seen since (a transaction of this process committed meanwhile)
    // adds only the rest, once.
    const stale = { epoch: 'e1', from: 3, to: 3 + CATCH_UP_PAGE };
    await currentBandIndex(d, recording().tx, { next: 6, epoch: 'e1', legacyBands: false, fresh: [{ seq: 3, bands: ['b1:cc'] }, { seq: 4, bands: ['b0:bb'] }, { seq: 5, bands: ['b3:ee'] }] }, stale);
    expect([...index.clustersOf(bandHash('b0:bb'))].sort((a, b) => a - b)).toEqual([1, 4]);
    expect(index.clustersOf(bandHash('b3:ee'))).toEqual([5]);
    expect(index.size).toBe(6);
  });

  it('keeps a named cluster for a hash only when its stored keys (text or hashes) have it, and the old-way clusters by key', () => {
    const wanted = new Set([bandHash('b0:aa'), bandHash('b1:bb'), 77]);
    const byBand = clustersByBandHash(wanted, {
      numbered: [
        { id: 'cl_text', bands: ['b0:aa', 'b5:zz'] },
        { id: 'cl_hash', bands: [77, 78] },
        // Named by the index for a hash it does not have (another key of the same hash): kept for nothing.
        { id: 'cl_other', bands: [79] },
        { id: 'cl_both', bands: ['b1:bb', 'b0:aa'] },
      ],
      legacyByKey: new Map([['b1:bb', ['cl_old', 'cl_both']]]),
      fingerprints: new Map(),
    });
    expect(byBand).toEqual(
      new Map([
        [bandHash('b0:aa'), ['cl_text', 'cl_both']],
        [77, ['cl_hash']],
        [bandHash('b1:bb'), ['cl_both', 'cl_old']],
      ]),
    );
  });
});
