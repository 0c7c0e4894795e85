import { describe, expect, it } from 'vitest';
import * as records from '../../../api/store/records.js';
import { int } from '../../../api/store/values.js';
import { recording } from './recording.js';

const contributor = { contributorId: 'ctb_c', envAdmin: false };

describe('records store: locks', () => {
  it('locks nodes in sorted order, once each, and sends nothing for none', async () => {
    const { tx, sent } = recording();
    await records.lockNodes(tx, 'Datanet', ['dn_b', 'dn_a', 'dn_b']);
    await records.lockNodes(tx, 'ContentCluster', []);
    expect(sent).toMatchSnapshot();
  });

  it('locks and reads the cluster sequence, moves it on, and reads the band keys of the clusters numbered in a range', async () => {
    const { tx, sent } = recording([
      [{ next: int(7), epoch: 'e1', fresh: [], legacyBands: false }],
      [{ next: int(9), epoch: 'e1', fresh: [{ seq: int(7), bands: 'b0:k1' }, { seq: int(8), bands: '00000029fffffff9' }], legacyBands: true }],
      [{ next: int(9), epoch: 'e2', fresh: [], legacyBands: false }],
      [],
      [{ seq: int(7), bands: 'b0:k1 b1:k2' }, { seq: int(8), bands: records.lshBandsOf([3, 0xffffffff, 0])! }],
    ]);
    expect(await records.lockClusterSequence(tx)).toEqual({ next: 7, epoch: 'e1', fresh: null, legacyBands: false });
    // With the range a band index has not seen: the clusters numbered in it, read after the lock, their band keys as
    // stored (text on clusters written before the hashes, hashes since).
    expect(await records.lockClusterSequence(tx, { epoch: 'e1', from: 7, to: 20 })).toEqual({
      next: 9,
      epoch: 'e1',
      fresh: [{ seq: 7, bands: ['b0:k1'] }, { seq: 8, bands: [41, 0xfffffff9] }],
      legacyBands: true,
    });
    // Of another epoch (a wiped graph): nothing to take.
    expect((await records.lockClusterSequence(tx, { epoch: 'e1', from: 9, to: 20 })).fresh).toBeNull();
    await records.advanceClusterSequence(tx, 9);
    // Hashes written by lshBandsOf read back as they were (the full uint32 range, zero included).
    expect(await records.clusterBands(tx, 7, 9)).toEqual([{ seq: 7, bands: ['b0:k1', 'b1:k2'] }, { seq: 8, bands: [3, 0xffffffff, 0] }]);
    expect(sent).toMatchSnapshot();
  });
});

