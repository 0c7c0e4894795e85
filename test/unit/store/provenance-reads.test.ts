import { describe, expect, it } from 'vitest';
import { ProvenanceReads } from '../../../api/store/provenance-reads.js';
import { ProvenanceCache } from '../../../api/store/provenance-cache.js';
import { outputProvenanceByContentHashCypher, outputProvenanceByWordsHashCypher, outputProvenanceCypher } from '../../../api/store/reads/output-provenance.js';
import { WORDS_HASH_VERSION } from '../../../api/attribution/trace/words-hash.js';
import { node, recordingGraph } from './reads/support/recording-graph.js';

// Provenance reads of concurrent requests in one query (docs/architecture.md#provenance-reads-in-batches): the statement
// is the loaders' own (UNWIND $ids), sent once per turn of the event loop with every id asked for in it.

const outputs = new Map(['out_1', 'out_2', 'out_3'].map((id) => [id, node('Output', { id, contentHash: id.padEnd(64, '0'), text: id, modelId: 'mdl_1', createdAt: '2026-03-01T00:00:00.000Z' })]));
const model = node('Model', { id: 'mdl_1', name: 'Tutor', version: '1.0', baseModelId: 'base_1', createdAt: '2026-02-01T00:00:00.000Z' });
// Each output's content hash is its id padded with zeros; its words hash, its id padded with 'w'.
const byHash = new Map([...outputs.keys()].flatMap((id) => [[id.padEnd(64, '0'), id], [id.padEnd(64, 'w'), id]]));
const store = () =>
  recordingGraph((statement, { ids, hashes }) => {
    if (statement === outputProvenanceByContentHashCypher || statement === outputProvenanceByWordsHashCypher) {
      return (hashes as string[]).filter((h) => byHash.has(h)).map((hash) => ({ hash, o: outputs.get(byHash.get(hash)!), m: model, influences: [] }));
    }
    if (statement !== outputProvenanceCypher) return undefined;
    return (ids as string[]).filter((id) => outputs.has(id)).map((id) => ({ o: outputs.get(id), m: model, influences: [] }));
  });

