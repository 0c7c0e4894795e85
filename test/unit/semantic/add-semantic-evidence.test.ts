import { describe, expect, it } from 'vitest';
import { attributeTrace, runnableMethod } from '../../../api/attribution/attribute-text.js';
import { CURRENT_SEMANTIC_TIER } from '../../../api/attribution/semantic/semantic-tier.js';
import { SPAN_TRACE_V2, SPAN_TRACE_V3 } from '../../../api/attribution/trace/trace-method.js';
import type { ClusterReach } from '../../../api/attribution/owen-split.js';
import { addSemanticEvidence, resolveSemanticSources, SEMANTIC_WEIGHT } from '../../../api/attribution/semantic/add-semantic-evidence.js';
import { SemanticCorpus } from '../../../api/attribution/semantic/semantic-corpus.js';
import { traceSemantic } from '../../../api/attribution/semantic/semantic-evidence.js';
import { CorpusIndex } from '../../../api/attribution/trace/corpus-index.js';
import { tokenize } from '../../../api/attribution/trace/tokenize.js';
import { generateRecords } from '../trace/synthetic-corpus.js';
import { at, MapVectors, TableEmbedder } from './table-embedder.js';

const QUOTED = 'Coastal kelp harvesters dried purple seaweed on volcanic rocks before selling bundles to Portuguese merchants.';
const ORIGINAL = 'The port city became rich through the spice trade with faraway islands.';
const PARAPHRASE = 'The harbour town grew wealthy from trading spices with distant islands.';
const source = `${QUOTED} ${ORIGINAL}`;
const background = [...generateRecords({ seed: 5, records: 200, minWords: 40, maxWords: 90, nearDuplicateRate: 0 })];
const OUTPUT = `${QUOTED} ${PARAPHRASE}`;

async function traced() {
  const index = CorpusIndex.build([...background, { recordId: 'src', clusterId: 'c-src', text: source }]);
  const embedder = new TableEmbedder(new Map([[PARAPHRASE, at(1)], [ORIGINAL, at(0.9)], [QUOTED, at(0.2, 2)]]));
  const semanticCorpus = SemanticCorpus.build([{ id: 'src', text: source, acceptedAt: 1 }], { modelVersion: embedder.modelVersion });
  const vectors = new MapVectors();
  for (const s of semanticCorpus.sentences) vectors.byKey.set(s.key, embedder.vector(s.text));
  // A deep rewording (few shared rare words): embedded under semantic/1's rule, which this test is about.
  const { spans } = await traceSemantic(OUTPUT, semanticCorpus, vectors, embedder, { minOverlap: 0 });
  const exact = index.trace(OUTPUT);
  const surprisal = (norm: string) => index.vocabulary.surprisal(index.vocabulary.idOf(norm));
  const merged = addSemanticEvidence({
    trace: exact, text: OUTPUT, spans: resolveSemanticSources(spans, (id) => (id === 'src' ? source : undefined), 2),
    modelVersion: embedder.modelVersion, tierVersion: 2, tokenizer: 2, surprisal,
    clusterOf: (id) => (id === 'src' ? 'c-src' : undefined),
  });
  return { exact, merged, surprisal };
}

