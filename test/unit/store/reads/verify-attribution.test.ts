import { expect, it } from 'vitest';
import { ATTRIBUTION_METHOD, ATTRIBUTION_METHOD_VERSION } from '../../../../api/attribution/attribute-text.js';
import type { AttributionShape } from '../../../../api/attribution/attribution-shape.js';
import { execute, node, type Answer } from './support/recording-graph.js';

// GraphQL in, Cypher out for verifyAttribution: the output, its influences and its model's training, then the engine.

const spans = [{ start: 0, end: 10, text: 'The answer', recordIds: ['rec_1'] }];
const output = node('Output', {
  id: 'out_1', contentHash: 'a'.repeat(64), text: 'The answer.', modelId: 'mdl_1', createdAt: '2026-03-01T00:00:00.000Z',
  attributionMethod: ATTRIBUTION_METHOD, attributionMethodVersion: ATTRIBUTION_METHOD_VERSION, coverage: 0.5,
  attributionSpans: JSON.stringify(spans), corpusAsOf: '2026-02-28T00:00:00.000Z', corpusRecords: 1,
});

const graph: Answer = (statement) => {
  if (statement.includes('(n:Output {id: id})')) return [{ n: output }];
  if (statement.includes('-[i:INFLUENCED_BY]->(x)')) return [{ id: 'out_1', kind: 'Record', targetId: 'rec_1', share: 1, node: null }];
  if (statement.includes('MATCH (m:Model {id: $modelId})')) return [{ adapterId: 'ad_1', datanetId: 'dn_1', snapshotAtMs: 1_700_000_000_000 }];
  return undefined;
};

const recomputed: AttributionShape = {
  method: ATTRIBUTION_METHOD, methodVersion: ATTRIBUTION_METHOD_VERSION, coverage: 0.5,
  datanets: [], adapters: [], contributors: [], records: [{ id: 'rec_1', share: 1 }], spans,
};

it('verifyAttribution reads the output, its influences and its model\'s training, and recomputes as of the stored corpus', async () => {
  const asked: unknown[] = [];
  const corpus = {
    attributeAsOf: async (text: string, options: object) => {
      asked.push({ text, options });
      return { attribution: recomputed, corpus: { records: 1, asOfMs: Date.parse('2026-02-28T00:00:00.000Z') }, rebuilt: false };
    },
  };
  const result = await execute(graph, '{ verifyAttribution(outputId: "Output:out_1") { matches differences corpusAsOf corpusRecords rebuiltCorpus } }', undefined, corpus);
  expect(result.errors).toBeUndefined();
  expect({ ...result, asked }).toMatchSnapshot();
});
