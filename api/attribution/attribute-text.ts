import type { AttributionShape } from './attribution-shape.js';
import type { ClusterReach } from './owen-split.js';
import { OWEN_SPLIT_METHOD, OWEN_SPLIT_VERSION, splitCredit } from './owen-split.js';
import { TRACE_METHOD_VERSION, type TraceResult } from './trace/trace.js';
import { SPAN_TRACE_V1, traceMethodOf, type TraceMethod } from './trace/trace-method.js';
import type { KindCoverage, SpanKind } from './attribution-shape.js';
import { CURRENT_SEMANTIC_TIER, semanticTierOf, type SemanticTierRules } from './semantic/semantic-tier.js';

const KINDS: readonly SpanKind[] = ['EXACT', 'NEAR', 'SEMANTIC'];

/**
 * Share of the output's words each tier explains (every tier listed, zeros included). A word counts where the split
 * counts it covered (some covering cluster reached through the model), so the tiers sum to `coverage`.
 */
function coverageByKind(trace: TraceResult, clusters: ReadonlyMap<string, ClusterReach>): KindCoverage[] {
  const counts = new Map<SpanKind, number>(KINDS.map((k) => [k, 0]));
  for (const t of trace.tokens) {
    if (t.clusterIds.some((id) => (clusters.get(id)?.paths.length ?? 0) > 0)) counts.set(t.kind, counts.get(t.kind)! + 1);
  }
  return KINDS.map((kind) => ({ kind, coverage: trace.totalTokens === 0 ? 0 : counts.get(kind)! / trace.totalTokens }));
}

/** The attribution method Strata stores with every output: span tracing, then the Owen split of the coverage game. */
export const ATTRIBUTION_METHOD = `span-trace+${OWEN_SPLIT_METHOD}`;
export const ATTRIBUTION_METHOD_VERSION = attributionMethodVersion(TRACE_METHOD_VERSION);

/**
 * The attribution method version for a trace made with `traceVersion` (e.g. span-trace/1+owen/1), with the paraphrase
 * tier's rule version when it took part (span-trace/3+semantic/2+owen/1; semantic/semantic-tier.ts).
 */
export function attributionMethodVersion(traceVersion: string, semanticTier?: number): string {
  return `${traceVersion}${semanticTier !== undefined ? `+semantic/${semanticTier}` : ''}+owen/${OWEN_SPLIT_VERSION}`;
}

/**
 * What an attribution method version asks to rerun, if this engine can: its trace method, and the paraphrase tier's
 * rules when it took part (null when it did not).
 */
export function runnableMethod(methodVersion: string): { trace: TraceMethod; semantic: SemanticTierRules | null } | undefined {
  const suffix = `+owen/${OWEN_SPLIT_VERSION}`;
  if (!methodVersion.endsWith(suffix)) return undefined;
  let traceVersion = methodVersion.slice(0, -suffix.length);
  const part = /\+semantic\/(\d+)$/u.exec(traceVersion);
  const semantic = part ? semanticTierOf(Number(part[1])) : null;
  if (semantic === undefined) return undefined;
  if (part) traceVersion = traceVersion.slice(0, part.index);
  const trace = traceMethodOf(traceVersion);
  return trace ? { trace, semantic } : undefined;
}

/** The trace method of an attribution method version this engine can still run, or undefined. */
export function runnableTraceMethod(methodVersion: string): TraceMethod | undefined {
  return runnableMethod(methodVersion)?.trace;
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
    methodVersion: attributionMethodVersion(trace.methodVersion, trace.embeddingModel !== undefined ? (trace.semanticTier ?? CURRENT_SEMANTIC_TIER.version) : undefined),
    ...(trace.embeddingModel !== undefined ? { embeddingModel: trace.embeddingModel } : {}),
    coverage: split.coverage,
    datanets: split.datanets,
    adapters: split.adapters,
    contributors: split.contributors,
    records: split.records,
    coverageByKind: coverageByKind(trace, clusters),
    spans: trace.spans.map((s) =>
      trace.methodVersion === SPAN_TRACE_V1.version
        ? { start: s.start, end: s.end, text: s.text, recordIds: s.recordIds }
        : { start: s.start, end: s.end, text: s.text, recordIds: s.recordIds, kind: s.kind, similarity: s.similarity, sources: s.sources },
    ),
  };
}
