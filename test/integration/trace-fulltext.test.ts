import { isDeepStrictEqual } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { CorpusIndex } from '../../api/attribution/trace/corpus-index.js';
import { FullTextTracer } from '../../api/corpus/fulltext-trace.js';
import { loadTraceRecords, loadTraceTokens } from '../../seed/trace-corpus.js';
import { plantOutputs } from '../unit/trace/planted-outputs.js';
import { generateRecords } from '../unit/trace/synthetic-corpus.js';
import { resetGraph, testGraph } from './support/graph.js';

// The full-text candidate path (docs/architecture.md#the-full-text-candidate-path) against the real Neo4j: the
// planted-source evaluation's corpus (near-duplicate clusters, shared boilerplate) and outputs give the same EXACT
// spans, sources and covered words through Neo4j's full-text index as through the suffix array.
const records = [...generateRecords({ seed: 2024, records: 1500 })];
const index = CorpusIndex.build(records);
let tracer: FullTextTracer;

beforeAll(async () => {
  const graph = testGraph();
  await resetGraph(graph);
  await loadTraceRecords(graph, records);
  await loadTraceTokens(graph, records);
  tracer = await FullTextTracer.open(graph);
}, 300_000);

describe('the full-text candidate path', () => {
  it('counts the same unigram model as the suffix index (same word ids and counts)', () => {
    expect(tracer.recordCount).toBe(records.length);
    expect(tracer.vocabulary.snapshot()).toEqual(index.vocabulary.snapshot());
  });

  it.each([
    ['every record eligible', undefined],
    ['half the records eligible', (id: string) => Number(id.replace(/\D/g, '')) % 2 === 0],
  ] as const)('planted outputs, %s: identical EXACT spans', async (_name, eligible) => {
    const outputs = plantOutputs(records, { seed: 99, outputs: 40 });
    let spans = 0;
    let common = 0;
    for (const { text } of outputs) {
      const expected = index.trace(text, { near: false, ...(eligible ? { eligible } : {}) });
      const { result, stats } = await tracer.trace(text, eligible ? { eligible } : {});
      if (!isDeepStrictEqual(result, expected)) expect({ text, spans: result.spans }).toEqual({ text, spans: expected.spans });
      expect(result).toEqual(expected);
      spans += result.spans.length;
      common += stats.commonPhrases;
    }
    // Not a vacuous comparison: spans were found, and common phrases were met and stood in for.
    expect(spans).toBeGreaterThan(outputs.length);
    expect(common).toBeGreaterThan(0);
  }, 300_000);

  it('a prompt that repeats part of the output drops the same spans on both paths', async () => {
    const text = plantOutputs(records, { seed: 5, outputs: 1 })[0]!.text;
    const prompt = text.slice(0, Math.floor(text.length / 2));
    const { result } = await tracer.trace(text, { prompt });
    expect(result).toEqual(index.trace(text, { near: false, prompt }));
  }, 60_000);
});
