import neo4j from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDemoPlan } from '../../seed/demo-graph.js';
import { buildDemoPlan } from '../../seed/demo-plan.js';
import { loadScaleGraph } from '../../seed/scale/load.js';
import { gql, startTestApi, type TestApi } from './support/api.js';
import { expectOk, M, member, passage, type Member } from './support/contributions.js';
import { resetGraph, testGraph } from './support/graph.js';

/**
 * The seeds and the API write the same graph: one node of each kind written through the production path (the
 * mutations, i.e. the use-cases and their store writers) and through each seed (the demo plan and the smallest scale
 * plan, through the store's bulk import writers) has the same property keys with the same value types, and the same
 * relationships (type, direction, other end's label) with the same property keys and types.
 */
const ADMIN = 'test-admin-key-seed-parity';
const plan = buildDemoPlan();
let api: TestApi;

/** The relationships each kind's writer creates (others depend on what else the graph holds, e.g. influences). */
const WRITER_EDGES: Record<string, string[]> = {
  Contributor: [],
  Datanet: [],
  Record: ['<CONTRIBUTED:Contributor', '>IN:Datanet', '>MEMBER_OF:ContentCluster', '<REVIEWED:Contributor'],
  ContentCluster: [],
  BaseModel: [],
  Adapter: ['>ADAPTS:BaseModel', '<BUILT:Contributor', '>DERIVED_FROM:Adapter', '>TRAINED_ON:Datanet'],
  Model: ['>BASED_ON:BaseModel', '>PREVIOUS_VERSION:Model', '>USES:Adapter'],
  Output: ['>GENERATED_BY:Model', '>INFLUENCED_BY:Datanet', '>INFLUENCED_BY:Adapter', '>INFLUENCED_BY:Contributor', '>INFLUENCED_BY:Record'],
};

function typeOf(value: unknown): string {
  if (neo4j.isInt(value)) return 'integer';
  if (typeof value === 'number') return 'float';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  if (neo4j.isDateTime(value as never)) return 'datetime';
  if (Array.isArray(value)) return `list<${[...new Set(value.map(typeOf))].sort().join('|') || 'empty'}>`;
  return `other:${Object.prototype.toString.call(value)}`;
}

const typesOf = (props: Record<string, unknown>) => Object.fromEntries(Object.keys(props).sort().map((k) => [k, typeOf(props[k])]));

/** A node's shape: its property types, and per writer edge the union of its relationships' property types. */
async function shape(label: string, id: string) {
  const session = testGraph().driver.session({ database: testGraph().database });
  try {
    const node = await session.run(`MATCH (n:${label} {id: $id}) RETURN properties(n) AS p`, { id });
    expect(node.records, `${label} ${id}`).toHaveLength(1);
    const rels = await session.run(
      `MATCH (n:${label} {id: $id})-[r]-(m) RETURN type(r) AS type, startNode(r) = n AS out, labels(m)[0] AS other, properties(r) AS p`,
      { id },
    );
    const edges: Record<string, Record<string, string>> = {};
    for (const row of rels.records) {
      const key = `${row.get('out') ? '>' : '<'}${row.get('type')}:${row.get('other')}`;
      if (!WRITER_EDGES[label]!.includes(key)) continue;
      edges[key] = { ...edges[key], ...typesOf(row.get('p') as Record<string, unknown>) };
    }
    return { properties: typesOf(node.records[0]!.get('p') as Record<string, unknown>), edges };
  } finally {
    await session.close();
  }
}

/** One node per kind and situation, on each path: production ids from the mutations, seeded ids from the plans. */
type Sample = Record<string, string>;
const production: Sample = {};
const demo: Sample = {};
const scale: Sample = {};

const local = (globalId: string) => globalId.slice(globalId.indexOf(':') + 1);
const one = async (cypher: string) => String((await testGraph().read<{ id: string }>(cypher))[0]?.id ?? '');