describe('SEMANTIC evidence in the trace', () => {
  it('credits the paraphrased sentence words the exact tier left, at half their surprisal times the similarity', async () => {
    const { exact, merged, surprisal } = await traced();
    const semantic = merged.tokens.filter((t) => t.kind === 'SEMANTIC');
    const paraphraseStart = OUTPUT.indexOf(PARAPHRASE);
    expect(semantic.map((t) => OUTPUT.slice(t.start, t.end))).toEqual(tokenize(PARAPHRASE, 2).map((t) => PARAPHRASE.slice(t.start, t.end)));
    for (const t of semantic) {
      expect(t.start).toBeGreaterThanOrEqual(paraphraseStart);
      expect(t.clusterIds).toEqual(['c-src']);
      expect(t.weight).toBeCloseTo(surprisal(tokenize(OUTPUT.slice(t.start, t.end), 2)[0]!.norm) * 0.9 * SEMANTIC_WEIGHT, 5);
    }
    // The quoted sentence stays the exact tier's: nothing it explains is re-credited.
    expect(merged.tokens.filter((t) => t.kind !== 'SEMANTIC')).toEqual(exact.tokens);
    const span = merged.spans.find((s) => s.kind === 'SEMANTIC')!;
    expect(span.text).toBe(PARAPHRASE.slice(0, -1));
    expect(span.recordIds).toEqual(['src']);
    // The source points at the original sentence in the record, in token offsets like the other tiers.
    const words = tokenize(source, 2);
    const [s] = span.sources;
    expect(source.slice(words[s!.tokenStart]!.start, words[s!.tokenEnd - 1]!.end)).toBe(ORIGINAL.slice(0, -1));
  });

  it('moves coverage and credit: the paraphrase counts in coverageByKind and the record earns more', async () => {
    const { exact, merged } = await traced();
    const reach = new Map<string, ClusterReach>([['c-src', { clusterId: 'c-src', ownerRecordId: 'src', ownerContributorId: 'k', paths: [{ adapterId: 'a', datanetId: 'd' }] }]]);
    const before = attributeTrace(exact, reach);
    const after = attributeTrace(merged, reach);
    expect(after.coverage).toBeGreaterThan(before.coverage);
    expect(after.coverageByKind!.find((k) => k.kind === 'SEMANTIC')!.coverage).toBeGreaterThan(0.4);
    expect(before.coverageByKind!.find((k) => k.kind === 'SEMANTIC')!.coverage).toBe(0);
    expect(after.records).toEqual([{ id: 'src', share: 1 }]);
  });

  it('adds nothing for a sentence whose owner is unknown, or when there are no spans', async () => {
    const { exact } = await traced();
    // The tier still took part: the attribution names its model and method part, with the exact tier's evidence only.
    const none = addSemanticEvidence({ trace: exact, text: OUTPUT, spans: [], modelVersion: 'm/1', tierVersion: 2, tokenizer: 2, surprisal: () => 1, clusterOf: () => 'x' });
    expect(none).toEqual({ ...exact, embeddingModel: 'm/1', semanticTier: 2 });
    const span = { start: OUTPUT.indexOf(PARAPHRASE), end: OUTPUT.length, text: PARAPHRASE, similarity: 0.9, owner: 'gone', sources: [] };
    expect(addSemanticEvidence({ trace: exact, text: OUTPUT, spans: [span], modelVersion: 'm/1', tierVersion: 2, tokenizer: 2, surprisal: () => 1, clusterOf: () => undefined })).toEqual(none);
    const reach = new Map<string, ClusterReach>([['c-src', { clusterId: 'c-src', ownerRecordId: 'src', ownerContributorId: 'k', paths: [{ adapterId: 'a', datanetId: 'd' }] }]]);
    const attribution = attributeTrace(none, reach);
    expect(attribution.methodVersion).toBe('span-trace/3+semantic/2+owen/1');
    expect(attribution.embeddingModel).toBe('m/1');
    expect(runnableMethod(attribution.methodVersion)).toEqual({ trace: SPAN_TRACE_V3, semantic: CURRENT_SEMANTIC_TIER });
    expect(runnableMethod('span-trace/2+owen/1')).toEqual({ trace: SPAN_TRACE_V2, semantic: null });
    // Attributions made with semantic/1 are rerun with its rules (every sentence with a candidate embedded).
    expect(runnableMethod('span-trace/3+semantic/1+owen/1')).toEqual({ trace: SPAN_TRACE_V3, semantic: { version: 1, minOverlap: 0 } });
    expect(runnableMethod('span-trace/3+semantic/9+owen/1')).toBeUndefined();
    expect(attributeTrace(exact, reach).embeddingModel).toBeUndefined();
  });
});
