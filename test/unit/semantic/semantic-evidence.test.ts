import { describe, expect, it } from 'vitest';
import { SemanticCorpus, type SemanticRecord } from '../../../api/attribution/semantic/semantic-corpus.js';
import {
  SEMANTIC_COPY_THRESHOLD, SEMANTIC_THRESHOLD, SEMANTIC_TIE_EPSILON, traceSemantic,
} from '../../../api/attribution/semantic/semantic-evidence.js';
import { cosine } from '../../../api/attribution/semantic/vectors.js';
import { EmbeddingCache } from '../../../api/embedding/embedding-cache.js';
import { at, DIMENSIONS, MapVectors, TableEmbedder } from './table-embedder.js';

// Sentences share words with the output (BM25 must find them); their meaning is set by the table's vectors.
const OUTPUT = 'An unconnected preface about gardening tools today. The harbour town grew wealthy from trading spices with distant islands. Short one.';
const OUTPUT_SENTENCE = 'The harbour town grew wealthy from trading spices with distant islands.';
const ORIGINAL = 'The port city became rich through the spice trade with faraway islands.';
const COPY = 'The harbour city got rich from spice trading with remote islands.';
const TOPIC = 'The harbour town is known for its fish market and its old lighthouse.';
/**
 * The fixtures are deep rewordings that share almost none of the output sentence's rarer words: these tests are about
 * the rerank and the spam rule, so every sentence with a candidate is embedded (semantic/1's rule); the overlap gate
 * of semantic/2 has its own test.
 */
const EVERY_SENTENCE = { minOverlap: 0 };

function setup(records: Array<SemanticRecord>, table: Array<[string, number[]]>) {
  const embedder = new TableEmbedder(new Map(table));
  const corpus = SemanticCorpus.build(records, { modelVersion: embedder.modelVersion });
  const vectors = new MapVectors();
  for (const s of corpus.sentences) vectors.byKey.set(s.key, embedder.vector(s.text));
  return { embedder, corpus, vectors };
}

const record = (id: string, acceptedAt: number, sentence: string): SemanticRecord => ({
  id,
  acceptedAt,
  text: `Some opening words of record ${id} go first. ${sentence} And a closing remark ends record ${id}.`,
});

