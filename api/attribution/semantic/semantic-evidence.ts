import type { Embedder } from './embedder.js';
import type { SemanticCorpus, SentenceVectors } from './semantic-corpus.js';
import { numbersOf, splitSentences, type Sentence } from './sentences.js';
import { passageContext } from './source-context.js';

/**
 * The paraphrase tier (SEMANTIC), supporting evidence: for each output sentence, record sentences that say the same
 * thing in other words. Candidates come from BM25 over record sentences, then the cosine of sentence embeddings
 * decides. Why the threshold is where it is, and the spam rule: docs/architecture.md#the-paraphrase-tier-semantic.
 */

/**
 * Cosine at or above which a record sentence counts as a paraphrase of an output sentence. Chosen from measurements
 * with the pinned model (bench/semantic.ts, docs/architecture.md#the-paraphrase-tier-semantic): on real text, 85 % of
 * light paraphrases of corpus sentences reach 0.80 (92 % reach 0.75), while held-out sentences of the same domain
 * that no record holds reach 0.80 in 1.8 % of cases (3.8 % at 0.75, where same-subject sentences that state other
 * things start to pass: "the islands are rich in mineral resources" ~ "the islands have few valuable mineral
 * deposits", 0.78). The families evaluation allows unrelated text at most 2 % coverage. Hand-written paraphrases
 * score 0.85–0.95, same-topic sentences at most 0.55.
 */
export const SEMANTIC_THRESHOLD = 0.8;
/** Records whose similarity is within this of the best explain a sentence "as well": the earliest accepted owns it. */
export const SEMANTIC_TIE_EPSILON = 0.03;
/**
 * A record sentence this close to the best match's sentence says the same thing: when it was accepted earlier, the
 * best match is (or may be) a reworded copy of it, and the earlier record owns the output sentence. Without this,
 * a copy reworded after the fact can land nearer an output than its original by chance (measured: in half the cases
 * with two independent light paraphrases), so a tie epsilon alone does not stop paraphrase spam. Lower catches more
 * copies but lets an earlier record on the same subject take sentences from the true source (bench/semantic.ts
 * measures both: at 0.80 a later copy owns 3 of 157 outputs both records explain, 68 with no copy check, and the
 * true source's cluster owns 187 of 206 paraphrased sentences, 194 with no copy check).
 */
export const SEMANTIC_COPY_THRESHOLD = 0.8;

/**
 * An output sentence is embedded only when some BM25 candidate holds at least this share of its IDF mass (Bm25Hit.overlap).
 * Embedding is the tier's cost (one ONNX run per sentence); a sentence whose every candidate shares only a few of its
 * rarer words is on the same subject, not a rewording of it. Measured on the evaluation corpus (bench/semantic-gate.ts,
 * docs/architecture.md#the-paraphrase-tier-semantic): all 400 light paraphrases of record sentences (a synonym every
 * ~4th word) and all 7 hand-written paraphrases of the model's test pairs (test/unit/semantic/sentence-pairs.ts) have
 * a candidate at ≥ 0.33, while 75 % of held-out sentences of the same sources stay below 0.30 and are no longer embedded.
 */
export const SEMANTIC_MIN_OVERLAP = 0.3;

export interface SemanticOptions {
  threshold?: number;
  tieEpsilon?: number;
  copyThreshold?: number;
  /** The share of an output sentence's IDF mass its best candidate must hold for it to be embedded (default SEMANTIC_MIN_OVERLAP; 0 embeds every sentence with a candidate, as semantic/1 did). */
  minOverlap?: number;
  /** BM25 candidates reranked per output sentence (default 50). */
  candidates?: number;
  /** Sources kept per sentence, the owner first (default 5). */
  maxSources?: number;
  /** Characters of source shown around a matched sentence (default 160). */
  contextRadius?: number;
  /** Only these records may be credited (e.g. accepted before the model's training snapshot). */
  eligible?: (recordId: string) => boolean;
  /** Output sentences to leave out (e.g. already credited verbatim by another tier). */
  skip?: (start: number, end: number) => boolean;
}

