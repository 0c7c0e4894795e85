import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IndexFormatError } from '../../../api/attribution/trace/binary-sections.js';
import { CorpusIndex, type CorpusRecord } from '../../../api/attribution/trace/corpus-index.js';
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

  it('round-trips with a pending delta and keeps accepting batches afterwards', () => {
    const index = new CorpusIndex({ deltaFraction: 0.5 });
    index.addBatch(records.slice(0, 300));
    expect(index.addBatch(records.slice(300, 350)).merged).toBe(false);
    const copy = CorpusIndex.deserialize(index.serialize());
    expect(copy.shards).toHaveLength(2);
    expect(traceAll(copy)).toEqual(traceAll(index));
    copy.addBatch(records.slice(350));
    expect(traceAll(copy)).toEqual(traceAll(full));
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

  it('keeps a small delta and merges it when it outgrows the fraction', () => {
    const index = new CorpusIndex({ deltaFraction: 0.25 });
    expect(index.addBatch(records.slice(0, 200)).merged).toBe(true); // first batch becomes the main index
    expect(index.addBatch(records.slice(200, 220)).merged).toBe(false);
    expect(index.shards).toHaveLength(2);
    expect(index.addBatch(records.slice(220, 300)).merged).toBe(true);
    expect(index.shards).toHaveLength(1);
  });

  it('incremental batches give the same traces as one full build (any split, any delta fraction)', () => {
    const full = CorpusIndex.build(records);
    const expected = traceAll(full);
    const eligible = (id: string) => Number(id.slice(4)) % 3 !== 0;
    const expectedEligible = traceAll(full, eligible);
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 120 }), { minLength: 1, maxLength: 12 }),
        fc.constantFrom(0.05, 0.125, 0.5, 2),
        (sizes, deltaFraction) => {
          const index = new CorpusIndex({ deltaFraction });
          let at = 0;
          for (let b = 0; at < records.length; b++) {
            const size = sizes[b % sizes.length]!;
            index.addBatch(records.slice(at, at + size));
            at += size;
          }
          expect(index.digest()).toBe(full.digest());
          expect(traceAll(index)).toEqual(expected);
          expect(traceAll(index, eligible)).toEqual(expectedEligible);
        },
      ),
      { numRuns: 25 },
    );
    // Not a timing assertion: 25 random splits take a few seconds; the limit only guards against a hang.
  }, 60_000);

  it('rejects records without ids', () => {
    expect(() => CorpusIndex.build([{ recordId: '', clusterId: 'c', text: 'x' } as CorpusRecord])).toThrow(TypeError);
  });
});
