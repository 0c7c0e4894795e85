import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SemanticCorpus } from '../../api/attribution/semantic/semantic-corpus.js';
import { SEMANTIC_THRESHOLD, traceSemantic } from '../../api/attribution/semantic/semantic-evidence.js';
import { dot } from '../../api/attribution/semantic/vectors.js';
import { EmbeddingCache } from '../../api/embedding/embedding-cache.js';
import { EMBEDDING_MODEL, EMBEDDING_MODEL_VERSION } from '../../api/embedding/embedding-model.js';
import { loadSemanticTier, type OnnxEmbedder } from '../../api/embedding/onnx-embedder.js';
import { SENTENCE_PAIRS } from '../unit/semantic/sentence-pairs.js';

// The real model, fetched by the global setup (test/integration/embedding-model-setup.ts). No Neo4j involved.
const off = process.env.STRATA_SEMANTIC === 'off';

// Defined, not skipped: a run tests either the tier off (STRATA_SEMANTIC=off) or the real model.
if (off) {
  describe('the semantic tier with STRATA_SEMANTIC=off', () => {
    it('reports itself off with the reason', async () => {
      expect(inject('embeddingModelDir')).toBe('');
      const tier = await loadSemanticTier({ disabled: off });
      expect(tier.status).toEqual({ state: 'off', reason: 'switched off (STRATA_SEMANTIC=off)' });
      expect(tier.embedder).toBeNull();
    });
  });
} else describe('the semantic tier with the real model', () => {
  let embedder: OnnxEmbedder;

  beforeAll(async () => {
    const error = inject('embeddingModelError');
    // A failed fetch fails here, loudly, with Maven's reason (set STRATA_SEMANTIC=off to run without the model).
    if (error) throw new Error(`The embedding model could not be fetched: ${error}`);
    const tier = await loadSemanticTier({ dir: inject('embeddingModelDir') });
    if (!tier.embedder) throw new Error(`The semantic tier is off: ${tier.status.state === 'off' ? tier.status.reason : ''}`);
    expect(tier.status).toEqual({ state: 'on', modelVersion: EMBEDDING_MODEL_VERSION });
    embedder = tier.embedder;
  });
  afterAll(async () => embedder?.close());

  it('tokenises with the model\'s own vocabulary', () => {
    // Ids looked up in the jar's tokenizer.json (bert-base-uncased): hello 7592, "," 1010, world 2088, "!" 999,
    // naive 15743, cafe 7668, una ##ffa ##ble, para ##ph ##rase ##s, "." 1012.
    expect(embedder.tokenizer.encode('Hello, world! Naïve café, unaffable paraphrases.')).toEqual([
      101, 7592, 1010, 2088, 999, 15743, 7668, 1010, 14477, 20961, 3468, 11498, 8458, 23797, 2015, 1012, 102,
    ]);
  });

  it('gives unit vectors of the model\'s width, the same for a text whatever it is embedded with', async () => {
    const text = 'The river floods every spring when the snow in the mountains melts.';
    const [alone] = await embedder.embed([text]);
    const batched = await embedder.embed(['A much longer sentence to force padding of the shorter one in the same batch, with many more words in it.', text]);
    expect(alone!.length).toBe(EMBEDDING_MODEL.dimensions);
    expect(dot(alone!, alone!)).toBeCloseTo(1, 4);
    expect(dot(alone!, batched[1]!)).toBeGreaterThan(0.9999);
  });

  it('scores paraphrases above the threshold and same-topic or unrelated sentences below it', async () => {
    const vectors = await embedder.embed(SENTENCE_PAIRS.flatMap((p) => [p.a, p.b]));
    SENTENCE_PAIRS.forEach((pair, i) => {
      const similarity = dot(vectors[2 * i]!, vectors[2 * i + 1]!);
      if (pair.kind === 'paraphrase') expect(similarity, `${pair.a} ~ ${pair.b}`).toBeGreaterThanOrEqual(SEMANTIC_THRESHOLD);
      else if (pair.kind === 'loose paraphrase') expect(similarity, `${pair.a} ~ ${pair.b}`).toBeGreaterThan(0.6);
      else expect(similarity, `${pair.kind}: ${pair.a} ~ ${pair.b}`).toBeLessThan(SEMANTIC_THRESHOLD);
    });
  });

  it('traces a paraphrased output to its source, gives a later reworded copy nothing, and pays nothing for topic alone', async () => {
    const records = [
      { id: 'original', acceptedAt: 1, text: 'A note on trade. The economy depends heavily on exports of oil and natural gas. Fishing matters too.' },
      { id: 'topic', acceptedAt: 2, text: 'Unemployment fell to six percent after the government cut income taxes on exports and oil.' },
      { id: 'copy', acceptedAt: 3, text: 'Copied later. The economy relies heavily on exporting natural gas and oil. Nothing else here.' },
    ];
    const corpus = SemanticCorpus.build(records, { modelVersion: embedder.modelVersion });
    const cache = new EmbeddingCache(embedder.modelVersion, embedder.dimensions);
    await cache.embedMissing(corpus.sentences, embedder);
    const output = 'Oil and natural gas exports are what the economy relies on most.';
    const { spans } = await traceSemantic(output, corpus, cache, embedder);
    expect(spans).toHaveLength(1);
    expect(spans[0]!.owner).toBe('original');
    expect(spans[0]!.sources.map((s) => s.recordId).sort()).toEqual(['copy', 'original']);
    const original = spans[0]!.sources.find((s) => s.recordId === 'original')!;
    expect(original.context.slice(original.matchStart, original.matchEnd)).toBe('The economy depends heavily on exports of oil and natural gas.');

    // Same subject, another statement: no evidence.
    const topicOnly = 'Fishing fleets and tourism bring in most of the foreign currency the islands earn.';
    expect((await traceSemantic(topicOnly, corpus, cache, embedder)).spans).toEqual([]);
    // Same words, another fact: the model scores this close (0.79 measured), the numbers (six vs nine) tell them apart.
    const otherFact = 'The government cut taxes on the income of exporters, and unemployment rose to nine percent.';
    expect((await traceSemantic(otherFact, corpus, cache, embedder)).spans).toEqual([]);
  });
});
