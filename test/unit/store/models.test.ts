import { describe, expect, it } from 'vitest';
import { adapterReferences, createAdapter, createBaseModel, createModel, modelReferences } from '../../../api/store/models.js';
import { int } from '../../../api/store/values.js';
import { recording } from './recording.js';

const builder = { contributorId: 'ctb_b', envAdmin: false };

describe('models store', () => {
  it('creates a base model behind the admin guard', async () => {
    const { tx, sent } = recording([[{ id: 'bm_1' }]]);
    expect(await createBaseModel(tx, { actor: builder, roles: ['ADMIN'] }, { id: 'bm_1', name: 'Llama', family: 'llama' })).toBe(true);
    expect(sent).toMatchSnapshot();
  });

  it('reads what an adapter registration refers to', async () => {
    const { tx, sent } = recording([[{ baseExists: true, parentExists: false, parentBase: null, missing: [int(1)] }]]);
    const refs = await adapterReferences(tx, { baseModelId: 'bm_1', derivedFromId: null, trainedOn: ['dn_1', 'dn_2'] });
    expect(refs).toEqual({ baseExists: true, parentExists: false, parentBase: null, missingDatanets: [1] });
    expect(sent).toMatchSnapshot();
  });

  it('creates an adapter with its training snapshots, returning how many datanets it was trained on', async () => {
    const { tx, sent } = recording([[{ trained: int(2) }], []]);
    const adapter = { id: 'ad_1', name: 'tides-lora', baseModelId: 'bm_1', derivedFromId: 'ad_0', trainedOn: ['dn_1', 'dn_2'] };
    expect(await createAdapter(tx, { actor: builder, roles: ['CONTRIBUTOR', 'ADMIN'] }, adapter)).toBe(2);
    expect(await createAdapter(tx, { actor: builder, roles: ['CONTRIBUTOR', 'ADMIN'] }, adapter)).toBe(0);
    expect(sent[0]).toMatchSnapshot();
  });

  it('takes an earlier training snapshot when one is given (an OpenLineage run\'s eventTime), never a later one', async () => {
    const { tx, sent } = recording([[{ trained: int(1) }]]);
    const adapter = { id: 'ad_2', name: 'ol-lora', baseModelId: 'bm_1', derivedFromId: null, trainedOn: ['dn_1'], snapshotAt: '2026-01-01T00:00:00.000Z' };
    expect(await createAdapter(tx, { actor: builder, roles: ['CONTRIBUTOR', 'ADMIN'] }, adapter)).toBe(1);
    expect(sent[0]!.cypher).toContain('CASE WHEN $snapshotAt IS NOT NULL AND datetime($snapshotAt) < a.createdAt THEN datetime($snapshotAt) ELSE a.createdAt END AS snapshotAt');
    expect(sent[0]!.params).toMatchObject({ snapshotAt: '2026-01-01T00:00:00.000Z' });
  });

  it('reads what a model registration refers to, with the caller\'s roles', async () => {
    const { tx, sent } = recording([
      [{ baseExists: true, prevExists: true, prevOwner: 'ctb_other', roles: ['CONTRIBUTOR'] }],
      [{ i: int(0), base: 'bm_1' }, { i: int(1), base: null }],
    ]);
    const refs = await modelReferences(tx, builder, {
      baseModelId: 'bm_1',
      previousVersionId: 'mdl_0',
      adapters: [{ adapterId: 'ad_1', weight: 0.7 }, { adapterId: 'ad_x', weight: 0.3 }],
    });
    expect(refs).toEqual({ baseExists: true, previousExists: true, previousOwner: 'ctb_other', callerRoles: ['CONTRIBUTOR'], adapterBases: ['bm_1', null] });
    expect(sent).toMatchSnapshot();
  });

  it('creates a model behind the role, base, adapter and previous-owner rules, returning how many adapters it uses', async () => {
    const { tx, sent } = recording([[{ used: int(1) }]]);
    const model = { id: 'mdl_1', name: 'tides', version: '2', baseModelId: 'bm_1', adapters: [{ adapterId: 'ad_1', weight: 1 }], previousVersionId: 'mdl_0' };
    expect(await createModel(tx, { actor: builder, roles: ['CONTRIBUTOR', 'ADMIN'] }, ['ADMIN'], model)).toBe(1);
    expect(sent).toMatchSnapshot();
  });
});
