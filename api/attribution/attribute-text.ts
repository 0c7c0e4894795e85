import type { AttributionShape } from './attribution-shape.js';
import type { ClusterReach } from './owen-split.js';
import { OWEN_SPLIT_METHOD, OWEN_SPLIT_VERSION, splitCredit } from './owen-split.js';
import { TRACE_METHOD_VERSION, type TraceResult } from './trace/trace.js';

/** The attribution method Strata stores with every output: span tracing, then the Owen split of the coverage game. */
export const ATTRIBUTION_METHOD = `span-trace+${OWEN_SPLIT_METHOD}`;
export const ATTRIBUTION_METHOD_VERSION = `${TRACE_METHOD_VERSION}+owen/${OWEN_SPLIT_VERSION}`;

/**
 * Turns a trace into credit: covered tokens weigh their surprisal and are split over the adapters, datanets,
 * contributors and clusters through which the model could have learned them.
 */
export function attributeTrace(trace: TraceResult, clusters: ReadonlyMap<string, ClusterReach>): AttributionShape {
  const split = splitCredit({
    tokens: trace.tokens.map((t) => ({ weight: t.weight, clusterIds: t.clusterIds })),
    totalTokens: trace.totalTokens,
    clusters,
  });
  return {
    method: ATTRIBUTION_METHOD,
    methodVersion: ATTRIBUTION_METHOD_VERSION,
    coverage: split.coverage,
    datanets: split.datanets,
    adapters: split.adapters,
    contributors: split.contributors,
    records: split.records,
    spans: trace.spans.map((s) => ({ start: s.start, end: s.end, text: s.text, recordIds: s.recordIds })),
  };
}
