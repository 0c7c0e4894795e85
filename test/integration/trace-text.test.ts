import neo4j from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoPlan } from '../../seed/demo-plan.js';
import { contentHash } from '../../api/core/normalize.js';
import { gql, startTestApi, type TestApi } from './support/api.js';
import { testGraph } from './support/graph.js';

// traceText on the real engine over the seeded, real Neo4j: any text, recorded or not.
let api: TestApi;
const plan = buildDemoPlan();
const quoting = plan.outputs.filter((o) => o.attribution.records.length > 0);

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.stop();
});

const query = `query($text: String!, $model: ID) { traceText(text: $text, modelId: $model) {
  spans { start end text records { id datanet { id } } }
  attribution { method methodVersion coverage
    datanets { datanet { id } share } adapters { adapter { id } share } contributors { contributor { id } share } records { record { id } share } } } }`;
const sum = (xs: Array<{ share: number }>) => xs.reduce((s, x) => s + x.share, 0);

describe('traceText', () => {
  it('finds a record passage inside unseen text, with exact UTF-16 offsets, and explains it', async () => {
    // Quote the inside of one long sentence.
    const sentenceOf = (text: string) => text.split(/(?<=[.;!?])\s+/).sort((a, b) => b.length - a.length)[0]!;
    const record = plan.records.find((r) => r.status === 'ACCEPTED' && r.datanetId === 'dn_factbook' && sentenceOf(r.text).split(' ').length > 16)!;
    const passage = sentenceOf(record.text).split(' ').slice(1, 15).join(' ').replace(/[.;]$/, '');
    const text = `Here’s what I found 🌍: ${passage} — hope that helps!`;
    const { data, errors } = await gql(api.url, query, { text });
    expect(errors).toBeUndefined();
    const trace = data.traceText;
    const span = trace.spans.find((s: any) => s.records.some((r: any) => r.id === `Record:${record.id}`));
    expect(span).toBeDefined();
    expect(text.slice(span.start, span.end)).toBe(span.text);
    expect(span.text.length).toBeGreaterThan(passage.length * 0.8);
    expect(trace.attribution.coverage).toBeGreaterThan(0.5);
    expect(trace.attribution.coverage).toBeLessThan(1);
    expect(trace.attribution.datanets[0].datanet.id).toBe('Datanet:dn_factbook');
    for (const list of ['datanets', 'contributors', 'records'] as const) expect(sum(trace.attribution[list])).toBeCloseTo(1, 9);
    // Without a model there is no adapter to credit.
    expect(trace.attribution.adapters).toEqual([]);
  });

  it('with the output\'s model, reproduces the attribution stored for a recorded output', async () => {
    for (const output of quoting) {
      const { data, errors } = await gql(api.url, query, { text: output.text, model: `Model:${output.modelId}` });
      expect(errors).toBeUndefined();
      const a = data.traceText.attribution;
      expect(a.coverage).toBeCloseTo(output.attribution.coverage, 12);
      expect(a.records.map((r: any) => [r.record.id, r.share])).toEqual(output.attribution.records.map((r) => [`Record:${r.id}`, expect.closeTo(r.share, 12)]));
      expect(a.adapters.map((r: any) => r.adapter.id)).toEqual(output.attribution.adapters.map((r) => `Adapter:${r.id}`));
    }
  });

  it('reports evidence tiers: a reworded passage is NEAR with its similarity, each span shows the source passage in context', async () => {
    const record = plan.records.find((r) => r.status === 'ACCEPTED' && r.datanetId === 'dn_factbook' && r.text.split(' ').length > 60)!;
    const words = record.text.split(/\s+/).slice(0, 40);
    const exactPart = words.slice(0, 12).join(' ');
    // Words changed every few words in the rest: no exact run there is rare enough, the NEAR tier finds it.
    const edited = words.slice(12).map((w, i) => (i % 6 === 3 ? 'notably' : w)).join(' ');
    const text = `In short: ${exactPart} ${edited}`;
    const tiered = `query($text: String!) { traceText(text: $text) {
      spans { start end text kind similarity records { id } sources { record { id text } context matchStart matchEnd } }
      attribution { coverage coverageByKind { kind coverage } } } }`;
    const { data, errors } = await gql(api.url, tiered, { text });
    expect(errors).toBeUndefined();
    const { spans, attribution } = data.traceText;
    const kinds = new Set(spans.map((s: any) => s.kind));
    expect(kinds.has('NEAR')).toBe(true);
    for (const span of spans) {
      expect(text.slice(span.start, span.end)).toBe(span.text);
      if (span.kind === 'EXACT') expect(span.similarity).toBe(1);
      else {
        expect(span.similarity).toBeGreaterThan(0.7);
        expect(span.similarity).toBeLessThan(1);
      }
      expect(span.sources.map((x: any) => x.record.id)).toEqual(span.records.map((r: any) => r.id));
      for (const source of span.sources) {
        // The context is the record's own text, and the match lies inside it.
        expect(source.record.text).toContain(source.context);
        expect(source.matchStart).toBeGreaterThanOrEqual(0);
        expect(source.matchEnd).toBeGreaterThan(source.matchStart);
        expect(source.matchEnd).toBeLessThanOrEqual(source.context.length);
      }
    }
    const exact = spans.find((s: any) => s.kind === 'EXACT' && s.sources.length > 0);
    if (exact) expect(exact.sources[0].context.slice(exact.sources[0].matchStart, exact.sources[0].matchEnd).toLowerCase()).toContain(exact.text.split(' ')[1]!.toLowerCase());
    expect(attribution.coverageByKind.map((k: any) => k.kind)).toEqual(['EXACT', 'NEAR', 'SEMANTIC']);
    const byKind = Object.fromEntries(attribution.coverageByKind.map((k: any) => [k.kind, k.coverage]));
    expect(byKind.NEAR).toBeGreaterThan(0);
    expect(byKind.EXACT + byKind.NEAR + byKind.SEMANTIC).toBeCloseTo(attribution.coverage, 12);
  });

  it('a model that never learned the source explains nothing: coverage 0, empty shares, no error', async () => {
    const definitions = plan.outputs.find((o) => o.attribution.datanets.some((d) => d.id === 'dn_wordnet'))!;
    const v1 = plan.models.find((m) => !m.previousVersionId)!;
    const { data, errors } = await gql(api.url, query, { text: definitions.text, model: `Model:${v1.id}` });
    expect(errors).toBeUndefined();
    const a = data.traceText.attribution;
    expect(a.datanets.map((d: any) => d.datanet.id)).not.toContain('Datanet:dn_wordnet');
    // The same text traced for v2 (which learned the definitions) does credit them.
    const v2 = await gql(api.url, query, { text: definitions.text, model: `Model:${definitions.modelId}` });
    expect(v2.data.traceText.attribution.datanets.map((d: any) => d.datanet.id)).toContain('Datanet:dn_wordnet');
    // Text that quotes nothing: coverage 0 and every list empty.
    const none = await gql(api.url, query, { text: 'Zebras quietly arrange violet umbrellas beside frozen harbours at dawn.', model: `Model:${v1.id}` });
    expect(none.data.traceText.attribution).toMatchObject({ coverage: 0, datanets: [], adapters: [], contributors: [], records: [] });
    expect(none.data.traceText.spans).toEqual([]);
  });

  it('picks up records accepted after the index was built (Neo4j stays the source of truth)', async () => {
    const text = 'Strata integration sentinel: the cobalt lighthouse keeper counted ninety seven herons before breakfast every Tuesday in March.';
    const before = await gql(api.url, query, { text });
    expect(before.data.traceText.spans).toEqual([]);
    await testGraph().write((tx) =>
      tx.run(
        `MATCH (c:Contributor {id: 'ctb_amara'}), (d:Datanet {id: 'dn_factbook'})
         CREATE (cl:ContentCluster {id: 'cl_sentinel', contentHash: $hash, ownerRecordId: 'rec_sentinel'})
         CREATE (r:Record {id: 'rec_sentinel', contentHash: $hash, text: $text, license: 'CC0-1.0', status: 'ACCEPTED',
           submittedAt: datetime(), acceptedAt: datetime(), datanetId: d.id, contributorId: c.id, clusterId: cl.id})
         CREATE (c)-[:CONTRIBUTED]->(r), (r)-[:IN]->(d), (r)-[:MEMBER_OF]->(cl)`,
        { text, hash: contentHash(text), n: neo4j.int(1) },
      ),
    );
    const after = await gql(api.url, query, { text });
    expect(after.data.traceText.spans[0].records).toEqual([{ id: 'Record:rec_sentinel', datanet: { id: 'Datanet:dn_factbook' } }]);
    expect(after.data.traceText.attribution.contributors).toEqual([{ contributor: { id: 'Contributor:ctb_amara' }, share: 1 }]);
  });

  it('refuses empty text, oversized text, an unknown model and a malformed id with BAD_USER_INPUT', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ text: '   \n\t ' }, 'text'],
      [{ text: 'a '.repeat(40_000) }, 'text'],
      [{ text: 'hello', model: 'Model:mdl_missing' }, 'modelId'],
      [{ text: 'hello', model: 'Datanet:dn_factbook' }, 'modelId'],
    ];
    for (const [variables, field] of cases) {
      const { errors } = await gql(api.url, query, variables);
      expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
  });
});