describe('records store: submitting', () => {
  it('reads the target datanet\'s admission and the caller\'s roles', async () => {
    const { tx, sent } = recording([[{ admission: 'OPEN', roles: ['CONTRIBUTOR'] }], [{ admission: null, roles: null }]]);
    expect(await records.submissionTarget(tx, contributor, 'dn_1')).toEqual({ admission: 'OPEN', callerRoles: ['CONTRIBUTOR'] });
    expect(await records.submissionTarget(tx, contributor, 'dn_x')).toEqual({ admission: null, callerRoles: null });
    expect(sent[0]).toMatchSnapshot();
  });

  it('reads stored records by hash, clusters by band and the clusters\' fingerprints', async () => {
    const { tx, sent } = recording([
      [{ hash: 'h1', recordId: 'rec_1', clusterId: 'cl_1' }],
      [
        { id: 'cl_1', bands: 'b0:k0 k1 b2:k2', shingles: [int(3), int(1)], representative: 'rec_1' },
        { id: 'cl_3', bands: '000000090000000a', shingles: [int(9)], representative: 'rec_3' },
      ],
      [{ key: 'k1', clusterIds: ['cl_2', 'cl_1'] }],
      [{ id: 'cl_2', shingles: [int(4)], representative: 'rec_2' }],
      [
        { id: 'cl_1', shingles: [int(3), int(1)], representative: 'rec_1' },
        { id: 'cl_2', shingles: [int(4)], representative: null },
      ],
    ]);
    expect(await records.recordsByContentHash(tx, ['h1', 'h2'])).toEqual(new Map([['h1', { recordId: 'rec_1', clusterId: 'cl_1' }]]));
    // The clusters the band index named, with their band keys as stored (text or hashes), and cl_2 as a legacy
    // LshBand node of k1. The numbered clusters come with their fingerprints; the legacy one's are read after (one
    // more statement).
    expect(await records.clustersByBand(tx, [4, 1, 4], ['k1', 'k2'])).toEqual({
      numbered: [
        { id: 'cl_1', bands: ['b0:k0', 'k1', 'b2:k2'] },
        { id: 'cl_3', bands: [9, 10] },
      ],
      legacyByKey: new Map([['k1', ['cl_2', 'cl_1']]]),
      fingerprints: new Map([
        ['cl_1', { id: 'cl_1', shingles: [3, 1], representativeRecordId: 'rec_1' }],
        ['cl_3', { id: 'cl_3', shingles: [9], representativeRecordId: 'rec_3' }],
        ['cl_2', { id: 'cl_2', shingles: [4], representativeRecordId: 'rec_2' }],
      ]),
    });
    expect(await records.clusterFingerprints(tx, ['cl_1', 'cl_2'])).toEqual(new Map([['cl_1', { id: 'cl_1', shingles: [3, 1], representativeRecordId: 'rec_1' }]]));
    expect(sent).toMatchSnapshot();
  });

  it('reads no numbered cluster when the band index names none, and no band node when no key is given', async () => {
    const { tx, sent } = recording();
    const none = { numbered: [], legacyByKey: new Map(), fingerprints: new Map() };
    expect(await records.clustersByBand(tx, [], ['b0:k1', 'b1:k2'])).toEqual(none);
    expect(await records.clustersByBand(tx, [], [])).toEqual(none);
    expect(sent.map((s) => s.cypher)).toEqual([records.clustersByLegacyBandCypher]);
    expect(sent[0]!.params.keys).toEqual(['b0:k1', 'b1:k2']);
  });

  it('creates clusters with their band keys and records behind the contributor guard in one statement, and claims owners', async () => {
    const { tx, sent } = recording([[{ created: int(3), submittedAt: '2026-11-30T13:00:00.000Z' }], []]);
    const created = await records.createRecordsAndClusters(tx, { actor: contributor, roles: ['CONTRIBUTOR'] }, {
      datanetId: 'dn_1',
      status: 'ACCEPTED',
      records: [
        { id: 'rec_1', clusterId: 'cl_1', contentHash: 'h1', text: 'The tide turns twice a day.', license: 'CC-BY-4.0' },
        { id: 'rec_2', clusterId: 'cl_1', contentHash: 'h1', text: 'The tide turns twice a day.', license: 'CC-BY-4.0' },
        { id: 'rec_3', clusterId: 'cl_stored', contentHash: 'h3', text: 'The moon pulls the sea.', license: 'CC-BY-4.0' },
      ],
      clusters: [{ id: 'cl_1', contentHash: 'h1', shingles: [1, 2], bandHashes: [0xfffffff0, 7], ownerRecordId: 'rec_1' }],
      fingerprintVersion: 'shingle5-v1',
      firstSeq: 12,
    });
    expect(created.created).toBe(3);
    const params = sent[0]!.params;
    // Each record names its new cluster's place in the statement's list, or none when it joins a stored cluster.
    expect((params.record_slot as unknown[]).map((slot) => (slot === null ? null : Number(slot)))).toEqual([0, 0, null]);
    // The batch goes as columns, one list per field in row order.
    expect(params).toMatchObject({
      record_id: ['rec_1', 'rec_2', 'rec_3'],
      record_clusterId: ['cl_1', 'cl_1', 'cl_stored'],
      record_contentHash: ['h1', 'h1', 'h3'],
      record_text: ['The tide turns twice a day.', 'The tide turns twice a day.', 'The moon pulls the sea.'],
      record_license: ['CC-BY-4.0', 'CC-BY-4.0', 'CC-BY-4.0'],
      cluster_id: ['cl_1'],
      cluster_contentHash: ['h1'],
      cluster_shingles: [[1, 2]],
      cluster_lshBands: ['fffffff000000007'],
      cluster_ownerRecordId: ['rec_1'],
    });
    // Every parameter the statement reads is sent (the column names are built in two places).
    const read = [...new Set([...records.createRecordsAndClustersCypher.matchAll(/\$(\w+)/g)].map((m) => m[1]!))];
    expect(read.filter((name) => !(name in params))).toEqual([]);
    expect(read.filter((name) => name.startsWith('record_') || name.startsWith('cluster_')).sort()).toEqual(Object.keys(params).filter((k) => k.includes('_')).sort());
    // What a read of the records would return, from the write alone: the statement's time, the guard's contributor.
    expect(created.written[1]).toEqual({
      __typename: 'Record', id: 'rec_2', clusterId: 'cl_1', contentHash: 'h1', text: 'The tide turns twice a day.', license: 'CC-BY-4.0',
      status: 'ACCEPTED', submittedAt: '2026-11-30T13:00:00.000Z', acceptedAt: '2026-11-30T13:00:00.000Z', datanetId: 'dn_1', contributorId: contributor.contributorId,
    });
    await records.claimClusterOwners(tx, [{ clusterId: 'cl_1', recordId: 'rec_1' }]);
    await records.claimClusterOwners(tx, []);
    expect(sent).toMatchSnapshot();
  });

  it('reports fewer records created than sent, and writes nothing it returns, when the guard or a cluster fails', async () => {
    const { tx } = recording([[]]);
    const refused = await records.createRecordsAndClusters(tx, { actor: contributor, roles: ['CONTRIBUTOR'] }, {
      datanetId: 'dn_1', status: 'PENDING', records: [{ id: 'rec_1', clusterId: 'cl_1', contentHash: 'h1', text: 't', license: 'l' }], clusters: [], fingerprintVersion: 'v', firstSeq: 0,
    });
    expect(refused).toEqual({ created: 0, written: [] });
  });
});

