import type { AttributionShape } from './attribution-shape.js';
import type { ClusterReach } from './owen-split.js';
import { OWEN_SPLIT_METHOD, OWEN_SPLIT_VERSION, splitCredit } from './owen-split.js';
import { TRACE_METHOD_VERSION, type TraceResult } from './trace/trace.js';
import { traceMethodOf, type TraceMethod } from './trace/trace-method.js';

/** The attribution method Strata stores with every output: span tracing, then the Owen split of the coverage game. */
export const ATTRIBUTION_METHOD = `span-trace+${OWEN_SPLIT_METHOD}`;
export const ATTRIBUTION_METHOD_VERSION = attributionMethodVersion(TRACE_METHOD_VERSION);

/** The attribution method version for a trace made with `traceVersion` (e.g. span-trace/1+owen/1). */
export function attributionMethodVersion(traceVersion: string): string {
  return `${traceVersion}+owen/${OWEN_SPLIT_VERSION}`;
}

/** The trace method of an attribution method version this engine can still run, or undefined. */
export function runnableTraceMethod(methodVersion: string): TraceMethod | undefined {
  const suffix = `+owen/${OWEN_SPLIT_VERSION}`;
  if (!methodVersion.endsWith(suffix)) return undefined;
  return traceMethodOf(methodVersion.slice(0, -suffix.length));
}

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
    methodVersion: attributionMethodVersion(trace.methodVersion),
    coverage: split.coverage,
    datanets: split.datanets,
    adapters: split.adapters,
    contributors: split.contributors,
    records: split.records,
    spans: trace.spans.map((s) => ({ start: s.start, end: s.end, text: s.text, recordIds: s.recordIds })),
  };
}