describe('SEMANTIC evidence', () => {
  it('credits a paraphrase above the threshold, with output offsets and the source passage in context', async () => {
    const { embedder, corpus, vectors } = setup([record('r1', 1, ORIGINAL)], [[OUTPUT_SENTENCE, at(1)], [ORIGINAL, at(0.9)]]);
    const { spans, stats } = await traceSemantic(OUTPUT, corpus, vectors, embedder, EVERY_SENTENCE);
    expect(spans).toHaveLength(1);
    const [span] = spans;
    expect(span!.text).toBe(OUTPUT_SENTENCE);
    expect(OUTPUT.slice(span!.start, span!.end)).toBe(OUTPUT_SENTENCE);
    expect(span!.owner).toBe('r1');
    expect(span!.similarity).toBeCloseTo(0.9, 5);
    const [source] = span!.sources;
    expect(source!.context.slice(source!.matchStart, source!.matchEnd)).toBe(ORIGINAL);
    expect(record('r1', 1, ORIGINAL).text).toContain(source!.context);
    expect(source!.context).toContain('Some opening words');
    // "Short one." is under six words and the preface has no candidate: only one sentence is embedded.
    expect(stats).toMatchObject({ sentences: 2, embedded: 1, missingVectors: 0 });
    expect(embedder.calls).toEqual([[OUTPUT_SENTENCE]]);
  });

  it('does not pay for topic alone: a same-topic sentence below the threshold is no evidence', async () => {
    const { embedder, corpus, vectors } = setup([record('r1', 1, TOPIC)], [[OUTPUT_SENTENCE, at(1)], [TOPIC, at(SEMANTIC_THRESHOLD - 0.05)]]);
    expect((await traceSemantic(OUTPUT, corpus, vectors, embedder, EVERY_SENTENCE)).spans).toEqual([]);
    // The same corpus with a lower threshold shows the candidate was found and scored.
    expect((await traceSemantic(OUTPUT, corpus, vectors, embedder, { ...EVERY_SENTENCE, threshold: 0.5 })).spans).toHaveLength(1);
  });

  it('lists every record above the threshold, the owner first, then by similarity', async () => {
    const { embedder, corpus, vectors } = setup(
      [record('early', 1, ORIGINAL), record('late', 2, COPY), record('topic', 3, TOPIC)],
      [[OUTPUT_SENTENCE, at(1)], [ORIGINAL, at(0.85, 1)], [COPY, at(0.95, 2)], [TOPIC, at(0.3, 3)]],
    );
    const [span] = (await traceSemantic(OUTPUT, corpus, vectors, embedder, EVERY_SENTENCE)).spans;
    expect(span!.sources.map((s) => s.recordId)).toEqual([span!.owner, ...['late', 'early'].filter((id) => id !== span!.owner)]);
    expect(span!.sources.map((s) => s.recordId)).not.toContain('topic');
  });

  describe('paraphrase spam: the earliest accepted record that explains the sentence as well owns it', () => {
    it('a later copy within the tie epsilon of the best earns nothing', async () => {
      // The copy is closer by less than the epsilon; the two sentences do not reword each other (cos < copy threshold).
      const copyVector = at(0.9, 2);
      const originalVector = at(0.9 - SEMANTIC_TIE_EPSILON / 2, 3);
      expect(cosine(copyVector, originalVector)).toBeLessThan(SEMANTIC_COPY_THRESHOLD);
      const { embedder, corpus, vectors } = setup([record('copy', 2, COPY), record('original', 1, ORIGINAL)], [[OUTPUT_SENTENCE, at(1)], [ORIGINAL, originalVector], [COPY, copyVector]]);
      const [span] = (await traceSemantic(OUTPUT, corpus, vectors, embedder, EVERY_SENTENCE)).spans;
      expect(span!.owner).toBe('original');
      expect(span!.similarity).toBeCloseTo(0.9 - SEMANTIC_TIE_EPSILON / 2, 5);
    });

    it('a later reworded copy that lands clearly nearer the output still earns nothing: it rewords the original', async () => {
      const originalVector = at(0.85, 1);
      const copyVector = at(0.95, 1);
      expect(cosine(copyVector, originalVector)).toBeGreaterThanOrEqual(SEMANTIC_COPY_THRESHOLD);
      const { embedder, corpus, vectors } = setup([record('original', 1, ORIGINAL), record('copy', 2, COPY)], [[OUTPUT_SENTENCE, at(1)], [ORIGINAL, originalVector], [COPY, copyVector]]);
      const [span] = (await traceSemantic(OUTPUT, corpus, vectors, embedder, EVERY_SENTENCE)).spans;
      expect(span!.owner).toBe('original');
      expect(span!.sources[0]!.recordId).toBe('original');
      expect(span!.sources[1]).toMatchObject({ recordId: 'copy' });
      expect(span!.sources[1]!.similarity).toBeCloseTo(0.95, 5);
    });

    it('a later record that explains the sentence clearly better, and says something else than the earlier one, owns it', async () => {
      const earlier = at(0.82, 1);
      const later = at(0.95, 2);
      expect(cosine(earlier, later)).toBeLessThan(SEMANTIC_COPY_THRESHOLD);
      const { embedder, corpus, vectors } = setup([record('earlier', 1, ORIGINAL), record('later', 2, COPY)], [[OUTPUT_SENTENCE, at(1)], [ORIGINAL, earlier], [COPY, later]]);
      expect((await traceSemantic(OUTPUT, corpus, vectors, embedder, EVERY_SENTENCE)).spans[0]!.owner).toBe('later');
    });

    it('decides by acceptance time, not by position in the corpus, and only among eligible records', async () => {
      const table: Array<[string, number[]]> = [[OUTPUT_SENTENCE, at(1)], [ORIGINAL, at(0.9, 1)], [COPY, at(0.92, 1)]];
      const { embedder, corpus, vectors } = setup([record('copy', 20, COPY), record('original', 10, ORIGINAL)], table);
      expect((await traceSemantic(OUTPUT, corpus, vectors, embedder, EVERY_SENTENCE)).spans[0]!.owner).toBe('original');
      const notOriginal = await traceSemantic(OUTPUT, corpus, vectors, embedder, { ...EVERY_SENTENCE, eligible: (id) => id !== 'original' });
      expect(notOriginal.spans[0]!.owner).toBe('copy');
      expect(notOriginal.spans[0]!.sources.map((s) => s.recordId)).toEqual(['copy']);
    });
  });

  it('needs the numbers of the two sentences to agree when both state numbers', async () => {
    const output = 'The colony became independent in 1960 after a long campaign for self rule.';
    const sameFact = 'After campaigning for self rule for years, the colony gained independence in 1960.';
    const otherFact = 'After campaigning for self rule for years, the colony gained independence in 1975.';
    const { embedder, corpus, vectors } = setup([record('other', 1, otherFact), record('same', 2, sameFact)], [[output, at(1)], [sameFact, at(0.9, 1)], [otherFact, at(0.9, 2)]]);
    const { spans } = await traceSemantic(output, corpus, vectors, embedder, EVERY_SENTENCE);
    expect(spans.map((s) => s.owner)).toEqual(['same']);
    expect(spans[0]!.sources.map((s) => s.recordId)).toEqual(['same']);
  });

  it('skips sentences the caller marks, counts candidates without a vector, and refuses another model', async () => {
    const { embedder, corpus, vectors } = setup([record('r1', 1, ORIGINAL)], [[OUTPUT_SENTENCE, at(1)], [ORIGINAL, at(0.9)]]);
    const start = OUTPUT.indexOf(OUTPUT_SENTENCE);
    expect((await traceSemantic(OUTPUT, corpus, vectors, embedder, { ...EVERY_SENTENCE, skip: (s) => s === start })).spans).toEqual([]);
    const empty = await traceSemantic(OUTPUT, corpus, new MapVectors(), embedder, EVERY_SENTENCE);
    expect(empty.spans).toEqual([]);
    expect(empty.stats.missingVectors).toBeGreaterThan(0);
    await expect(traceSemantic(OUTPUT, corpus, vectors, new TableEmbedder(new Map(), 'other-model/2'), EVERY_SENTENCE)).rejects.toThrow(/other-model/);
  });

  it('works over the int8 embedding cache as over exact vectors', async () => {
    const records = [record('original', 1, ORIGINAL), record('copy', 2, COPY), record('topic', 3, TOPIC)];
    const { embedder, corpus, vectors } = setup(records, [[OUTPUT_SENTENCE, at(1)], [ORIGINAL, at(0.85, 1)], [COPY, at(0.95, 1)], [TOPIC, at(0.4, 2)]]);
    const cache = new EmbeddingCache(embedder.modelVersion, DIMENSIONS);
    await cache.embedMissing(corpus.sentences, embedder);
    const exact = await traceSemantic(OUTPUT, corpus, vectors, embedder, EVERY_SENTENCE);
    const quantised = await traceSemantic(OUTPUT, corpus, cache, embedder, EVERY_SENTENCE);
    expect(quantised.spans.map((s) => [s.owner, s.sources.map((x) => x.recordId)])).toEqual(exact.spans.map((s) => [s.owner, s.sources.map((x) => x.recordId)]));
    expect(quantised.spans[0]!.similarity).toBeCloseTo(exact.spans[0]!.similarity, 2);
  });
});

