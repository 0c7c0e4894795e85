import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IndexFormatError, packSections } from '../../../api/attribution/trace/binary-sections.js';
import { CorpusIndex, INDEX_MAGIC, mergeTiers, type CorpusRecord } from '../../../api/attribution/trace/corpus-index.js';
import { corpusDigest } from '../../../api/attribution/trace/corpus-digest.js';
import { generateRecords } from './synthetic-corpus.js';

const records = [...generateRecords({ seed: 7, records: 400, minWords: 20, maxWords: 80 })];
/** Outputs that quote corpus passages (so traces are non-trivial) between bits of other text. */
const outputs = records.slice(0, 40).map((r, i) => {
  const words = r.text.split(' ');
  const other = records[(i * 37 + 11) % records.length]!.text.split(' ');
  return `${other.slice(0, 9).join(' ')} ${words.slice(3, 18).join(' ')} ${other.slice(20, 35).join(' ')}`;
});
const traceAll = (index: CorpusIndex, eligible?: (id: string) => boolean) =>
  outputs.map((text) => index.trace(text, eligible ? { eligible } : {}));

describe('CorpusIndex persistence', () => {
  const full = CorpusIndex.build(records);

  it('serialize/deserialize round-trips: same traces, digest and counts', () => {
    const copy = CorpusIndex.deserialize(full.serialize());
    expect(copy.digest()).toBe(full.digest());
    expect(copy.documentCount).toBe(full.documentCount);
    expect(copy.tokenCount).toBe(full.tokenCount);
    expect(traceAll(copy)).toEqual(traceAll(full));
    expect(traceAll(full).some((t) => t.spans.length > 0)).toBe(true);
  });

  it('round-trips with several tiers and keeps accepting batches afterwards', () => {
    const index = new CorpusIndex({ mergeFraction: 0.5 });
    index.addBatch(records.slice(0, 300));
    expect(index.addBatch(records.slice(300, 350)).merged).toBe(false);
    const copy = CorpusIndex.deserialize(index.serialize());
    expect(copy.shards).toHaveLength(2);
    expect(traceAll(copy)).toEqual(traceAll(index));
    copy.addBatch(records.slice(350));
    expect(traceAll(copy)).toEqual(traceAll(full));
  });

  it('a loaded index skips the ids it holds and numbers clusters as the original does (its id maps are built on the first batch)', () => {
    const copy = CorpusIndex.deserialize(full.serialize());
    expect(copy.has(records[5]!.recordId)).toBe(true);
    expect(copy.addBatch(records.slice(0, 50))).toEqual({ added: 0, merged: false });
    const extra = [
      { recordId: 'new-in-old-cluster', clusterId: records[3]!.clusterId, text: 'a record that joins an existing cluster' },
      { recordId: 'new-in-new-cluster', clusterId: 'a-new-cluster', text: 'a record in a cluster of its own' },
    ];
    const grown = CorpusIndex.build([...records, ...extra]);
    expect(copy.addBatch(extra).added).toBe(2);
    for (const doc of [records.length, records.length + 1]) {
      expect(copy.recordIdOf(doc)).toBe(grown.recordIdOf(doc));
      expect(copy.clusterName(copy.clusterOf(doc))).toBe(grown.clusterName(grown.clusterOf(doc)));
      expect(copy.clusterOf(doc)).toBe(grown.clusterOf(doc));
    }
    expect(copy.clusterCount).toBe(grown.clusterCount);
  });

  it('refuses a file whose cluster numbers or digest count disagree with its ids', () => {
    const { meta, arrays } = full.toSections() as { meta: Record<string, unknown>; arrays: Array<Int32Array | Float64Array> };
    const clusters = Int32Array.from(arrays[1]!);
    clusters[7] = (meta.clusterNames as string[]).length;
    expect(() => CorpusIndex.deserialize(packSections(INDEX_MAGIC, meta, [arrays[0]!, clusters, ...arrays.slice(2)]))).toThrow(/cluster numbers/);
    const miscounted = { ...meta, digest: `${records.length + 1}:${(meta.digest as string).split(':')[1]}` };
    expect(() => CorpusIndex.deserialize(packSections(INDEX_MAGIC, miscounted, arrays))).toThrow(/internally inconsistent/);
  });

  it('still reads a format-3 file (a main array and a delta) as two tiers', () => {
    const index = new CorpusIndex({ mergeFraction: 0.5 });
    index.addBatch(records.slice(0, 300));
    index.addBatch(records.slice(300, 350));
    const { meta, arrays } = index.toSections() as { meta: Record<string, unknown>; arrays: Array<Int32Array | Float64Array> };
    const [main, delta] = index.shards;
    const v3 = {
      format: 3, method: meta.method, deltaFraction: 0.5, recordIds: meta.recordIds, clusterNames: meta.clusterNames,
      vocabulary: meta.vocabulary, mainDocs: main!.index.documentCount, hasMain: true, hasDelta: true, digest: meta.digest,
    };
    const parts = [main!, delta!].flatMap(({ index: t }) => [t.tokens, t.sa, t.docStarts]);
    const old = CorpusIndex.deserialize(packSections(INDEX_MAGIC, v3, [arrays[0]!, arrays[1]!, ...parts]));
    expect(old.shards).toHaveLength(2);
    expect(traceAll(old)).toEqual(traceAll(index));
    const v2 = packSections(INDEX_MAGIC, { ...v3, format: 2 }, [arrays[0]!, arrays[1]!, ...parts]);
    expect(() => CorpusIndex.deserialize(v2)).toThrow(/index format 2/);
  });

  it('rejects corrupt, truncated or foreign files with IndexFormatError (the caller then rebuilds)', () => {
    const buf = full.serialize();
    const flipped = Buffer.from(buf);
    flipped[Math.floor(buf.length / 2)]! ^= 1;
    expect(() => CorpusIndex.deserialize(flipped)).toThrow(IndexFormatError);
    expect(() => CorpusIndex.deserialize(buf.subarray(0, buf.length - 100))).toThrow(IndexFormatError);
    expect(() => CorpusIndex.deserialize(Buffer.from('not an index at all, just some bytes here'))).toThrow(IndexFormatError);
  });

  it('digest = count + hash of the id set, independent of order, and changes with the set', () => {
    const ids = records.map((r) => r.recordId);
    expect(full.digest()).toBe(corpusDigest([...ids].reverse()));
    expect(full.digest().startsWith(`${ids.length}:`)).toBe(true);
    expect(corpusDigest(ids.slice(1))).not.toBe(full.digest());
    const grown = CorpusIndex.deserialize(full.serialize());
    grown.addBatch([{ recordId: 'extra', clusterId: 'x', text: 'one more record' }]);
    expect(grown.digest()).toBe(corpusDigest([...ids, 'extra']));
  });
});

