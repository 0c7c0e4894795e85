import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, startTestApi, type TestApi } from './support/api.js';
import { expectOk, graphCounts, M, member, passage, type Member } from './support/contributions.js';

// OpenLineage ingest end to end: the spec's own example events (spec/OpenLineage.md and the website's "Example
// Lineage Events"), with their datasets renamed into the strata namespace, posted as the OpenLineage HTTP transport
// posts them; the COMPLETE event registers an adapter whose lineage is then queryable.
const ADMIN = 'test-admin-key-openlineage';
let api: TestApi;
let trainer: Member;
let other: Member;
let datanet: string;
let datanet2: string;
let base: string;
let snapshotTime: string;
const PRODUCER = 'https://github.com/OpenLineage/OpenLineage/blob/v1-0-0/client';
const AIRFLOW = 'https://github.com/OpenLineage/OpenLineage/tree/0.10.0/integration/airflow';
const runId = randomUUID();

async function post(body: unknown, key?: string, contentType = 'application/json') {
  const response = await fetch(`${api.baseUrl}/api/v1/lineage`, {
    method: 'POST',
    headers: { 'content-type': contentType, ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as any };
}

/** spec/OpenLineage.md's example RunEvent, its datasets in the strata namespace. */
const startEvent = () => ({
  eventType: 'START',
  eventTime: '2020-12-09T23:37:31.081Z',
  run: { runId },
  job: { namespace: 'my-scheduler-namespace', name: 'myjob.mytask' },
  inputs: [{ namespace: 'strata', name: datanet }],
  outputs: [{ namespace: 'strata', name: 'ol-tides-lora' }],
  producer: PRODUCER,
  schemaURL: 'https://openlineage.io/spec/1-0-0/OpenLineage.json#/definitions/RunEvent',
});

/** The website's "COMPLETE event with Facets (dataset)", plus the run and job facets of its START example. */
const completeEvent = () => ({
  eventType: 'COMPLETE',
  eventTime: snapshotTime,
  run: {
    runId,
    facets: {
      nominalTime: { _producer: AIRFLOW, _schemaURL: 'https://raw.githubusercontent.com/OpenLineage/OpenLineage/main/spec/OpenLineage.json#/definitions/NominalTimeRunFacet', nominalStartTime: '2022-07-29T14:14:31.458067Z' },
      hyperparameters: { _producer: PRODUCER, _schemaURL: 'https://example.org/facets/Hyperparameters.json', learningRate: 0.0002, epochs: 3, loraRank: 16 },
    },
  },
  job: {
    namespace: 'my-scheduler-namespace',
    name: 'myjob.mytask',
    facets: {
      documentation: { _producer: AIRFLOW, _schemaURL: 'https://raw.githubusercontent.com/OpenLineage/OpenLineage/main/spec/OpenLineage.json#/definitions/DocumentationJobFacet', description: 'Fine-tune a LoRA adapter.' },
    },
  },
  inputs: [
    { namespace: 'strata', name: datanet },
    { namespace: 'strata', name: datanet2 },
    { namespace: 'postgres://workshop-db:None', name: 'workshop.public.taxes' },
  ],
  outputs: [{
    namespace: 'strata',
    name: 'ol-tides-lora',
    facets: {
      strataAdapter: { _producer: PRODUCER, _schemaURL: 'https://example.org/facets/StrataAdapterDatasetFacet.json', baseModelId: base },
      dataSource: { _producer: AIRFLOW, _schemaURL: 'https://raw.githubusercontent.com/OpenLineage/OpenLineage/main/spec/OpenLineage.json#/definitions/DataSourceDatasetFacet', name: 'strata', uri: 'strata' },
    },
  }],
  producer: PRODUCER,
  schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
});

const ADAPTER = `query($id: ID!) { adapter(id: $id) { id name builder { id } baseModel { id } trainingMetadata
  trainedOn { datanet { id } snapshotSize snapshotAt }
  trainingRun { runId jobNamespace jobName sender { id } adapter { id } events { eventType eventTime producer event } } } }`;

beforeAll(async () => {
  api = await startTestApi({ adminKey: ADMIN });
  trainer = await member(api.url, ADMIN, 'ol-trainer', ['CONTRIBUTOR']);
  other = await member(api.url, ADMIN, 'ol-other', ['CONTRIBUTOR']);
  datanet = expectOk(await gql(api.url, M.createDatanet, { input: { name: 'OL tides', admission: 'OPEN' } }, ADMIN)).createDatanet.datanet.id;
  datanet2 = expectOk(await gql(api.url, M.createDatanet, { input: { name: 'OL currents', admission: 'OPEN' } }, ADMIN)).createDatanet.datanet.id;
  base = expectOk(await gql(api.url, M.registerBaseModel, { input: { name: 'OL Base', family: 'decoder-only transformer' } }, ADMIN)).registerBaseModel.baseModel.id;
  // One record accepted before the run's COMPLETE eventTime, one after: the snapshot counts only the first.
  expectOk(await gql(api.url, M.submitRecords, { input: { datanetId: datanet, records: [{ text: passage('olbefore'), license: 'CC0-1.0' }] } }, trainer.key));
  await new Promise((resolve) => setTimeout(resolve, 20));
  snapshotTime = new Date().toISOString();
  await new Promise((resolve) => setTimeout(resolve, 20));
  expectOk(await gql(api.url, M.submitRecords, { input: { datanetId: datanet, records: [{ text: passage('olafter'), license: 'CC0-1.0' }] } }, trainer.key));
});
afterAll(async () => {
  await api.stop();
});

describe('POST /api/v1/lineage', () => {
  let adapterId: string;

  it('keeps a START event as the run history, once', async () => {
    const first = await post(startEvent(), trainer.key);
    expect(first).toEqual({ status: 201, body: { runId, eventType: 'START', duplicate: false, adapter: null } });
    const before = await graphCounts();
    expect(await post(startEvent(), trainer.key)).toEqual({ status: 200, body: { runId, eventType: 'START', duplicate: true, adapter: null } });
    expect(await graphCounts()).toEqual(before);
  });

  it('registers the adapter of a COMPLETE event: snapshot at eventTime, builder = the key, facets kept', async () => {
    const res = await post(completeEvent(), trainer.key);
    expect(res.status).toBe(201);
    adapterId = res.body.adapter.id;
    expect(adapterId).toMatch(/^Adapter:/);
    const a = expectOk(await gql(api.url, ADAPTER, { id: adapterId })).adapter;
    expect(a.name).toBe('ol-tides-lora');
    expect(a.builder).toEqual({ id: trainer.id });
    expect(a.baseModel).toEqual({ id: base });
    const trained = Object.fromEntries(a.trainedOn.map((t: any) => [t.datanet.id, t]));
    expect(Object.keys(trained).sort()).toEqual([datanet, datanet2].sort());
    expect(trained[datanet].snapshotAt).toBe(snapshotTime);
    expect(trained[datanet].snapshotSize).toBe(1);
    expect(trained[datanet2].snapshotSize).toBe(0);
    expect(a.trainingMetadata.runFacets.hyperparameters).toMatchObject({ learningRate: 0.0002, epochs: 3, loraRank: 16 });
    expect(a.trainingMetadata.jobFacets.documentation.description).toBe('Fine-tune a LoRA adapter.');
    expect(Object.keys(a.trainingMetadata.outputFacets)).toEqual(['dataSource']);
    expect(a.trainingRun).toMatchObject({ runId, jobNamespace: 'my-scheduler-namespace', jobName: 'myjob.mytask', sender: { id: trainer.id }, adapter: { id: adapterId } });
    expect(a.trainingRun.events.map((e: any) => e.eventType)).toEqual(['START', 'COMPLETE']);
    expect(a.trainingRun.events[1].event.inputs[2].namespace).toBe('postgres://workshop-db:None');
  });

  it("the registered adapter's lineage is queryable: its datanets, base model and builder", async () => {
    const data = expectOk(await gql(api.url, `query($of: ID!) { lineage(of: $of, maxDepth: 1) { edges { node { id } reachedBy } } }`, { of: adapterId }));
    const reached = Object.fromEntries(data.lineage.edges.map((e: any) => [e.node.id, e.reachedBy]));
    expect(reached).toEqual({ [datanet]: ['TRAINED_ON'], [datanet2]: ['TRAINED_ON'], [base]: ['ADAPTS'], [trainer.id]: ['BUILT'] });
    const prov = await fetch(`${api.baseUrl}/prov/${adapterId}`, { headers: { accept: 'application/ld+json' } });
    expect(prov.status).toBe(200);
  });

  it('is idempotent by runId + eventType: a repeat replays, a different COMPLETE is a conflict', async () => {
    const before = await graphCounts();
    const again = await post(completeEvent(), trainer.key);
    expect(again).toEqual({ status: 200, body: { runId, eventType: 'COMPLETE', duplicate: true, adapter: { id: adapterId } } });
    const changed = { ...completeEvent(), eventTime: '2021-01-01T00:00:00Z' };
    const conflicting = await post(changed, trainer.key);
    expect(conflicting.status).toBe(409);
    expect(conflicting.body.error.code).toBe('CONFLICT');
    expect(await graphCounts()).toEqual(before);
  });

  it('keeps a FAIL event as history and registers nothing', async () => {
    const failed = randomUUID();
    const before = await graphCounts();
    const res = await post({ ...completeEvent(), eventType: 'FAIL', run: { runId: failed } }, trainer.key);
    expect(res).toEqual({ status: 201, body: { runId: failed, eventType: 'FAIL', duplicate: false, adapter: null } });
    const after = await graphCounts();
    expect(after[':Adapter']).toBe(before[':Adapter']);
    expect(after[':LineageEvent']).toBe((before[':LineageEvent'] ?? 0) + 1);
    const run = expectOk(await gql(api.url, `query($r: String!) { lineageRun(runId: $r) { events { eventType } adapter { id } } }`, { r: failed })).lineageRun;
    expect(run).toEqual({ events: [{ eventType: 'FAIL' }], adapter: null });
  });

  it("registers the README's example against the demo graph", async () => {
    const readme = (await import('node:fs')).readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const body = /-d '(\{\n  "eventType": "COMPLETE"[\s\S]*?)'\n/.exec(readme)![1]!;
    const res = await post(body, trainer.key);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.adapter.id).toMatch(/^Adapter:/);
  });

  it('refuses a malformed event with 400 and the JSON path of the problem, writing nothing', async () => {
    const before = await graphCounts();
    const cases: Array<[string, (e: any) => unknown]> = [
      ['$.run.runId', (e) => ({ ...e, run: {} })],
      ['$.run.runId', (e) => ({ ...e, run: { runId: 'not-a-uuid' } })],
      ['$.eventType', (e) => ({ ...e, eventType: 'FINISHED' })],
      ['$.eventTime', (e) => ({ ...e, eventTime: 'yesterday' })],
      ['$.schemaURL', ({ schemaURL: _s, ...e }) => e],
      ['$.job.name', (e) => ({ ...e, job: { namespace: 'x' } })],
      ['$.inputs[1].namespace', (e) => ({ ...e, inputs: [e.inputs[0], { name: 'x' }] })],
      ['$.outputs[0].facets.strataAdapter._producer', (e) => ({ ...e, outputs: [{ ...e.outputs[0], facets: { strataAdapter: { _schemaURL: 'https://x', baseModelId: base } } }] })],
      ['$.outputs[0].facets.strataAdapter.baseModelId', (e) => ({ ...e, outputs: [{ ...e.outputs[0], facets: { strataAdapter: { ...e.outputs[0].facets.strataAdapter, baseModelId: datanet } } }] })],
      ['$.outputs[0].facets.strataAdapter.baseModelId', (e) => ({ ...e, outputs: [{ ...e.outputs[0], facets: { strataAdapter: { ...e.outputs[0].facets.strataAdapter, baseModelId: 'BaseModel:bm_nobody' } } }] })],
      ['$.outputs[0].namespace', (e) => ({ ...e, outputs: [{ ...e.outputs[0], namespace: 's3://bucket' }] })],
      ['$.inputs[0].name', (e) => ({ ...e, inputs: [{ namespace: 'strata', name: 'tides' }] })],
      ['$.inputs[1].name', (e) => ({ ...e, inputs: [{ namespace: 'strata', name: datanet }, { namespace: 'strata', name: 'Datanet:dn_nobody' }] })],
      ['$.inputs', (e) => ({ ...e, inputs: [] })],
    ];
    for (const [path, change] of cases) {
      const res = await post(change({ ...completeEvent(), run: { runId: randomUUID() } }), trainer.key);
      expect(res.status, path).toBe(400);
      expect(res.body.error, path).toMatchObject({ code: 'BAD_USER_INPUT', field: path });
    }
    const notJson = await post('{"eventType": ', trainer.key);
    expect(notJson.status).toBe(400);
    expect(await graphCounts()).toEqual(before);
  });

  it('needs a key (401), and a run belongs to the key that started it (403)', async () => {
    const anonymous = await post(startEvent());
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('UNAUTHENTICATED');
    const bad = await post(startEvent(), 'not-a-key');
    expect(bad.status).toBe(401);
    const stranger = await post({ ...startEvent(), eventType: 'OTHER' }, other.key);
    expect(stranger.status).toBe(403);
    expect(stranger.body.error.code).toBe('FORBIDDEN');
  });
});
