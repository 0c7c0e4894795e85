/**
 * Trace + split over one corpus and its record metadata (the live corpus, a rebuilt past one, or a tracing thread's
 * replica of either): the one function both the API process and the tracing threads run, so their answers cannot
 * differ.
 */
import { attributeTrace } from '../attribution/attribute-text.js';
import type { AttributionShape } from '../attribution/attribution-shape.js';
import { clusterReachFor, recordPaths, WHOLE_CORPUS_ADAPTER, type AcceptedRecordMeta, type ModelTraining } from '../attribution/model-reach.js';
import { traceText, type TraceCorpus } from '../attribution/trace/trace.js';
import type { TraceMethod } from '../attribution/trace/trace-method.js';
import { addSemanticEvidence, type SemanticEvidence } from '../attribution/semantic/add-semantic-evidence.js';
import type { SemanticTierRules } from '../attribution/semantic/semantic-tier.js';

export interface AttributeOptions {
  training: readonly ModelTraining[] | null;
  prompt?: string | null;
  /**
   * Trace by this method (an older one of the same index scheme, when recomputing); the index's when absent. Plain
   * data, so it crosses to a tracing thread as it is.
   */
  method?: TraceMethod;
  /**
   * false leaves the paraphrase tier out (recomputing an attribution made without it); rules run that version of the
   * tier (recomputing an attribution made with it); the current tier runs when available otherwise.
   */
  paraphrases?: false | SemanticTierRules;
  /**
   * The paraphrase tier's evidence for this text, found before the trace by the process that holds the model
   * (CorpusService): plain data, so it crosses to a tracing thread.
   */
  semantic?: { modelVersion: string; tierVersion: number; spans: SemanticEvidence[] };
}

export function attributeWith(
  corpus: TraceCorpus,
  meta: ReadonlyMap<string, AcceptedRecordMeta>,
  clusterMembers: ReadonlyMap<string, readonly AcceptedRecordMeta[]>,
  text: string,
  options: AttributeOptions,
): AttributionShape {
  const eligible = (recordId: string) => {
    const m = meta.get(recordId);
    return m !== undefined && recordPaths(m, options.training).length > 0;
  };
  const traced = traceText(corpus, text, { eligible, ...(options.prompt ? { prompt: options.prompt } : {}), ...(options.method ? { method: options.method } : {}) });
  const trace = options.semantic
    ? addSemanticEvidence({
        trace: traced,
        text,
        spans: options.semantic.spans,
        modelVersion: options.semantic.modelVersion,
        tierVersion: options.semantic.tierVersion,
        tokenizer: (options.method ?? corpus.method).tokenizer,
        surprisal: (norm) => corpus.vocabulary.surprisal(corpus.vocabulary.idOf(norm)),
        clusterOf: (id) => (eligible(id) ? meta.get(id)?.clusterId : undefined),
      })
    : traced;
  const clusters = new Set(trace.tokens.flatMap((t) => t.clusterIds));
  const reach = clusterReachFor(clusters, (id) => clusterMembers.get(id) ?? [], options.training);
  const attribution = attributeTrace(trace, reach);
  return options.training === null ? { ...attribution, adapters: attribution.adapters.filter((a) => a.id !== WHOLE_CORPUS_ADAPTER) } : attribution;
}