export interface SemanticSource {
  recordId: string;
  similarity: number;
  /** UTF-16 offsets of the matched sentence in the record's text. */
  recordStart: number;
  recordEnd: number;
  /** The matched record sentence with text around it; `matchStart`/`matchEnd` are UTF-16 offsets into `context`. */
  context: string;
  matchStart: number;
  matchEnd: number;
}

export interface SemanticSpan {
  /** UTF-16 offsets of the output sentence. */
  start: number;
  end: number;
  text: string;
  /** The owner's similarity. */
  similarity: number;
  /**
   * The record credited: the earliest accepted among the records above the threshold that explain the sentence as
   * well as the best one (within `tieEpsilon`) or whose sentence says the same as the best one's (`copyThreshold`).
   */
  owner: string;
  /** Every record above the threshold (best sentence each), the owner first, then by similarity. */
  sources: SemanticSource[];
}

export interface SemanticStats {
  /** Output sentences long enough to compare. */
  sentences: number;
  /** Of those, sentences with a candidate that overlaps enough (only these are embedded). */
  embedded: number;
  /** Candidate record sentences reranked, in all. */
  reranked: number;
  /** Candidates skipped because their vector is not in the cache yet (0 with fillable vectors). */
  missingVectors: number;
  /** Candidates embedded on demand because the cache did not hold them yet. */
  filled: number;
}

export interface OutputSentence extends Sentence {
  /** `numbersOf(terms)`. */
  numbers: string[];
  vector: Float32Array;
}

/**
 * Two sentences that both state numbers but share none state different facts, however alike their wording ("the
 * population grew 3 % in 1990" vs "… 5 % in 2001"): the embedding barely sees numbers, so this is checked apart.
 */
export function sameNumbers(a: readonly string[], b: readonly string[]): boolean {
  return a.length === 0 || b.length === 0 || a.some((n) => b.includes(n));
}

/** Output sentences long enough to be compared (the corpus's `minWords`), minus the skipped ones. */
export function outputSentences(output: string, corpus: SemanticCorpus, skip?: SemanticOptions['skip']): Sentence[] {
  return splitSentences(output).filter((s) => s.terms.length >= corpus.minWords && !skip?.(s.start, s.end));
}

/**
 * Vectors that can fill themselves (the embedding cache): the candidates not cached yet are embedded before the
 * rerank, so the evidence never depends on what happened to be cached.
 */
export interface FillableVectors extends SentenceVectors {
  embedMissing(sentences: Iterable<{ key: string; text: string }>, embedder: Embedder): Promise<number>;
}

const fillable = (vectors: SentenceVectors): vectors is FillableVectors => typeof (vectors as Partial<FillableVectors>).embedMissing === 'function';

/** Embeds the output's sentences (only those with BM25 candidates) and matches them: the whole tier for one output. */
export async function traceSemantic(
  output: string,
  corpus: SemanticCorpus,
  vectors: SentenceVectors,
  embedder: Embedder,
  options: SemanticOptions = {},
): Promise<{ spans: SemanticSpan[]; stats: SemanticStats }> {
  if (embedder.modelVersion !== corpus.modelVersion) {
    throw new Error(`the corpus is keyed for ${corpus.modelVersion}, the embedder is ${embedder.modelVersion}`);
  }
  const sentences = outputSentences(output, corpus, options.skip);
  const eligible = eligibility(corpus, options.eligible);
  const limit = options.candidates ?? 50;
  const minOverlap = options.minOverlap ?? SEMANTIC_MIN_OVERLAP;
  const withCandidates = sentences
    .map((sentence) => ({ sentence, hits: corpus.bm25.search(sentence.terms, limit, eligible) }))
    .filter((s) => s.hits.some((h) => h.overlap >= minOverlap));
  const filled = fillable(vectors) ? await vectors.embedMissing(withCandidates.flatMap((s) => s.hits.map((h) => corpus.sentences[h.doc]!)), embedder) : 0;
  const embedded = withCandidates.length === 0 ? [] : await embedder.embed(withCandidates.map((s) => s.sentence.text));
  const stats: SemanticStats = { sentences: sentences.length, embedded: withCandidates.length, reranked: 0, missingVectors: 0, filled };
  const spans: SemanticSpan[] = [];
  withCandidates.forEach(({ sentence, hits }, i) => {
    const span = matchSentence(output, { ...sentence, numbers: numbersOf(sentence.terms), vector: embedded[i]! }, hits.map((h) => h.doc), corpus, vectors, options, stats);
    if (span) spans.push(span);
  });
  return { spans, stats };
}