beforeAll(async () => {
  // The scale loader wipes the graph: it goes first, then the demo plan next to it, then the API's writes.
  await resetGraph();
  await loadScaleGraph(testGraph(), { scale: 0.001, seed: 3, batch: 10_000, lsh: true, log: () => {} });
  await testGraph().write((tx) => writeDemoPlan(tx, plan));
  api = await startTestApi({ seed: false, adminKey: ADMIN });

  const call = (doc: string, input: unknown, key: string) => gql(api.url, doc, { input }, key);
  const builder: Member = await member(api.url, ADMIN, 'parity-builder', ['CONTRIBUTOR']);
  const validator: Member = await member(api.url, ADMIN, 'parity-validator', ['CONTRIBUTOR', 'VALIDATOR']);
  const datanet = expectOk(await call(M.createDatanet, { name: 'Parity', description: 'Both paths.', domain: 'tests', admission: 'REVIEWED' }, ADMIN)).createDatanet.datanet.id;
  const text = passage('seed-parity', 60);
  const record = expectOk(await call(M.submitRecords, { datanetId: datanet, records: [{ text, license: 'CC0-1.0' }] }, builder.key)).submitRecords.records[0];
  expectOk(await call(M.reviewRecords, { recordIds: [record.id], verdict: 'ACCEPT' }, validator.key));
  const base = expectOk(await call(M.registerBaseModel, { name: 'Parity Base', family: 'decoder-only transformer' }, ADMIN)).registerBaseModel.baseModel.id;
  const root = expectOk(await call(M.registerAdapter, { name: 'Root', baseModelId: base, trainedOn: [datanet] }, builder.key)).registerAdapter.adapter.id;
  const derived = expectOk(await call(M.registerAdapter, { name: 'Derived', baseModelId: base, trainedOn: [datanet], derivedFromId: root }, builder.key)).registerAdapter.adapter.id;
  const v1 = expectOk(await call(M.registerModel, { name: 'Parity', version: '1.0', baseModelId: base, adapters: [{ adapterId: root, weight: 1 }] }, builder.key)).registerModel.model.id;
  const v2 = expectOk(await call(M.registerModel, { name: 'Parity', version: '2.0', baseModelId: base, previousVersionId: v1, adapters: [{ adapterId: derived, weight: 0.5 }, { adapterId: root, weight: 0.5 }] }, builder.key)).registerModel.model.id;
  const output = expectOk(await call(M.recordOutput, { modelId: v2, text: `As the notes say: ${text}`, prompt: 'What do the notes say?' }, builder.key)).recordOutput.output;
  expect(output.attribution.coverage).toBeGreaterThan(0);
  Object.assign(production, {
    Contributor: builder.localId, Datanet: local(datanet), Record: local(record.id), ContentCluster: local(record.cluster.id), BaseModel: local(base),
    'Adapter/root': local(root), 'Adapter/derived': local(derived), 'Model/first': local(v1), 'Model/next': local(v2), Output: local(output.id),
  });

  const reviewedRecord = plan.records.find((r) => r.reviewerId)!;
  Object.assign(demo, {
    Contributor: plan.contributors[0]!.id, Datanet: plan.datanets[0]!.id, Record: reviewedRecord.id, ContentCluster: reviewedRecord.clusterId,
    BaseModel: plan.baseModel.id, 'Adapter/root': plan.adapters.find((a) => !a.derivedFromId)!.id, 'Adapter/derived': plan.adapters.find((a) => a.derivedFromId)!.id,
    'Model/first': plan.models.find((m) => !m.previousVersionId)!.id, 'Model/next': plan.models.find((m) => m.previousVersionId)!.id,
    Output: plan.outputs.find((o) => o.attribution.datanets.length > 0)!.id,
  });

  const scaleRecord = await one("MATCH (:Contributor)-[:REVIEWED {verdict: 'ACCEPT'}]->(r:Record) WHERE r.id STARTS WITH 'rec_sc' RETURN r.id AS id ORDER BY id LIMIT 1");
  Object.assign(scale, {
    Contributor: await one("MATCH (c:Contributor) WHERE c.id STARTS WITH 'ctb_sc' RETURN c.id AS id ORDER BY id LIMIT 1"),
    Datanet: await one("MATCH (d:Datanet) WHERE d.id STARTS WITH 'dn_sc' RETURN d.id AS id ORDER BY id LIMIT 1"),
    Record: scaleRecord,
    ContentCluster: await one(`MATCH (r:Record {id: '${scaleRecord}'}) RETURN r.clusterId AS id`),
    BaseModel: await one("MATCH (b:BaseModel) WHERE b.id STARTS WITH 'bm_sc' RETURN b.id AS id ORDER BY id LIMIT 1"),
    'Adapter/root': await one("MATCH (a:Adapter) WHERE a.id STARTS WITH 'ad_sc' AND a.derivedFromId IS NULL RETURN a.id AS id ORDER BY id LIMIT 1"),
    'Adapter/derived': await one("MATCH (a:Adapter) WHERE a.id STARTS WITH 'ad_sc' AND a.derivedFromId IS NOT NULL RETURN a.id AS id ORDER BY id LIMIT 1"),
    'Model/first': await one("MATCH (m:Model) WHERE m.id STARTS WITH 'mdl_sc' AND m.previousVersionId IS NULL RETURN m.id AS id ORDER BY id LIMIT 1"),
    'Model/next': await one("MATCH (m:Model) WHERE m.id STARTS WITH 'mdl_sc' AND m.previousVersionId IS NOT NULL RETURN m.id AS id ORDER BY id LIMIT 1"),
    // An output crediting all four kinds, so every INFLUENCED_BY edge is compared.
    Output: await one(`MATCH (o:Output) WHERE o.id STARTS WITH 'out_sc'
      AND EXISTS { (o)-[:INFLUENCED_BY]->(:Record) } AND EXISTS { (o)-[:INFLUENCED_BY]->(:Datanet) } RETURN o.id AS id ORDER BY id LIMIT 1`),
  });
}, 240_000);

