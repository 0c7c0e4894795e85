/** One passage a contributor submits to a datanet. `text` is already normalised (NFKC, one space, trim: api/core/normalize.ts). */
export interface CorpusRecord {
  /** Stable, unique across the whole corpus: `<datanet key>/<...>`. */
  key: string;
  text: string;
  /** License of the passage, SPDX id where one exists, e.g. `CC0-1.0 (SPDX list); text: MIT`. */
  license: string;
  contributorKey: string;
  /** Where the text comes from: npm package, file and field. */
  source: string;
  /**
   * When the contributor submitted it (ISO 8601, UTC, deterministic). Submit records in this order: a planted copy is
   * always later than its original, so the original owns the content cluster.
   */
  submittedAt: string;
}

export interface CorpusDatanet {
  key: string;
  name: string;
  description: string;
  domain: string;
  /** Sorted by key. */
  records: CorpusRecord[];
}

export interface CorpusContributor {
  key: string;
  handle: string;
}

export type OverlapKind = 'exact' | 'near' | 'cross-datanet';

/** A duplicate planted on purpose: `copyKey` was submitted after `originalKey` by a different contributor. */
export interface CorpusOverlap {
  kind: OverlapKind;
  originalKey: string;
  copyKey: string;
}

export interface DemoCorpus {
  contributors: CorpusContributor[];
  datanets: CorpusDatanet[];
  overlaps: CorpusOverlap[];
}

/** A verbatim passage of a record quoted inside a demo output. */
export interface OutputPassage {
  /** The record the passage was quoted from. */
  recordKey: string;
  /** Verbatim: `output.text.includes(text)` and the record's text includes it too. At least 12 words. */
  text: string;
  /** Every corpus record whose text contains the passage (the quoted record plus any planted copy), sorted. */
  matchingRecordKeys: string[];
}

export interface DemoOutput {
  key: string;
  prompt: string;
  /** Normalised (api/core/normalize.ts), 80–200 words. */
  text: string;
  /** The records quoted (1–3), sorted; empty for the output that quotes nothing. */
  sourceRecordKeys: string[];
  passages: OutputPassage[];
}
