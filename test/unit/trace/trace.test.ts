import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CorpusIndex, type CorpusRecord } from '../../../api/attribution/trace/corpus-index.js';
import { tokenize } from '../../../api/attribution/trace/tokenize.js';
import type { TraceOptions, TraceResult } from '../../../api/attribution/trace/trace.js';
import { SPAN_TRACE_V1 } from '../../../api/attribution/trace/trace-method.js';

// These tests pin span-trace/1, which stays runnable so attributions made with it can be verified (trace-v2.test.ts
// covers the current method).
const V1 = { method: SPAN_TRACE_V1 };

const rec = (recordId: string, text: string, clusterId = `c-${recordId}`): CorpusRecord => ({ recordId, clusterId, text });

describe('trace (span-trace/1): examples', () => {
  const corpus = CorpusIndex.build([
    rec('r1', 'The old lighthouse keeper painted seven blue boats every spring. He never sold one of them.'),
    rec('r2', 'Migrating cranes circle twice above the frozen marsh before landing at dusk.'),
    rec('r3', 'Nothing here matches anything else in particular.'),
  ], V1);

  it('finds a planted passage with exact UTF-16 offsets in the original text', () => {
    const text = '🙂 Well — as they say, the OLD lighthouse keeper painted seven blue boats, which is odd.';
    const result = corpus.trace(text);
    expect(result.spans).toHaveLength(1);
    const span = result.spans[0]!;
    expect(span.text).toBe('the OLD lighthouse keeper painted seven blue boats');
    expect(span.start).toBe(text.indexOf('the OLD'));
    expect(span.end).toBe(text.indexOf(', which'));
    expect(text.slice(span.start, span.end)).toBe(span.text);
    expect(span.recordIds).toEqual(['r1']);
    expect(span.clusterIds).toEqual(['c-r1']);
    expect(result.tokens).toHaveLength(8);
    expect(result.totalTokens).toBe(tokenize(text, 1).length);
    for (const t of result.tokens) {
      expect(t.clusterIds).toEqual(['c-r1']);
      expect(t.weight).toBeGreaterThan(0);
    }
  });

  it('never crosses a sentence end, in the output or in the corpus', () => {
    // Output splits a corpus sentence: two spans, each inside its own output sentence.
    const a = corpus.trace('Migrating cranes circle twice above. The frozen marsh before landing at dusk.');
    expect(a.spans.map((s) => s.text)).toEqual(['Migrating cranes circle twice above', 'The frozen marsh before landing at dusk']);
    // Output runs two corpus sentences together: the span stops where the corpus sentence ended.
    const b = corpus.trace('painted seven blue boats every spring he never sold one of them');
    expect(b.spans.map((s) => s.text)).toEqual(['painted seven blue boats every spring', 'he never sold one of them']);
  });

  it('keeps only spans of at least minWords words', () => {
    expect(corpus.trace('They circle twice above us.').spans).toEqual([]);
    expect(corpus.trace('cranes circle twice above').spans).toHaveLength(1);
    expect(corpus.trace('They circle twice above us.', { minWords: 3 }).spans.map((s) => s.text)).toEqual(['circle twice above']);
  });

  it('drops spans that also occur in the prompt', () => {
    const text = 'Migrating cranes circle twice above the frozen marsh.';
    expect(corpus.trace(text, { prompt: 'Why do migrating cranes circle twice above the frozen marsh?' }).spans).toEqual([]);
    // Only part of the span is in the prompt: the span stays.
    expect(corpus.trace(text, { prompt: 'Tell me about cranes circle twice' }).spans).toHaveLength(1);
  });

  it('restricts to eligible records without rebuilding, falling back to shorter eligible matches', () => {
    const index = CorpusIndex.build([
      rec('long', 'alpha beta gamma delta epsilon zeta eta theta'),
      rec('short', 'beta gamma delta epsilon and more'),
    ], V1);
    const text = 'alpha beta gamma delta epsilon zeta eta theta';
    expect(index.trace(text).spans.map((s) => [s.text, s.recordIds])).toEqual([[text, ['long']]]);
    const onlyShort = index.trace(text, { eligible: (id) => id === 'short' });
    expect(onlyShort.spans.map((s) => [s.text, s.recordIds])).toEqual([['beta gamma delta epsilon', ['short']]]);
    expect(index.trace(text, { eligible: () => false })).toEqual({ methodVersion: 'span-trace/1', tokens: [], totalTokens: 8, spans: [] });
  });

  it('drops common phrases found in more than maxClusters clusters, but not copies within one cluster', () => {
    const phrase = 'at the end of the long day';
    const inClusters = (n: number, sameCluster: boolean) =>
      CorpusIndex.build(
        Array.from({ length: n }, (_, i) => rec(`r${i}`, `Story ${i} begins. ${phrase} we rested.`, sameCluster ? 'one' : `c${i}`)),
        V1,
      );
    expect(inClusters(11, false).trace(`So ${phrase}.`).spans).toEqual([]);
    expect(inClusters(10, false).trace(`So ${phrase}.`).spans[0]?.clusterIds).toHaveLength(10);
    const copies = inClusters(30, true).trace(`So ${phrase}.`);
    expect(copies.spans[0]?.clusterIds).toEqual(['one']);
    expect(copies.spans[0]?.recordIds).toHaveLength(30);
    expect(inClusters(30, true).trace(`So ${phrase}.`, { maxRecordsPerSpan: 5 }).spans[0]?.recordIds).toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);
  });

  it('credits each covered token to the rarest overlapping span', () => {
    // Span A = "w1 w2 w3 w4 w5" (from ra) and span B = "w4 w5 x1 x2 x3 x4" (from rb) overlap on w4 w5.
    // B's words are rare (count 1) and it is longer, so B has the lower log-probability and owns w4 w5.
    const common = Array.from({ length: 20 }, (_, i) => rec(`f${i}`, 'w1 w2 w3 w4 w5 filler words here', `cf${i % 1}`));
    const index = CorpusIndex.build([...common, rec('rb', 'w4 w5 x1 x2 x3 x4')], V1);
    const result = index.trace('w1 w2 w3 w4 w5 x1 x2 x3 x4');
    expect(result.spans.map((s) => s.text)).toEqual(['w1 w2 w3 w4 w5', 'w4 w5 x1 x2 x3 x4']);
    expect(result.tokens.map((t) => t.clusterIds[0])).toEqual(['cf0', 'cf0', 'cf0', 'c-rb', 'c-rb', 'c-rb', 'c-rb', 'c-rb', 'c-rb']);
    // Surprisal: the common words weigh less than the rare ones.
    expect(result.tokens[0]!.weight).toBeLessThan(result.tokens[5]!.weight);
  });

  it('returns an empty result for empty text or an empty index', () => {
    expect(corpus.trace('')).toEqual({ methodVersion: 'span-trace/1', tokens: [], totalTokens: 0, spans: [] });
    expect(new CorpusIndex(V1).trace('some words here now')).toEqual({ methodVersion: 'span-trace/1', tokens: [], totalTokens: 4, spans: [] });
  });
});

