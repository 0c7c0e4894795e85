import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { contextUrl, nodeIri, provContext, provDocument, type ProvPage } from '../../../api/interop/prov.js';

// The pure PROV-O mapping: a fixed page of nodes and edges in, a JSON-LD document out, checked with the jsonld
// processor (its context served from memory, so no network).
const jsonld = createRequire(import.meta.url)('jsonld') as {
  toRDF(document: object, options: object): Promise<string>;
};
const ORIGIN = 'https://strata.test';

const page: ProvPage = {
  origin: ORIGIN,
  subject: { label: 'Output', id: 'out_1' },
  maxDepth: 2,
  nodes: [
    { label: 'Output', depth: 0, properties: { id: 'out_1', contentHash: 'a'.repeat(64), createdAt: '2026-02-01T00:00:00.000Z', attributionMethod: 'span-trace', attributionMethodVersion: '2', coverage: 0.5, text: 'never exported' } },
    { label: 'Model', depth: 1, properties: { id: 'mdl_1', name: 'Tides', version: '2' } },
    { label: 'Contributor', depth: 1, properties: { id: 'ctr_1', handle: 'ada' } },
    { label: 'Record', depth: 1, properties: { id: 'rec_1', contentHash: 'b'.repeat(64), license: 'CC0-1.0', text: 'long text' } },
    { label: 'Adapter', depth: 2, properties: { id: 'ad_1', name: 'tides-lora' } },
  ],
  relations: [
    { from: { label: 'Output', id: 'out_1' }, kind: 'GENERATED_BY', to: { label: 'Model', id: 'mdl_1' }, properties: {} },
    { from: { label: 'Output', id: 'out_1' }, kind: 'INFLUENCED_BY', to: { label: 'Contributor', id: 'ctr_1' }, properties: { share: 0.75, method: 'span-trace', methodVersion: '2' } },
    { from: { label: 'Output', id: 'out_1' }, kind: 'INFLUENCED_BY', to: { label: 'Record', id: 'rec_1' }, properties: { share: 1, method: 'span-trace', methodVersion: '2' } },
    { from: { label: 'Model', id: 'mdl_1' }, kind: 'USES', to: { label: 'Adapter', id: 'ad_1' }, properties: { weight: 0.5 } },
    { from: { label: 'Model', id: 'mdl_1' }, kind: 'PREVIOUS_VERSION', to: { label: 'Model', id: 'mdl_0' }, properties: {} },
    { from: { label: 'Record', id: 'rec_1' }, kind: 'CONTRIBUTED', to: { label: 'Contributor', id: 'ctr_1' }, properties: {} },
    { from: { label: 'Record', id: 'rec_1' }, kind: 'REVIEWED', to: { label: 'Contributor', id: 'ctr_2' }, properties: { verdict: 'ACCEPT' } },
  ],
  totalCount: 9,
  completeness: { isComplete: false, reasons: ['DEPTH_CAP: 1 node(s) at depth 2 lead further; raise maxDepth to see more.'] },
  pageUrl: `${ORIGIN}/prov/Output:out_1?maxDepth=2&first=5`,
  nextPageUrl: `${ORIGIN}/prov/Output:out_1?maxDepth=2&first=5&after=abc`,
};

const documentLoader = async (url: string) => {
  if (url !== contextUrl(ORIGIN)) throw new Error(`unexpected fetch of ${url}`);
  return { contextUrl: null, documentUrl: url, document: provContext(ORIGIN) };
};

describe('provDocument', () => {
  it('maps nodes and edges to PROV-O, without record or output text', () => {
    const document = provDocument(page);
    expect(JSON.stringify(document)).not.toContain('never exported');
    expect(JSON.stringify(document)).not.toContain('long text');
    expect(document).toMatchSnapshot();
  });

  it('expands, with its published context, to the PROV triples a lineage catalogue reads', async () => {
    const nquads = await jsonld.toRDF(provDocument(page), { format: 'application/n-quads', documentLoader });
    const out = `<${nodeIri(ORIGIN, 'Output', 'out_1')}>`;
    const prov = (t: string) => `<http://www.w3.org/ns/prov#${t}>`;
    const lines = nquads.split('\n');
    expect(lines).toContain(`${out} ${prov('wasGeneratedBy')} <${ORIGIN}/prov/Output:out_1#generation> .`);
    expect(lines).toContain(`<${ORIGIN}/prov/Output:out_1#generation> ${prov('used')} <${ORIGIN}/prov/Model:mdl_1> .`);
    expect(lines).toContain(`<${ORIGIN}/prov/Record:rec_1> ${prov('wasAttributedTo')} <${ORIGIN}/prov/Contributor:ctr_1> .`);
    expect(lines).toContain(`<${ORIGIN}/prov/Model:mdl_1> ${prov('wasRevisionOf')} <${ORIGIN}/prov/Model:mdl_0> .`);
    expect(lines).toContain(`<${ORIGIN}/prov/Model:mdl_1> ${prov('wasDerivedFrom')} <${ORIGIN}/prov/Adapter:ad_1> .`);
    const influence = `<${ORIGIN}/prov/Output:out_1#influenced_by/Contributor:ctr_1>`;
    expect(lines).toContain(`${out} ${prov('qualifiedInfluence')} ${influence} .`);
    expect(lines).toContain(`${influence} ${prov('influencer')} <${ORIGIN}/prov/Contributor:ctr_1> .`);
    expect(lines).toContain(`${influence} <${ORIGIN}/prov/terms#share> "7.5E-1"^^<http://www.w3.org/2001/XMLSchema#double> .`);
    expect(lines).toContain(`${influence} <${ORIGIN}/prov/terms#methodVersion> "2" .`);
    expect(lines).toContain(`<${ORIGIN}/prov/Contributor:ctr_1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> ${prov('Agent')} .`);
    expect(nquads).toMatchSnapshot();
  });

  it('names nodes by their PROV URL, escaping only what a path cannot hold', () => {
    expect(nodeIri(ORIGIN, 'Record', 'rec_1.a-b')).toBe(`${ORIGIN}/prov/Record:rec_1.a-b`);
  });
});
