/**
 * Folds the paraphrase tier's findings into a trace (docs/architecture.md#the-paraphrase-tier-semantic): the words of
 * an output sentence that a record says in other words, and that no EXACT or NEAR span explains, become SEMANTIC
 * tokens credited to the sentence's owner record's cluster. A SEMANTIC word weighs its surprisal × the sentence's
 * similarity × SEMANTIC_WEIGHT: supporting evidence, never worth as much as the same word quoted.
 */
import type { SpanSourceTokens, TracedToken, TraceResult, TraceSpan } from '../trace/trace.js';
import { tokenize, type TokenizerVersion } from '../trace/tokenize.js';
import type { SemanticSpan } from './semantic-evidence.js';

/**
 * One output sentence the paraphrase tier explains, as plain data (it crosses to a tracing thread): the owner record
 * and where each source's matched sentence is, in token offsets of the record like the other tiers' sources.
 */
export interface SemanticEvidence {
  start: number;
  end: number;
  similarity: number;
  owner: string;
  sources: SpanSourceTokens[];
}

/** The paraphrase tier's findings with their sources located in the records' tokens (the record texts are needed). */
export function resolveSemanticSources(
  spans: readonly SemanticSpan[],
  recordText: (recordId: string) => string | undefined,
  tokenizer: TokenizerVersion,
): SemanticEvidence[] {
  return spans.map((span) => ({
    start: span.start,
    end: span.end,
    similarity: span.similarity,
    owner: span.owner,
    sources: span.sources.flatMap((s): SpanSourceTokens[] => {
      const text = recordText(s.recordId);
      if (text === undefined) return [];
      const tokens = tokenize(text, tokenizer);
      const first = tokens.findIndex((t) => t.end > s.recordStart);
      let last = first;
      while (last >= 0 && last < tokens.length && tokens[last]!.start < s.recordEnd) last++;
      return first < 0 || last <= first ? [] : [{ recordId: s.recordId, tokenStart: first, tokenEnd: last }];
    }),
  }));
}

/** Part of the method version: changing it changes every attribution the tier touched. */
export const SEMANTIC_WEIGHT = 0.5;

export interface SemanticEvidenceInput {
  trace: TraceResult;
  /** The traced text (offsets of the trace and of the spans point into it). */
  text: string;
  spans: readonly SemanticEvidence[];
  /** The embedding model that found `spans` (recorded with the attribution even when it found nothing). */
  modelVersion: string;
  /** The version of the tier's rules that found them (semantic/semantic-tier.ts). */
  tierVersion: number;
  tokenizer: TokenizerVersion;
  /** Surprisal of a canonical token under the corpus's unigram model (what EXACT and NEAR words weigh). */
  surprisal: (norm: string) => number;
  /** The content cluster of a record (its credit goes there), or undefined if the record is unknown. */
  clusterOf: (recordId: string) => string | undefined;
}

export function addSemanticEvidence(input: SemanticEvidenceInput): TraceResult {
  const { text } = input;
  // The tier took part even when it found nothing: recomputing the attribution needs the same model.
  const trace = { ...input.trace, embeddingModel: input.modelVersion, semanticTier: input.tierVersion };
  if (input.spans.length === 0) return trace;
  const covered = trace.tokens.map((t) => [t.start, t.end] as const);
  const isCovered = (start: number, end: number) => covered.some(([s, e]) => s < end && e > start);
  const words = tokenize(text, input.tokenizer);
  const added: TracedToken[] = [];
  const spans: TraceSpan[] = [];
  for (const span of input.spans) {
    const clusterId = input.clusterOf(span.owner);
    if (!clusterId) continue;
    const mine = words.filter((w) => w.start >= span.start && w.end <= span.end && !isCovered(w.start, w.end));
    if (mine.length === 0) continue;
    for (const w of mine) {
      added.push({ start: w.start, end: w.end, kind: 'SEMANTIC', weight: input.surprisal(w.norm) * span.similarity * SEMANTIC_WEIGHT, clusterIds: [clusterId] });
    }
    spans.push({
      start: mine[0]!.start,
      end: mine[mine.length - 1]!.end,
      kind: 'SEMANTIC',
      similarity: span.similarity,
      sources: span.sources,
      text: text.slice(mine[0]!.start, mine[mine.length - 1]!.end),
      recordIds: [span.owner],
      clusterIds: [clusterId],
    });
  }
  if (added.length === 0) return trace;
  return {
    ...trace,
    tokens: [...trace.tokens, ...added].sort((a, b) => a.start - b.start),
    spans: [...trace.spans, ...spans].sort((a, b) => a.start - b.start || a.end - b.end),
  };
}
