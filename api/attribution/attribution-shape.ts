import type { Share } from './shares.js';

export interface SpanShape {
  /** UTF-16 offsets into the output text. */
  start: number;
  end: number;
  text: string;
  recordIds: string[];
}

/** An attribution as the API serves it, whether stored with an output or computed on the fly by a trace. */
export interface AttributionShape {
  method: string;
  methodVersion: string;
  coverage: number;
  datanets: Share[];
  adapters: Share[];
  contributors: Share[];
  records: Share[];
  spans: SpanShape[];
}