describe('CorpusIndex.addBatch', () => {
  it('skips record ids it already has (replays are harmless)', () => {
    const index = CorpusIndex.build(records.slice(0, 10));
    expect(index.addBatch(records.slice(5, 12))).toEqual({ added: 2, merged: expect.any(Boolean) });
    expect(index.documentCount).toBe(12);
    expect(index.addBatch([])).toEqual({ added: 0, merged: false });
  });

  it('keeps small tiers and merges a tier once it holds mergeFraction of the one before (cascading)', () => {
    const index = new CorpusIndex({ mergeFraction: 0.25 });
    expect(index.addBatch(records.slice(0, 200)).merged).toBe(false); // the first batch is the first tier
    expect(index.addBatch(records.slice(200, 220)).merged).toBe(false);
    expect(index.shards).toHaveLength(2);
    expect(index.addBatch(records.slice(220, 300)).merged).toBe(true); // 80 records merge with the 20, then with the 200
    expect(index.shards).toHaveLength(1);
    expect(index.shards[0]!.index.documentCount).toBe(300);
  });

  it('never merges past maxShardTokens: a full build cuts document shards of that size', () => {
    const built = CorpusIndex.build(records, { maxShardTokens: 3000 });
    expect(built.shards.length).toBeGreaterThan(3);
    for (const { index } of built.shards.slice(0, -1)) expect(index.length).toBeGreaterThanOrEqual(3000);
    const grown = new CorpusIndex({ maxShardTokens: 3000 });
    for (let at = 0; at < records.length; at += 7) grown.addBatch(records.slice(at, at + 7));
    expect(grown.planMerge()).toBeNull();
    for (let s = 1; s < grown.shards.length; s++) {
      const [prev, next] = [grown.shards[s - 1]!.index.length, grown.shards[s]!.index.length];
      expect(next < 0.25 * prev || prev + next > 3000).toBe(true);
    }
  });

  it('deferred merges: planned, computed elsewhere, swapped in only while their tiers are still there', () => {
    const index = new CorpusIndex({ merges: 'deferred' });
    for (let at = 0; at < 120; at += 30) index.addBatch(records.slice(at, at + 30));
    expect(index.shards).toHaveLength(4);
    const plan = index.planMerge()!;
    expect(plan.tiers.length).toBeGreaterThanOrEqual(2);
    const merged = mergeTiers(plan.tiers);
    index.addBatch(records.slice(120, 130)); // arrives while the merge runs
    const before = index.generation;
    expect(index.installMerge(plan, merged)).toBe(true);
    expect(index.generation).not.toBe(before);
    expect(index.installMerge(plan, merged)).toBe(false); // its tiers are gone
    expect(index.shards.at(-1)!.index.documentCount).toBe(10);
    expect(index.documentCount).toBe(130);
  });

  it('random corpora cut into tiers in random ways trace exactly like one index (spans, counts across tiers)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.array(fc.integer({ min: 1, max: 90 }), { minLength: 1, maxLength: 10 }),
        fc.constantFrom(0.05, 0.25, 0.5, 1, 2),
        fc.constantFrom(1_000, 4_000, 1 << 27),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
        (seed, sizes, mergeFraction, maxShardTokens, mergeNow) => {
          const corpus = [...generateRecords({ seed, records: 240, minWords: 10, maxWords: 70 })];
          const single = CorpusIndex.build(corpus);
          expect(single.shards).toHaveLength(1);
          const texts = corpus.slice(0, 24).map((r, i) => {
            const other = corpus[(i * 53 + 7) % corpus.length]!.text.split(' ');
            return `${other.slice(0, 6).join(' ')} ${r.text.split(' ').slice(2, 16).join(' ')} ${other.slice(10, 30).join(' ')}`;
          });
          const eligible = (id: string) => Number(id.slice(4)) % 4 !== 1;
          const tiered = new CorpusIndex({ merges: 'deferred', mergeFraction, maxShardTokens });
          let at = 0;
          for (let b = 0; at < corpus.length; b++) {
            const size = sizes[b % sizes.length]!;
            tiered.addBatch(corpus.slice(at, at + size));
            at += size;
            // Merges land at random moments, some never: any tier layout is reachable.
            const plan = tiered.planMerge();
            if (plan && mergeNow[b % mergeNow.length]) tiered.installMerge(plan, mergeTiers(plan.tiers));
          }
          const sharded = CorpusIndex.build(corpus, { maxShardTokens });
          for (const index of [tiered, sharded]) {
            expect(index.digest()).toBe(single.digest());
            for (const text of texts) {
              expect(index.trace(text)).toEqual(single.trace(text));
              expect(index.trace(text, { eligible })).toEqual(single.trace(text, { eligible }));
            }
          }
        },
      ),
      { numRuns: 20 },
    );
    // Not a timing assertion: the limit only guards against a hang.
  }, 120_000);

  it('rejects records without ids', () => {
    expect(() => CorpusIndex.build([{ recordId: '', clusterId: 'c', text: 'x' } as CorpusRecord])).toThrow(TypeError);
  });
});
