import { describe, expect, it } from 'vitest';
import { planClusters, type IncomingRecord, type StoredCluster } from '../../../api/use-cases/dedup-plan.js';
import { clusterIdFor } from '../../../api/use-cases/ids.js';
import { fingerprint, jaccard } from '../../../api/dedup/index.js';
import { contentHash } from '../../../api/core/normalize.js';

const words = (seed: string, n = 60) => Array.from({ length: n }, (_, i) => `${seed}${(i * 7919) % 1000}`).join(' ');
const incoming = (texts: string[]): IncomingRecord[] =>
  texts.map((text, index) => ({ index, recordId: `rec_${index}`, contentHash: contentHash(text), print: fingerprint(text) }));
const changeWord = (text: string, at: number, to: string) => text.split(' ').map((w, i) => (i === at ? to : w)).join(' ');

describe('planClusters', () => {
  it('starts a new cluster per unrelated text, named after its hash', () => {
    const batch = incoming([words('a'), words('b')]);
    const plan = planClusters(batch, new Map(), new Map(), new Map());
    expect(plan.map((a) => a.clusterId)).toEqual(batch.map((r) => clusterIdFor(r.contentHash)));
    expect(plan.every((a) => a.duplicate === null && a.newCluster !== null)).toBe(true);
  });

  it('joins a stored record with the same hash (EXACT, similarity 1), before any near match', () => {
    const text = words('stored');
    const [r] = incoming([text]);
    const stored: StoredCluster = { id: 'cl_near', shingles: fingerprint(changeWord(text, 30, 'x')).shingles, representativeRecordId: 'rec_near' };
    const byBand = new Map(r!.print.bandHashes.map((h) => [h, ['cl_near']]));
    const plan = planClusters([r!], new Map([[r!.contentHash, { recordId: 'rec_old', clusterId: 'cl_old' }]]), byBand, new Map([['cl_near', stored]]));
    expect(plan[0]).toMatchObject({ clusterId: 'cl_old', newCluster: null, duplicate: { kind: 'EXACT', duplicateOf: 'rec_old', similarity: 1, index: 0 } });
  });

  it('joins the best stored candidate at Jaccard ≥ 0.8 (NEAR), ties to the smallest id, and ignores weaker ones', () => {
    const text = words('near');
    const [r] = incoming([changeWord(text, 30, 'changed')]);
    const strong = fingerprint(text).shingles;
    const weak = fingerprint(changeWord(changeWord(text, 5, 'p'), 50, 'q')).shingles;
    const clusters = new Map<string, StoredCluster>([
      ['cl_b', { id: 'cl_b', shingles: strong, representativeRecordId: 'rec_b' }],
      ['cl_a', { id: 'cl_a', shingles: strong, representativeRecordId: 'rec_a' }],
      ['cl_weak', { id: 'cl_weak', shingles: weak, representativeRecordId: 'rec_weak' }],
    ]);
    const byBand = new Map([[r!.print.bandHashes[0]!, ['cl_b', 'cl_weak', 'cl_a']]]);
    const plan = planClusters([r!], new Map(), byBand, clusters);
    expect(plan[0]).toMatchObject({ clusterId: 'cl_a', duplicate: { kind: 'NEAR', duplicateOf: 'rec_a' } });
    expect(plan[0]!.duplicate!.similarity).toBe(jaccard(r!.print.shingles, strong));
  });

  it('never proposes a cluster that shares no band (LSH decides candidates)', () => {
    const text = words('noband');
    const [r] = incoming([text]);
    const clusters = new Map<string, StoredCluster>([['cl_same', { id: 'cl_same', shingles: r!.print.shingles, representativeRecordId: 'rec_same' }]]);
    expect(planClusters([r!], new Map(), new Map(), clusters)[0]!.duplicate).toBeNull();
  });

  it('finds duplicates within the batch: exact copies and near copies of earlier records', () => {
    const base = words('batch');
    const batch = incoming([base, words('other'), ` ${base}\n`, changeWord(base, 20, 'zz')]);
    const plan = planClusters(batch, new Map(), new Map(), new Map());
    expect(plan.map((a) => a.clusterId)).toEqual([plan[0]!.clusterId, plan[1]!.clusterId, plan[0]!.clusterId, plan[0]!.clusterId]);
    expect(plan.map((a) => a.duplicate && [a.duplicate.kind, a.duplicate.duplicateOf])).toEqual([null, null, ['EXACT', 'rec_0'], ['NEAR', 'rec_0']]);
    expect(plan.filter((a) => a.newCluster).map((a) => a.index)).toEqual([0, 1]);
  });
});