/**
 * Brute-force reference of the whole span rule set, straight from the definitions: for each start the longest
 * eligible in-sentence match, maximality, length, prompt and commonness filters, rarest-span credit.
 */
function referenceTrace(records: CorpusRecord[], text: string, options: Required<Pick<TraceOptions, 'minWords' | 'maxClusters'>> & TraceOptions): TraceResult {
  const sentencesOf = (t: string): string[][] => {
    const out: string[][] = [[]];
    for (const tok of tokenize(t, 1)) {
      out[out.length - 1]!.push(tok.norm);
      if (tok.sentenceEnd) out.push([]);
    }
    return out.filter((s) => s.length > 0);
  };
  const docs = records.map((r) => ({ ...r, sentences: sentencesOf(r.text) }));
  const occursIn = (sentences: string[][], words: string[]) =>
    sentences.some((s) => s.some((_, p) => words.every((w, k) => s[p + k] === w)));
  const counts = new Map<string, number>();
  let total = 0;
  for (const d of docs) for (const s of d.sentences) for (const w of s) (counts.set(w, (counts.get(w) ?? 0) + 1), total++);
  const logProb = (w: string) => Math.log(((counts.get(w) ?? 0) + 1) / (total + counts.size + 1));

  const toks = tokenize(text, 1);
  const promptWords = options.prompt ? tokenize(options.prompt, 1).map((t) => t.norm) : [];
  const eligible = options.eligible ?? (() => true);
  type Cand = { first: number; end: number; docs: typeof docs; logProb: number };
  const cands: Cand[] = [];
  for (let i = 0; i < toks.length; i++) {
    let limit = i;
    while (!toks[limit]!.sentenceEnd) limit++;
    for (let end = limit + 1; end - i >= options.minWords; end--) {
      const words = toks.slice(i, end).map((t) => t.norm);
      const all = docs.filter((d) => occursIn(d.sentences, words));
      const elig = all.filter((d) => eligible(d.recordId));
      if (elig.length === 0) continue;
      if (new Set(all.map((d) => d.clusterId)).size <= options.maxClusters) {
        cands.push({ first: i, end, docs: elig, logProb: words.reduce((sum, w) => sum + logProb(w), 0) });
      } else {
        cands.push({ first: i, end, docs: [], logProb: 0 }); // common: blocks contained spans, then dropped
      }
      break;
    }
  }
  const maximal = cands.filter((c) => !cands.some((o) => o !== c && o.first <= c.first && o.end >= c.end));
  const kept = maximal.filter((c) => {
    if (c.docs.length === 0) return false;
    const words = toks.slice(c.first, c.end).map((t) => t.norm);
    return !promptWords.some((_, p) => words.every((w, k) => promptWords[p + k] === w));
  });
  const clusterIdsOf = (c: Cand) => [...new Set(c.docs.map((d) => d.clusterId))];
  const tokens: TraceResult['tokens'] = [];
  toks.forEach((t, idx) => {
    let best: Cand | undefined;
    for (const c of kept) if (c.first <= idx && idx < c.end && (!best || c.logProb < best.logProb)) best = c;
    if (best) tokens.push({ start: t.start, end: t.end, kind: 'EXACT', weight: -logProb(t.norm), clusterIds: clusterIdsOf(best) });
  });
  const spans = kept.map((c) => {
    const start = toks[c.first]!.start;
    const end = toks[c.end - 1]!.end;
    return { start, end, text: text.slice(start, end), kind: 'EXACT' as const, similarity: 1, recordIds: c.docs.map((d) => d.recordId), clusterIds: clusterIdsOf(c), sources: [] };
  });
  return { methodVersion: SPAN_TRACE_V1.version, tokens, totalTokens: toks.length, spans };
}