describe('records store: reviewing', () => {
  it('reads each record\'s datanet and cluster by position, nulls for unknown ids', async () => {
    const { tx, sent } = recording([[
      { i: int(0), datanetId: 'dn_1', clusterId: 'cl_1' },
      { i: int(1), datanetId: null, clusterId: null },
    ]]);
    expect(await records.recordPlaces(tx, ['rec_1', 'rec_x'])).toEqual([{ datanetId: 'dn_1', clusterId: 'cl_1' }, { datanetId: null, clusterId: null }]);
    expect(sent).toMatchSnapshot();
  });

  it('reads what decides a review, and writes it behind the validator guard', async () => {
    const { tx, sent } = recording([
      [{ i: int(0), roles: ['VALIDATOR'], status: 'PENDING', contributorId: 'ctb_c', appointed: true }],
      [{ reviewed: int(1) }],
    ]);
    const validator = { contributorId: 'ctb_v', envAdmin: false };
    expect(await records.reviewFacts(tx, validator, ['rec_1'])).toEqual([{ index: 0, callerRoles: ['VALIDATOR'], status: 'PENDING', contributorId: 'ctb_c', appointed: true }]);
    const review = { ids: ['rec_1'], status: 'ACCEPTED' as const, verdict: 'ACCEPT' as const, reason: 'sourced' };
    expect(await records.reviewRecords(tx, { actor: validator, roles: ['VALIDATOR'] }, review)).toBe(1);
    expect(sent).toMatchSnapshot();
  });
});