describe('ProvenanceReads', () => {
  it('reads asked for in one turn go out as one query; each caller gets only its own outputs', async () => {
    const graph = store();
    const reads = new ProvenanceReads();
    const [a, b, c] = await Promise.all([reads.read(graph, ['out_1']), reads.read(graph, ['out_2', 'out_1']), reads.read(graph, ['out_9'])]);
    expect(graph.sent).toEqual([{ statement: outputProvenanceCypher, parameters: { ids: ['out_1', 'out_2', 'out_9'] } }]);
    expect([...a.keys()]).toEqual(['out_1']);
    expect([...b.keys()].sort()).toEqual(['out_1', 'out_2']);
    expect(b.get('out_2')!.output.text).toBe('out_2');
    expect(b.get('out_1')!.model!.name).toBe('Tutor');
    // Not found: absent, as from outputProvenance itself.
    expect(c.size).toBe(0);
    expect(reads.counts).toEqual({ reads: 3, queries: 1 });
  });

  it('reads by content hash and by words hash are batched the same way, one query per kind of key in a turn', async () => {
    const graph = store();
    const reads = new ProvenanceReads();
    const [byId, c1, c2, w1] = await Promise.all([
      reads.read(graph, ['out_1']),
      reads.read(graph, ['out_2'.padEnd(64, '0')], 'contentHash'),
      reads.read(graph, ['out_3'.padEnd(64, '0'), 'f'.repeat(64)], 'contentHash'),
      reads.read(graph, ['out_1'.padEnd(64, 'w')], 'wordsHash'),
    ]);
    expect(graph.sent).toEqual([
      { statement: outputProvenanceCypher, parameters: { ids: ['out_1'] } },
      { statement: outputProvenanceByContentHashCypher, parameters: { hashes: ['out_2'.padEnd(64, '0'), 'out_3'.padEnd(64, '0'), 'f'.repeat(64)] } },
      { statement: outputProvenanceByWordsHashCypher, parameters: { hashes: ['out_1'.padEnd(64, 'w')], version: WORDS_HASH_VERSION } },
    ]);
    // Keyed as asked: each caller finds its own hashes (a hash no output has is absent).
    expect([...byId.keys()]).toEqual(['out_1']);
    expect([...c1].map(([k, p]) => [k, p.output.id])).toEqual([['out_2'.padEnd(64, '0'), 'out_2']]);
    expect([...c2].map(([k, p]) => [k, p.output.id])).toEqual([['out_3'.padEnd(64, '0'), 'out_3']]);
    expect([...w1].map(([k, p]) => [k, p.output.id])).toEqual([['out_1'.padEnd(64, 'w'), 'out_1']]);
    expect(reads.counts).toEqual({ reads: 4, queries: 3 });
  });

  it('the provenance cache reads hashes through it, always from the store, and keeps what it found by output id', async () => {
    const graph = store();
    const cache = new ProvenanceCache({ max: 10, ttlMs: 60_000 }, new ProvenanceReads());
    const hash = 'out_2'.padEnd(64, '0');
    expect([...(await cache.readByHash(graph, 'contentHash', [hash])).keys()]).toEqual([hash]);
    expect([...(await cache.readByHash(graph, 'contentHash', [hash])).keys()]).toEqual([hash]);
    expect(graph.sent).toHaveLength(2);
    expect((await cache.read(graph, ['out_2'])).get('out_2')!.output.id).toBe('out_2');
    expect(graph.sent).toHaveLength(2);
    expect(cache.counts).toEqual({ hits: 1, misses: 0 });
  });

  it('a read after the batch went out waits for the next one; nothing is kept between them', async () => {
    const graph = store();
    const reads = new ProvenanceReads();
    await reads.read(graph, ['out_1']);
    await reads.read(graph, ['out_1']);
    expect(graph.sent.map((s) => s.parameters)).toEqual([{ ids: ['out_1'] }, { ids: ['out_1'] }]);
  });

  it('a batch holds at most maxIds outputs; more go out as several queries', async () => {
    const graph = store();
    const reads = new ProvenanceReads({ maxIds: 2 });
    const answers = await Promise.all([reads.read(graph, ['out_1']), reads.read(graph, ['out_2']), reads.read(graph, ['out_3'])]);
    expect(graph.sent.map((s) => s.parameters)).toEqual([{ ids: ['out_1', 'out_2'] }, { ids: ['out_3'] }]);
    expect(answers.map((m) => [...m.keys()])).toEqual([['out_1'], ['out_2'], ['out_3']]);
  });

  it('a failed query fails every read of its batch, and only those', async () => {
    const graph = store();
    let fail = true;
    const read = graph.read.bind(graph);
    graph.read = (async (statement: string, parameters?: Record<string, unknown>) => {
      if (fail) throw Object.assign(new Error('Neo4j went away'), { code: 'ServiceUnavailable' });
      return read(statement, parameters);
    }) as typeof graph.read;
    const reads = new ProvenanceReads();
    const failed = await Promise.allSettled([reads.read(graph, ['out_1']), reads.read(graph, ['out_2'])]);
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect([...(await reads.read(graph, ['out_2'])).keys()]).toEqual(['out_2']);
  });

  it('the provenance cache sends its misses through it, with the cache on and off', async () => {
    for (const max of [0, 10]) {
      const graph = store();
      const cache = new ProvenanceCache({ max, ttlMs: 60_000 }, new ProvenanceReads());
      const [a, b] = await Promise.all([cache.read(graph, ['out_1']), cache.read(graph, ['out_2'])]);
      expect([...a.keys(), ...b.keys()]).toEqual(['out_1', 'out_2']);
      expect(graph.sent).toHaveLength(1);
    }
  });
});