afterAll(async () => {
  await api?.stop();
});

/** The compared kinds, each in the situations whose properties differ (a root adapter has no derivedFromId). */
const KINDS = ['Contributor', 'Datanet', 'Record', 'ContentCluster', 'BaseModel', 'Adapter/root', 'Adapter/derived', 'Model/first', 'Model/next', 'Output'];

/**
 * What the scale graph leaves out on purpose (seed/scale/plan.ts): its outputs are not appended to the transparency
 * log, so they have no logIndex. Nothing else may differ.
 */
const SCALE_OMITS: Record<string, string[]> = { Output: ['logIndex'] };

describe('seed parity: the seeds write what the API writes', () => {
  it.each(KINDS)('%s: the demo seed', async (kind) => {
    const label = kind.split('/')[0]!;
    const written = await shape(label, production[kind]!);
    expect(Object.keys(written.properties).length).toBeGreaterThan(1);
    expect(await shape(label, demo[kind]!)).toEqual(written);
  });

  it.each(KINDS)('%s: the scale seed', async (kind) => {
    const label = kind.split('/')[0]!;
    expect(scale[kind], `the smallest scale graph has a ${kind}`).not.toBe('');
    const written = await shape(label, production[kind]!);
    for (const key of SCALE_OMITS[label] ?? []) delete written.properties[key];
    expect(await shape(label, scale[kind]!)).toEqual(written);
  });

  it('compares every writer edge somewhere (a kind whose edges are all missing would compare equal)', async () => {
    for (const kind of KINDS) {
      const label = kind.split('/')[0]!;
      const { edges } = await shape(label, production[kind]!);
      const expected = WRITER_EDGES[label]!.filter((e) => !(kind === 'Adapter/root' && e.includes('DERIVED_FROM')) && !(kind === 'Model/first' && e.includes('PREVIOUS_VERSION')));
      expect(Object.keys(edges).sort(), kind).toEqual([...expected].sort());
    }
  });
});
