/**
 * `<file>.meta.json`: what the attribution engine needs of each indexed record beside its text (datanet, contributor,
 * acceptance time), saved with the trace index (docs/architecture.md#the-trace-index-in-tiers).
 *
 * Columns in the index's document order: the record and cluster ids are the index head's already, so they are not
 * written twice, and the datanets and contributors (a few thousand) are named once each and referred to by number. At
 * 10^6 records this is ~25 MB where one object per record was ~140 MB, and reading it needs no per-record parse of
 * repeated keys. The first layout (`meta`: one object per record) is still read.
 */
import type { AcceptedRecordMeta } from '../attribution/model-reach.js';
import type { CorpusIndex } from '../attribution/trace/corpus-index.js';

export const RECORDS_FILE_FORMAT = 2;

export interface RecordsFile {
  format: typeof RECORDS_FILE_FORMAT;
  digest: string;
  watermarkMs: number;
  datanets: string[];
  contributors: string[];
  /** Per document of the index, in its order: an index into `datanets`, one into `contributors`, the acceptance time. */
  datanet: number[];
  contributor: number[];
  acceptedAtMs: number[];
}

/** The first layout: one object per record, ids included. */
interface RecordsFileV1 {
  digest: string;
  watermarkMs: number;
  meta: AcceptedRecordMeta[];
}

/** The records file of `index`, each document's metadata found in `meta` by its record id. */
export function encodeRecordsFile(index: CorpusIndex, meta: ReadonlyMap<string, AcceptedRecordMeta>, watermarkMs: number): RecordsFile {
  const datanets = new Names();
  const contributors = new Names();
  const n = index.documentCount;
  const file: RecordsFile = {
    format: RECORDS_FILE_FORMAT, digest: index.digest(), watermarkMs, datanets: datanets.list, contributors: contributors.list,
    datanet: new Array<number>(n), contributor: new Array<number>(n), acceptedAtMs: new Array<number>(n),
  };
  for (let doc = 0; doc < n; doc++) {
    const m = meta.get(index.recordIdOf(doc));
    if (!m) throw new Error(`record ${index.recordIdOf(doc)} is indexed without its metadata`);
    file.datanet[doc] = datanets.number(m.datanetId);
    file.contributor[doc] = contributors.number(m.contributorId);
    file.acceptedAtMs[doc] = m.acceptedAtMs;
  }
  return file;
}

/**
 * Each indexed record's metadata, in document order, from a records file saved with `index`; throws when the file
 * does not describe exactly that index's documents (its digest, its length).
 */
export function decodeRecordsFile(parsed: unknown, index: CorpusIndex): { meta: AcceptedRecordMeta[]; watermarkMs: number } {
  const file = parsed as Partial<RecordsFile> & Partial<RecordsFileV1>;
  if (file.digest !== index.digest()) throw new Error('the records file was saved with another index');
  if (Array.isArray(file.meta)) {
    // The first layout names every record: it must name exactly the index's documents, in any order.
    const meta = file.meta;
    if (meta.length !== index.documentCount || meta.some((m) => !index.has(m.recordId))) throw new Error('the records file names other records than the index');
    return { meta, watermarkMs: Number(file.watermarkMs) };
  }
  const n = index.documentCount;
  const { datanets, contributors, datanet, contributor, acceptedAtMs } = file;
  if (file.format !== RECORDS_FILE_FORMAT || !datanets || !contributors || datanet?.length !== n || contributor?.length !== n || acceptedAtMs?.length !== n) {
    throw new Error(`the records file is not in format ${RECORDS_FILE_FORMAT} or does not hold ${n} records`);
  }
  const meta = new Array<AcceptedRecordMeta>(n);
  for (let doc = 0; doc < n; doc++) {
    const datanetId = datanets[datanet[doc]!];
    const contributorId = contributors[contributor[doc]!];
    if (datanetId === undefined || contributorId === undefined) throw new Error(`the records file's document ${doc} names no datanet or contributor`);
    meta[doc] = { recordId: index.recordIdOf(doc), clusterId: index.clusterName(index.clusterOf(doc)), datanetId, contributorId, acceptedAtMs: acceptedAtMs[doc]! };
  }
  return { meta, watermarkMs: Number(file.watermarkMs) };
}

/** Names numbered in order of first use. */
class Names {
  readonly list: string[] = [];
  private readonly numbers = new Map<string, number>();

  number(name: string): number {
    let k = this.numbers.get(name);
    if (k === undefined) {
      k = this.list.length;
      this.list.push(name);
      this.numbers.set(name, k);
    }
    return k;
  }
}