const WORDS = ['a', 'b', 'c', 'd', 'e'];
const sentenceText = fc
  .array(fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom(' ', ' ', ' ', '. ', ', ')), { maxLength: 30 })
  .map((parts) => parts.map(([w, sep]) => w + sep).join(''));

describe('trace: equals a brute-force reference', () => {
  it('on random small corpora, outputs, prompts, eligibility and thresholds', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(sentenceText, fc.integer({ min: 0, max: 4 }), fc.boolean()), { minLength: 1, maxLength: 8 }),
        sentenceText,
        fc.option(sentenceText, { nil: undefined }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 4 }),
        fc.boolean(),
        (recs, text, prompt, minWords, maxClusters, filter) => {
          const records = recs.map(([t, c], i) => rec(`r${i}`, t, `c${c}`));
          const ineligible = new Set(recs.flatMap(([, , e], i) => (e ? [] : [`r${i}`])));
          const options: TraceOptions & { minWords: number; maxClusters: number } = { minWords, maxClusters, prompt };
          if (filter) options.eligible = (id) => !ineligible.has(id);
          const got = CorpusIndex.build(records, V1).trace(text, options);
          const want = referenceTrace(records, text, options);
          expect(got.spans).toEqual(want.spans);
          expect(got.tokens.map((t) => [t.start, t.end, t.clusterIds])).toEqual(want.tokens.map((t) => [t.start, t.end, t.clusterIds]));
          got.tokens.forEach((t, k) => expect(t.weight).toBeCloseTo(want.tokens[k]!.weight, 9));
          expect(got.totalTokens).toBe(want.totalTokens);
        },
      ),
      { numRuns: 1500 },
    );
    // 1,500 random cases take ~4 s on a quiet machine; the limit only guards against a hang.
  }, 60_000);
});
