import type { Share } from './shares.js';

/** Evidence tiers (docs/architecture.md#attribution). */
export type SpanKind = 'EXACT' | 'NEAR' | 'SEMANTIC';

/** Where a span's words are in one source record, as token offsets from the record's start (tokenizer of the method). */
export interface SpanSourceShape {
  recordId: string;
  tokenStart: number;
  tokenEnd: number;
}

export interface SpanShape {
  /** UTF-16 offsets into the output text. */
  start: number;
  end: number;
  text: string;
  recordIds: string[];
  /** Absent in attributions made before evidence tiers existed (span-trace/1): EXACT. */
  kind?: SpanKind;
  /** Absent before evidence tiers: 1. */
  similarity?: number;
  /** Absent before evidence tiers: the passage is then found in each record by its words. */
  sources?: SpanSourceShape[];
}

/** Share of the output's words explained at one tier. */
export interface KindCoverage {
  kind: SpanKind;
  coverage: number;
}

/** An attribution as the API serves it, whether stored with an output or computed on the fly by a trace. */
export interface AttributionShape {
  method: string;
  methodVersion: string;
  /** The sentence-embedding model the paraphrase tier ran (EMBEDDING_MODEL_VERSION), when it took part. */
  embeddingModel?: string;
  coverage: number;
  /** Absent for attributions stored before evidence tiers existed: all of `coverage` is EXACT then. */
  coverageByKind?: KindCoverage[];
  datanets: Share[];
  adapters: Share[];
  contributors: Share[];
  records: Share[];
  spans: SpanShape[];
}

/** Coverage by tier of an attribution whose words are all EXACT (made before evidence tiers, or verbatim by design). */
export function exactOnlyCoverage(coverage: number): KindCoverage[] {
  return [{ kind: 'EXACT', coverage }, { kind: 'NEAR', coverage: 0 }, { kind: 'SEMANTIC', coverage: 0 }];
}
