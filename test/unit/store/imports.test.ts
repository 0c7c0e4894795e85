import { describe, expect, it } from 'vitest';
import { importCoalitionScores } from '../../../api/store/coalitions.js';
import { importContributors } from '../../../api/store/contributors.js';
import { importDatanets } from '../../../api/store/datanets.js';
import { graphHasNodes, graphIsEmpty, graphScaleInfo, writeScaleInfo } from '../../../api/store/graph-admin.js';
import { importAdapters, importBaseModels, importModels, parentsFirst } from '../../../api/store/models.js';
import { importInfluences, importOutputs } from '../../../api/store/outputs.js';
import { importClusters, importRecords, importReviews } from '../../../api/store/records.js';
import { mergeDefaultRewardPolicy } from '../../../api/store/rewards.js';
import { int } from '../../../api/store/values.js';
import { recording } from './recording.js';

// The seeds' bulk writers (seed/demo-graph.ts, seed/scale/load.ts): statement + parameters, no database.
const at = '2026-01-05T09:00:00.000Z';

describe('import writers', () => {
  it('imports contributors, datanets and base models, and sends nothing for no rows', async () => {
    const { tx, sent } = recording();
    await importContributors(tx, [{ id: 'ctb_1', handle: 'ada', roles: ['CONTRIBUTOR'], apiKeyHash: 'ab'.repeat(32), createdAt: at }]);
    await importDatanets(tx, [{ id: 'dn_1', name: 'Tides', description: 'Tide tables.', domain: null, admission: 'OPEN', createdAt: at }]);
    await importBaseModels(tx, [{ id: 'bm_1', name: 'Base', family: 'decoder-only transformer', createdAt: at }]);
    await importContributors(tx, []);
    await importDatanets(tx, []);
    await importBaseModels(tx, []);
    expect(sent).toMatchSnapshot();
  });

  it('imports clusters with their band keys (or none), records and reviews', async () => {
    const { tx, sent } = recording();
    await importClusters(tx, [
      { id: 'cl_1', contentHash: 'h1', shingles: [1, 2], bandHashes: [1, 0xffffffff], ownerRecordId: 'rec_1' },
      { id: 'cl_2', contentHash: 'h2', shingles: [3], bandHashes: null, ownerRecordId: null },
    ], 'shingle5-v1');
    await importRecords(tx, [{
      id: 'rec_1', contentHash: 'h1', text: 'The tide turns twice a day.', license: 'CC0-1.0', status: 'ACCEPTED', submittedAt: at, acceptedAt: at,
      datanetId: 'dn_1', contributorId: 'ctb_1', clusterId: 'cl_1',
    }]);
    await importReviews(tx, [{ id: 'rec_1', reviewerId: 'ctb_2', verdict: 'ACCEPT', at, reason: null }]);
    await importClusters(tx, [], 'shingle5-v1');
    await importRecords(tx, []);
    await importReviews(tx, []);
    expect(sent).toMatchSnapshot();
  });

  it('imports adapters and models parents first, and refuses a batch that wrote less than planned', async () => {
    const { tx, sent } = recording([[{ created: int(1) }], [{ created: int(1) }], [{ created: int(1) }], [{ created: int(1) }], [{ created: int(0) }]]);
    const adapter = { id: 'ad_1', name: 'Root', baseModelId: 'bm_1', builderId: 'ctb_1', derivedFromId: null, createdAt: at, trainedOn: [{ datanetId: 'dn_1', snapshotSize: 3, snapshotAt: at }] };
    await importAdapters(tx, [{ ...adapter, id: 'ad_2', name: 'Child', derivedFromId: 'ad_1' }, adapter]);
    const model = { id: 'mdl_1', name: 'Helper', version: '1.0', baseModelId: 'bm_1', ownerId: 'ctb_1', previousVersionId: null, createdAt: at, adapters: [{ adapterId: 'ad_1', weight: 1 }] };
    await importModels(tx, [{ ...model, id: 'mdl_2', version: '2.0', previousVersionId: 'mdl_1' }, model]);
    await expect(importModels(tx, [{ ...model, id: 'mdl_3', ownerId: 'ctb_gone' }])).rejects.toThrow(/wrote 0 of 1 models/);
    expect(sent.map((s) => (s.params.rows as Array<{ id: string }>).map((r) => r.id))).toEqual([['ad_1'], ['ad_2'], ['mdl_1'], ['mdl_2'], ['mdl_3']]);
    expect(sent.slice(0, 1)).toMatchSnapshot();
    expect(sent.slice(2, 3)).toMatchSnapshot();
  });

  it('orders rows parents first, parents stored earlier count as present, and a cycle is refused', () => {
    const rows = [{ id: 'c', p: 'b' }, { id: 'b', p: 'a' }, { id: 'a', p: 'stored' }, { id: 'd', p: null }];
    expect(parentsFirst(rows, (r) => r.p).map((w) => w.map((r) => r.id))).toEqual([['a', 'd'], ['b'], ['c']]);
    expect(() => parentsFirst([{ id: 'x', p: 'y' }, { id: 'y', p: 'x' }], (r) => r.p)).toThrow(/cycle/);
  });

  it('imports outputs with their attribution, and their influences per label (all linked, or it throws)', async () => {
    const { tx, sent } = recording([[], [{ linked: int(1) }], [{ linked: int(0) }]]);
    await importOutputs(tx, [{
      id: 'out_1', modelId: 'mdl_1', contentHash: 'h9', wordsHash: 'w9', wordsHashVersion: '1.1', text: 'The tide turns.', prompt: null, fee: null, createdAt: at,
      method: 'span-trace+owen-coverage', methodVersion: '3', coverage: 0.5, coverageByKind: '[{"kind":"EXACT","coverage":0.5}]', spans: '[]', corpusRecords: 12, corpusAsOf: Date.parse(at),
    }]);
    await importInfluences(tx, { Datanet: [{ outputId: 'out_1', id: 'dn_1', share: 1 }], Adapter: [], Contributor: [], Record: [] });
    await expect(importInfluences(tx, { Datanet: [], Adapter: [], Contributor: [], Record: [{ outputId: 'out_1', id: 'rec_gone', share: 1 }] })).rejects.toThrow(/linked 0 of 1 Record/);
    await importOutputs(tx, []);
    expect(sent).toMatchSnapshot();
  });

  it('imports a coalition score table at its submission time, and the default reward policy', async () => {
    const { tx, sent } = recording();
    await importCoalitionScores(tx, { modelId: 'mdl_1', players: ['dn_a', 'dn_b'], scores: [{ datanetIds: ['dn_b', 'dn_a'], score: 0.6 }], submittedBy: 'ctb_1', submittedAt: at });
    await mergeDefaultRewardPolicy(tx);
    expect(sent).toMatchSnapshot();
  });
});