function eligibility(corpus: SemanticCorpus, eligible: SemanticOptions['eligible']): ((doc: number) => boolean) | undefined {
  if (!eligible) return undefined;
  const memo = new Map<number, boolean>();
  return (doc) => {
    const record = corpus.sentences[doc]!.record;
    let ok = memo.get(record);
    if (ok === undefined) memo.set(record, (ok = eligible(corpus.records[record]!.id)));
    return ok;
  };
}

/**
 * Reranks one output sentence's candidates by cosine and applies the threshold and the spam rule. Pure: the
 * output sentence's vector and the candidates' vectors are given.
 */
export function matchSentence(
  output: string,
  sentence: OutputSentence,
  candidates: readonly number[],
  corpus: SemanticCorpus,
  vectors: SentenceVectors,
  options: SemanticOptions = {},
  stats?: SemanticStats,
): SemanticSpan | null {
  const threshold = options.threshold ?? SEMANTIC_THRESHOLD;
  const epsilon = options.tieEpsilon ?? SEMANTIC_TIE_EPSILON;
  const copyThreshold = options.copyThreshold ?? SEMANTIC_COPY_THRESHOLD;
  // The best sentence of each record.
  const best = new Map<number, { doc: number; similarity: number }>();
  for (const doc of candidates) {
    const candidate = corpus.sentences[doc]!;
    const similarity = vectors.similarity(candidate.key, sentence.vector);
    if (similarity === undefined) {
      if (stats) stats.missingVectors += 1;
      continue;
    }
    if (stats) stats.reranked += 1;
    if (similarity < threshold || !sameNumbers(sentence.numbers, candidate.numbers)) continue;
    const held = best.get(candidate.record);
    if (!held || similarity > held.similarity) best.set(candidate.record, { doc, similarity });
  }
  if (best.size === 0) return null;
  let top = -Infinity;
  let topRecord = -1;
  for (const [record, b] of best) if (b.similarity > top || (b.similarity === top && record < topRecord)) [top, topRecord] = [b.similarity, record];
  const topVector = vectors.vectorOf(corpus.sentences[best.get(topRecord)!.doc]!.key)!;
  const acceptedAt = (record: number) => corpus.records[record]!.acceptedAt;
  // The spam rule: of the records that explain the sentence as well as the best one, or that the best one's sentence
  // rewords, the earliest accepted owns it (ties in time by position in the corpus, which is stable).
  const explainsAsWell = ([record, b]: [number, { doc: number; similarity: number }]) =>
    record === topRecord || b.similarity >= top - epsilon || (vectors.similarity(corpus.sentences[b.doc]!.key, topVector) ?? 0) >= copyThreshold;
  const owner = [...best.entries()].filter(explainsAsWell).sort(([ra], [rb]) => acceptedAt(ra) - acceptedAt(rb) || ra - rb)[0]![0];
  const ranked = [...best.entries()].sort(([ra, a], [rb, b]) => Number(rb === owner) - Number(ra === owner) || b.similarity - a.similarity || ra - rb);
  const sources = ranked.slice(0, options.maxSources ?? 5).map(([record, b]): SemanticSource => {
    const matched = corpus.sentences[b.doc]!;
    const source = corpus.records[record]!;
    return {
      recordId: source.id,
      similarity: b.similarity,
      recordStart: matched.start,
      recordEnd: matched.end,
      ...passageContext(source.text, matched.start, matched.end, options.contextRadius),
    };
  });
  return {
    start: sentence.start,
    end: sentence.end,
    text: output.slice(sentence.start, sentence.end),
    similarity: best.get(owner)!.similarity,
    owner: corpus.records[owner]!.id,
    sources,
  };
}
