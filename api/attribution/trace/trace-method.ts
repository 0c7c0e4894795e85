/**
 * The versions of the span-tracing method (docs/architecture.md#attribution). Each attribution stores the version it
 * was made with; every version listed here stays runnable, so `verifyAttribution` can recompute an old attribution
 * exactly (over an index built the same way) instead of refusing it.
 */
import type { TokenizerVersion } from './tokenize.js';

export interface TraceMethod {
  /** Stored with every attribution (the trace half of its method version). */
  readonly version: string;
  readonly tokenizer: TokenizerVersion;
  /**
   * Whether the corpus token stream has a separator after every sentence, so that no match runs from one sentence
   * into the next (version 1). Version 2 lets matches cross sentence ends and decides on the output side whether a
   * crossing span counts.
   */
  readonly sentenceSeparators: boolean;
  /**
   * How a span is judged a common phrase: `cluster-count` drops spans found in more than `maxClusters` clusters
   * (version 1); `rarity` weighs the span's information against how many clusters hold it (version 2).
   */
  readonly commonness: 'cluster-count' | 'rarity';
  /**
   * The NEAR tier (near-match.ts): absent in version 1; in version 2 a near passage stays inside one output sentence;
   * from version 3 it may run across sentence ends, as exact spans may (a definition list or a short sentence edited
   * in one word is otherwise too short to carry a near match on its own).
   */
  readonly near: 'none' | 'sentence' | 'text';
}

export const SPAN_TRACE_V1: TraceMethod = { version: 'span-trace/1', tokenizer: 1, sentenceSeparators: true, commonness: 'cluster-count', near: 'none' };
export const SPAN_TRACE_V2: TraceMethod = { version: 'span-trace/2', tokenizer: 2, sentenceSeparators: false, commonness: 'rarity', near: 'sentence' };
export const SPAN_TRACE_V3: TraceMethod = { version: 'span-trace/3', tokenizer: 2, sentenceSeparators: false, commonness: 'rarity', near: 'text' };

/** The method new attributions use. */
export const CURRENT_TRACE_METHOD = SPAN_TRACE_V3;

export const TRACE_METHODS: readonly TraceMethod[] = [SPAN_TRACE_V1, SPAN_TRACE_V2, SPAN_TRACE_V3];

export function traceMethodOf(version: string): TraceMethod | undefined {
  return TRACE_METHODS.find((m) => m.version === version);
}

/** Methods whose indexes are interchangeable (same tokens, same stream). */
export function sameIndexScheme(a: TraceMethod, b: TraceMethod): boolean {
  return a.tokenizer === b.tokenizer && a.sentenceSeparators === b.sentenceSeparators;
}