describe('the overlap gate (semantic/2)', () => {
  it('embeds only output sentences with a candidate that holds enough of their IDF mass', async () => {
    // A light rewording keeps most of the rare words; the deep one of the fixtures keeps almost none.
    const LIGHT = 'The harbour town grew prosperous from trading spices with distant islands.';
    const { embedder, corpus, vectors } = setup([record('deep', 1, ORIGINAL), record('light', 2, LIGHT)], [[OUTPUT_SENTENCE, at(1)], [ORIGINAL, at(0.9)], [LIGHT, at(0.95, 1)]]);
    const gated = await traceSemantic(OUTPUT, corpus, vectors, embedder);
    expect(gated.stats.embedded).toBe(1);
    expect(gated.spans).toHaveLength(1);
    expect(gated.spans[0]!.sources.map((x) => x.recordId)).toContain('light');
    // Without the light record the output sentence's best candidate is the deep rewording: under the gate, nothing
    // is embedded (and nothing credited); with the gate off (semantic/1), the deep rewording is found.
    const deepOnly = setup([record('deep', 1, ORIGINAL)], [[OUTPUT_SENTENCE, at(1)], [ORIGINAL, at(0.9)]]);
    const none = await traceSemantic(OUTPUT, deepOnly.corpus, deepOnly.vectors, deepOnly.embedder);
    expect(none.spans).toEqual([]);
    expect(none.stats.embedded).toBe(0);
    expect(deepOnly.embedder.calls).toEqual([]);
    expect((await traceSemantic(OUTPUT, deepOnly.corpus, deepOnly.vectors, deepOnly.embedder, EVERY_SENTENCE)).spans).toHaveLength(1);
  });
});