describe('graph admin', () => {
  it('asks whether the graph is empty or holds nodes, writes and reads the scale info', async () => {
    const { tx, graph, sent } = recording([[{ n: int(0) }], [{ any: true }], [], [{ s: { properties: { scale: int(1), generator: 'scale-v2' } } }]]);
    expect(await graphIsEmpty(graph)).toBe(true);
    expect(await graphHasNodes(graph)).toBe(true);
    await writeScaleInfo(tx, { scale: 1, seed: 2 });
    expect(await graphScaleInfo(graph)).toEqual({ scale: 1, generator: 'scale-v2' });
    expect(sent).toMatchSnapshot();
  });
});

describe('production and import writers share each node\'s property map', () => {
  // The keys a CREATE of the label writes, from the statement text.
  const keysCreated = (cypher: string, label: string) => {
    const map = new RegExp(`CREATE \\(\\w+:${label} \\{([^}]*)\\}`).exec(cypher)?.[1];
    expect(map, `${label} in ${cypher}`).toBeDefined();
    return map!.split(/,\s*/).map((kv) => kv.split(':')[0]!.trim()).sort();
  };

  it('writes the same keys per label', async () => {
    const store = {
      contributors: await import('../../../api/store/contributors.js'),
      datanets: await import('../../../api/store/datanets.js'),
      models: await import('../../../api/store/models.js'),
      records: await import('../../../api/store/records.js'),
      outputs: await import('../../../api/store/outputs.js'),
    };
    const guard = { actor: { contributorId: 'ctb_a', envAdmin: false }, roles: ['ADMIN'] as const };
    const { tx, sent } = recording([[{ id: 'x' }], [{ id: 'x' }], [{ id: 'x' }], [{ trained: int(1) }], [{ used: int(1) }], [{ created: int(0) }], [{ id: 'o' }]]);
    await store.contributors.createContributor(tx, guard, { id: 'c', handle: 'h', roles: ['CONTRIBUTOR'], apiKeyHash: 'k' });
    await store.datanets.createDatanet(tx, guard, { id: 'd', name: 'n', description: '', domain: null, admission: 'OPEN' });
    await store.models.createBaseModel(tx, guard, { id: 'b', name: 'n', family: 'f' });
    await store.models.createAdapter(tx, guard, { id: 'a', name: 'n', baseModelId: 'b', derivedFromId: null, trainedOn: ['d'] });
    await store.models.createModel(tx, guard, [], { id: 'm', name: 'n', version: '1', baseModelId: 'b', adapters: [], previousVersionId: null });
    await store.records.createRecordsAndClusters(tx, guard, {
      datanetId: 'd',
      status: 'ACCEPTED',
      records: [],
      clusters: [{ id: 'cl', contentHash: 'h', shingles: [], bandHashes: [1], ownerRecordId: null }],
      fingerprintVersion: 'v',
      firstSeq: 0,
    });
    await store.outputs.createOutputs(tx, { outputs: [{ id: 'o', modelId: 'm', contentHash: 'h', wordsHash: 'w', wordsHashVersion: '1.1', text: 't', prompt: null, fee: null, actor: { actorId: 'ctb_a', envAdmin: false } }], adminRoles: [] });
    const production = (label: string) => keysCreated(sent.find((s) => s.cypher.includes(`:${label} {`))!.cypher, label);
    const pairs: Array<[string, string]> = [
      ['Contributor', store.contributors.importContributorsCypher],
      ['Datanet', store.datanets.importDatanetsCypher],
      ['BaseModel', store.models.importBaseModelsCypher],
      ['Adapter', store.models.importAdaptersCypher],
      ['Model', store.models.importModelsCypher],
      ['ContentCluster', store.records.importClustersCypher],
      ['Record', store.records.importRecordsCypher],
      ['Output', store.outputs.importOutputsCypher],
    ];
    for (const [label, imported] of pairs) expect(keysCreated(imported, label), label).toEqual(production(label));
    // The attribution's properties are SET by both from one fragment too.
    expect(store.outputs.importOutputsCypher).toContain(store.outputs.attributionAssignments('o', 'row'));
    expect(store.outputs.storeAttributionsCypher).toContain(store.outputs.attributionAssignments('o', 'row'));
  });
});
