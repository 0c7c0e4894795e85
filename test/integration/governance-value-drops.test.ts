import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, startTestApi, type TestApi } from './support/api.js';
import { expectOk, M, member, passage, type Member } from './support/contributions.js';
import { resetGraph } from './support/graph.js';

// governanceMetrics.valueDrops over GraphQL against the real Neo4j (docs/architecture.md#governance): a contributor
// whose mean share falls in a model's next version is listed, with the numbers Contributor.valueHistory gives; one
// whose share rises in that version is not.
const ADMIN = 'test-admin-key-value-drops';
let api: TestApi;
let dropper: Member;
let riser: Member;
let owner: Member;
let v1: string;
let v2: string;
const dropperText = passage('valuedropper', 40);
const riserText = passage('valueriser', 40);
const quote = (text: string) => text.split(' ').slice(0, 20).join(' ');

const METRICS = `{ governanceMetrics { valueDropsTruncated valueDrops {
  contributor { id } model { id } previousVersion { id } at meanShareBefore meanShareAfter drop } } }`;
const HISTORY = `query($id: ID!) { contributor(id: $id) { valueHistory { model { id createdAt } meanShare dropFromPrevious flagged } } }`;

interface Drop {
  contributor: { id: string };
  model: { id: string };
  previousVersion: { id: string } | null;
  at: string;
  meanShareBefore: number | null;
  meanShareAfter: number | null;
  drop: number | null;
}
interface HistoryRow {
  model: { id: string; createdAt: string };
  meanShare: number | null;
  dropFromPrevious: number | null;
  flagged: boolean;
}

const metrics = async () => expectOk<{ governanceMetrics: { valueDropsTruncated: boolean; valueDrops: Drop[] } }>(await gql(api.url, METRICS)).governanceMetrics;
const history = async (id: string) => expectOk<{ contributor: { valueHistory: HistoryRow[] } }>(await gql(api.url, HISTORY, { id })).contributor.valueHistory;

beforeAll(async () => {
  await resetGraph();
  api = await startTestApi({ adminKey: ADMIN, seed: false });
  [dropper, riser, owner] = (await Promise.all(['drop-writer', 'rise-writer', 'drop-owner'].map((h) => member(api.url, ADMIN, h, ['CONTRIBUTOR'])))) as [Member, Member, Member];
  const dropperNet = expectOk(await gql(api.url, M.createDatanet, { input: { name: 'Drops', admission: 'OPEN' } }, dropper.key)).createDatanet.datanet.id;
  const riserNet = expectOk(await gql(api.url, M.createDatanet, { input: { name: 'Rises', admission: 'OPEN' } }, riser.key)).createDatanet.datanet.id;
  await gql(api.url, M.submitRecords, { input: { datanetId: dropperNet, records: [{ text: dropperText, license: 'CC0-1.0' }] } }, dropper.key);
  await gql(api.url, M.submitRecords, { input: { datanetId: riserNet, records: [{ text: riserText, license: 'CC0-1.0' }] } }, riser.key);
  const base = expectOk(await gql(api.url, M.registerBaseModel, { input: { name: 'Drop Base', family: 'f' } }, ADMIN)).registerBaseModel.baseModel.id;
  const adapter = expectOk(await gql(api.url, M.registerAdapter, { input: { name: 'Drop LoRA', baseModelId: base, trainedOn: [dropperNet, riserNet] } }, owner.key)).registerAdapter.adapter.id;
  v1 = expectOk(await gql(api.url, M.registerModel, { input: { name: 'Drop', version: '1', baseModelId: base, adapters: [{ adapterId: adapter, weight: 1 }] } }, owner.key)).registerModel.model.id;
  v2 = expectOk(await gql(api.url, M.registerModel, { input: { name: 'Drop', version: '2', baseModelId: base, adapters: [{ adapterId: adapter, weight: 1 }], previousVersionId: v1 } }, owner.key)).registerModel.model.id;
  // Version 1 quotes both contributors' records; version 2 only the riser's.
  expectOk(await gql(api.url, M.recordOutput, { input: { modelId: v1, text: `${quote(dropperText)}. ${quote(riserText)}.` } }, owner.key));
});
afterAll(async () => {
  await api?.stop();
});

describe('governanceMetrics: contributors with flagged value drops', () => {
  it('lists no one while no later version has outputs', async () => {
    const before = await history(dropper.id);
    expect(before.find((h) => h.model.id === v1)!.meanShare, 'version 1 credits the dropper').toBeGreaterThan(0);
    expect((await history(riser.id)).find((h) => h.model.id === v1)!.meanShare, 'version 1 credits the riser').toBeGreaterThan(0);
    expect(await metrics()).toEqual({ valueDropsTruncated: false, valueDrops: [] });
  });

  it('lists the contributor whose share dropped in version 2, with valueHistory\'s numbers; not the one whose share rose', async () => {
    expectOk(await gql(api.url, M.recordOutput, { input: { modelId: v2, text: `${quote(riserText)}. And more words of the model.` } }, owner.key));
    const dropperHistory = await history(dropper.id);
    const riserHistory = await history(riser.id);
    const flaggedDropper = dropperHistory.filter((h) => h.flagged);
    expect(flaggedDropper.map((h) => h.model.id)).toEqual([v2]);
    expect(riserHistory.filter((h) => h.flagged)).toEqual([]);

    const m = await metrics();
    expect(m.valueDropsTruncated).toBe(false);
    expect(m.valueDrops).toEqual([
      {
        contributor: { id: dropper.id },
        model: { id: v2 },
        previousVersion: { id: v1 },
        at: flaggedDropper[0]!.model.createdAt,
        meanShareBefore: dropperHistory.find((h) => h.model.id === v1)!.meanShare,
        meanShareAfter: flaggedDropper[0]!.meanShare,
        drop: flaggedDropper[0]!.dropFromPrevious,
      },
    ]);
    expect(m.valueDrops[0]!.drop!, 'over the default threshold').toBeGreaterThan(0.25);
    expect(m.valueDrops.map((d) => d.contributor.id)).not.toContain(riser.id);
  });
});
