import { describe, expect, it } from 'vitest';
import { execute, expectPinned, int, node, recordingGraph, type Answer } from './support/recording-graph.js';
import { createLoaders } from '../../../../api/store/loaders.js';
import { ProvenanceCache } from '../../../../api/store/provenance-cache.js';
import { contentHash } from '../../../../api/core/normalize.js';
import { WORDS_HASH_VERSION } from '../../../../api/attribution/trace/words-hash.js';
import { outputProvenanceByContentHashCypher, outputProvenanceByWordsHashCypher } from '../../../../api/store/reads/output-provenance.js';

// GraphQL in, Cypher out: the statements each read path sends, pinned so a change to them is a reviewed diff.

const output = node('Output', {
  id: 'out_1', contentHash: 'a'.repeat(64), text: 'The answer.', modelId: 'mdl_1', createdAt: '2026-03-01T00:00:00.000Z', fee: '1000',
  attributionMethod: 'span-trace+owen-coverage', attributionMethodVersion: '3', coverage: 0.5,
  attributionSpans: JSON.stringify([{ start: 0, end: 10, text: 'The answer', recordIds: ['rec_1'] }]),
});
const model = node('Model', { id: 'mdl_1', name: 'Tutor', version: '1.0', baseModelId: 'base_1', createdAt: '2026-02-01T00:00:00.000Z' });
const datanet = node('Datanet', { id: 'dn_1', name: 'Physics', description: '', admission: 'OPEN', createdAt: '2026-01-01T00:00:00.000Z' });
const record = node('Record', {
  id: 'rec_1', contentHash: 'b'.repeat(64), text: 'The answer is 42.', license: 'CC-BY-4.0', status: 'ACCEPTED',
  submittedAt: '2026-01-02T00:00:00.000Z', datanetId: 'dn_1', contributorId: 'ctr_1',
});
const edges = [
  { kind: 'Datanet', targetId: 'dn_1', share: 1, node: datanet },
  { kind: 'Record', targetId: 'rec_1', share: 1, node: null },
];

const graph: Answer = (statement, params) => {
  const { ids } = params;
  if (statement === outputProvenanceByContentHashCypher || statement === outputProvenanceByWordsHashCypher) {
    return (params.hashes as string[]).filter((h) => h !== 'f'.repeat(64)).map((hash) => ({ hash, o: output, m: model, influences: edges }));
  }
  if (statement.includes('OPTIONAL MATCH (m:Model {id: o.modelId})')) return [{ o: output, m: model, influences: edges }];
  if (statement.includes('-[i:INFLUENCED_BY]->(x)')) return edges.map((e) => ({ id: ids[0], ...e }));
  if (statement.includes('(n:Output {id: id})')) return [{ n: output }];
  if (statement.includes('(n:Model {id: id})')) return [{ n: model }];
  if (statement.includes('(n:Record {id: id})')) return [{ n: record }];
  if (statement.includes('(n:Datanet {id: id})')) return [{ n: datanet }];
  if (statement.includes('-[:PAID]->(p:Payout)')) {
    return [{ id: 'out_1', p: node('Payout', { id: 'pay_1', outputId: 'out_1', recipientId: 'platform', role: 'PLATFORM', amount: '50', policyId: 'policy_default', createdAt: '2026-03-01T00:00:00.000Z' }) }];
  }
  if (statement.includes('(p:RewardPolicy {id: id})')) {
    return [{ p: node('RewardPolicy', { id: 'policy_default', version: int(1), platform: 0.05, adapterBuilders: 0.15, dataContributors: 0.6, validators: 0.05, inForceFrom: '2026-01-01T00:00:00.000Z' }) }];
  }
  if (statement.includes('MATCH (n:Output)')) return [{ total: int(1), nodes: [output] }];
  return undefined;
};

const PROVENANCE = `id model { name version }
  attribution { method coverage datanets { datanet { name } share } records { record { text } share } spans { start end records { id } } }`;

