/** An attribution as the API serves it, whether stored with an output or computed on the fly by a trace. */
export interface ShareShape {
  id: string;
  share: number;
}

export interface SpanShape {
  /** UTF-16 offsets into the output text. */
  start: number;
  end: number;
  text: string;
  recordIds: string[];
}

export interface AttributionShape {
  method: string;
  methodVersion: string;
  coverage: number;
  datanets: ShareShape[];
  adapters: ShareShape[];
  contributors: ShareShape[];
  records: ShareShape[];
  spans: SpanShape[];
}
