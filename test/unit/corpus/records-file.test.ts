import { describe, expect, it } from 'vitest';
import { CorpusIndex } from '../../../api/attribution/trace/corpus-index.js';
import type { AcceptedRecordMeta } from '../../../api/attribution/model-reach.js';
import { decodeRecordsFile, encodeRecordsFile } from '../../../api/corpus/records-file.js';

const records: AcceptedRecordMeta[] = Array.from({ length: 7 }, (_, k) => ({
  recordId: `rec_${k}`,
  clusterId: `cl_${k % 3}`,
  datanetId: `dn_${k % 2}`,
  contributorId: `ctb_${k % 4}`,
  acceptedAtMs: 1_700_000_000_000 + k * 1_000,
}));
const text = (k: number) => `record number ${k} says something about topic ${k % 3}`;

function indexOf(metas: readonly AcceptedRecordMeta[]): CorpusIndex {
  const index = new CorpusIndex();
  // Two batches, so the index has two tiers, as a live one does.
  index.addBatch(metas.slice(0, 4).map((m, k) => ({ recordId: m.recordId, clusterId: m.clusterId, text: text(k) })));
  index.addBatch(metas.slice(4).map((m, k) => ({ recordId: m.recordId, clusterId: m.clusterId, text: text(k + 4) })));
  return index;
}

describe('the records file saved beside the trace index', () => {
  it('gives back every record, in the index order, through JSON', () => {
    const index = indexOf(records);
    const meta = new Map(records.map((m) => [m.recordId, m]));
    const saved = JSON.parse(JSON.stringify(encodeRecordsFile(index, meta, 42)));
    expect(saved.datanets).toEqual(['dn_0', 'dn_1']);
    expect(saved).not.toHaveProperty('meta');
    expect(decodeRecordsFile(saved, index)).toEqual({ meta: records, watermarkMs: 42 });
  });

  it('is refused by another index, or when a column is short', () => {
    const index = indexOf(records);
    const saved = encodeRecordsFile(index, new Map(records.map((m) => [m.recordId, m])), 42);
    expect(() => decodeRecordsFile(saved, indexOf(records.slice(0, 6)))).toThrow(/another index/);
    expect(() => decodeRecordsFile({ ...saved, acceptedAtMs: saved.acceptedAtMs.slice(1) }, index)).toThrow(/does not hold 7 records/);
  });

  it('cannot be written for a record indexed without its metadata', () => {
    const index = indexOf(records);
    expect(() => encodeRecordsFile(index, new Map(records.slice(1).map((m) => [m.recordId, m])), 0)).toThrow(/rec_0/);
  });

  it('still reads the first layout (one object per record), and refuses one naming other records', () => {
    const index = indexOf(records);
    const first = { digest: index.digest(), watermarkMs: 9, meta: [...records].reverse() };
    expect(decodeRecordsFile(first, index)).toEqual({ meta: first.meta, watermarkMs: 9 });
    const other = { ...first, meta: [...records.slice(1), { ...records[0]!, recordId: 'rec_x' }] };
    expect(() => decodeRecordsFile(other, index)).toThrow(/other records/);
  });
});