describe('output reads', () => {
  it('output(id:) with its provenance: one query for output, model and influences; records by the node loader', async () => {
    const result = await execute(graph, `{ output(id: "Output:out_1") { ${PROVENANCE} } }`);
    expect(result.errors).toBeUndefined();
    expect(result.sent).toHaveLength(2);
    expect(result).toMatchSnapshot();
  });

  it('output(id:) without model or attribution is a node load', async () => {
    const result = await execute(graph, '{ output(id: "Output:out_1") { text fee } }');
    expect(result).toMatchSnapshot();
  });

  it('outputByContent: the newest output of the hash and its provenance in one query; records by the node loader', async () => {
    const result = await execute(graph, `query($text: String!) { outputByContent(text: $text) { ${PROVENANCE} } }`, { text: '  The   answer. ' });
    expect(result.errors).toBeUndefined();
    expect(result.data).toMatchObject({ outputByContent: { id: 'Output:out_1', model: { name: 'Tutor' }, attribution: { coverage: 0.5 } } });
    expect(result.sent.map((s) => s.statement.split('\n')[0])).toEqual(['UNWIND $hashes AS hash', 'UNWIND $ids AS id MATCH (n:Record {id: id}) RETURN n']);
    // The text's content hash: normalised first (whitespace runs to one space, trimmed).
    expect(result.sent[0]).toEqual({ statement: outputProvenanceByContentHashCypher, parameters: { hashes: [contentHash('The answer.')] } });
    expect(result).toMatchSnapshot();
  });

  it('outputByContent(wordsHash:): an index seek on the words hash of this version, with the provenance, in one query', async () => {
    const wordsHash = 'c'.repeat(64);
    const result = await execute(graph, `query($w: String!) { outputByContent(wordsHash: $w) { ${PROVENANCE} } }`, { w: wordsHash });
    expect(result.errors).toBeUndefined();
    expect(result.sent[0]).toEqual({ statement: outputProvenanceByWordsHashCypher, parameters: { hashes: [wordsHash], version: WORDS_HASH_VERSION } });
    expect(result.sent).toHaveLength(2);
  });

  it('outputByContent of a hash no output has is null, after the one query', async () => {
    const result = await execute(graph, `{ outputByContent(contentHash: "${'f'.repeat(64)}") { id model { name } } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ outputByContent: null });
    expect(result.sent).toHaveLength(1);
  });

  it('a lookup by hash primes the id loaders and is kept by the provenance cache, so the same output by id is no query', async () => {
    const graph2 = recordingGraph(graph);
    const cache = new ProvenanceCache({ max: 10, ttlMs: 60_000 });
    const loaders = createLoaders(graph2, { provenance: cache });
    const found = await loaders.outputByContentHash.load('a'.repeat(64));
    expect(found?.id).toBe('out_1');
    expect(await loaders.outputProvenance.load('out_1')).toBe(found);
    expect((await loaders.Model.load('mdl_1'))?.name).toBe('Tutor');
    expect(graph2.sent).toHaveLength(1);
    // Another request (new loaders): answered from the cache.
    expect((await createLoaders(graph2, { provenance: cache }).outputProvenance.load('out_1'))?.id).toBe('out_1');
    expect(graph2.sent).toHaveLength(1);
    expect(cache.counts).toEqual({ hits: 1, misses: 0 });
    // A hash no output has: null, and nothing kept.
    expect(await loaders.outputByContentHash.load('f'.repeat(64))).toBeNull();
    expect(cache.size).toBe(1);
  });

  it('outputByContent takes exactly one of text, contentHash and wordsHash; hashes are 64 lowercase hex', async () => {
    for (const args of ['(contentHash: "x", wordsHash: "y")', '', '(text: "a", wordsHash: "y")']) {
      const r = await execute(graph, `{ outputByContent${args} { id } }`);
      expect(r.errors?.[0], args).toBe('Give exactly one of text, contentHash or wordsHash.');
    }
    const bad = await execute(graph, '{ outputByContent(wordsHash: "ABC") { id } }');
    expect(bad.errors?.[0]).toBe('wordsHash must be 64 lowercase hex characters (SHA-256).');
    expect(bad.sent).toEqual([]);
  });

  it('node(id:) takes the general path: the output, then its model and its influences in one tick', async () => {
    const result = await execute(graph, `{ node(id: "Output:out_1") { ... on Output { ${PROVENANCE} } } }`);
    expectPinned(result);
  });

  it('outputs(first:) pages by id; rewards and their policies come from one batched query each', async () => {
    const result = await execute(graph, '{ outputs(first: 2) { totalCount edges { cursor node { id rewards { role amount recipient { id } policy { version modelOwnerAtLeast } } } } } }');
    expectPinned(result);
  });
});
