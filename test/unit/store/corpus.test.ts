import { describe, expect, it } from 'vitest';
import { acceptedRecordIds, acceptedRecordsSince, modelTraining, modelTrainingCypher, modelTrainingTx } from '../../../api/store/corpus.js';
import { recording } from './recording.js';

const row = { recordId: 'rec_1', clusterId: 'cl_1', datanetId: 'dn_1', contributorId: 'ctb_1', acceptedAtMs: 5, text: 'A record.' };

describe('store/corpus statements', () => {
  it('acceptedRecordsSince: a range seek on acceptedAt, in acceptance order, one page', async () => {
    const { graph, sent } = recording([[row]]);
    expect(await acceptedRecordsSince(graph, 1_700_000_000_000, 5000)).toEqual([row]);
    expect(sent).toMatchSnapshot();
  });

  it('acceptedRecordIds: keyset pages over the id index until a short page', async () => {
    const { graph, sent } = recording([[{ id: 'rec_1' }, { id: 'rec_2' }], [{ id: 'rec_3' }]]);
    expect(await acceptedRecordIds(graph, 2)).toEqual(['rec_1', 'rec_2', 'rec_3']);
    expect(sent.map((s) => s.params.after)).toEqual(['', 'rec_2']);
    expect(sent).toMatchSnapshot();
  });

  it('acceptedRecordIds: an exactly full last page is followed by one empty read', async () => {
    const { graph, sent } = recording([[{ id: 'rec_1' }, { id: 'rec_2' }], []]);
    expect(await acceptedRecordIds(graph, 2)).toEqual(['rec_1', 'rec_2']);
    expect(sent).toHaveLength(2);
  });

  it('modelTraining: one row per adapter snapshot; null when the model does not exist', async () => {
    const { graph, sent } = recording([[{ adapterId: 'ad_1', datanetId: 'dn_1', snapshotAtMs: 9 }, { adapterId: null, datanetId: null, snapshotAtMs: null }]]);
    expect(await modelTraining(graph, 'mdl_1')).toEqual([{ adapterId: 'ad_1', datanetId: 'dn_1', snapshotAtMs: 9 }]);
    expect(sent).toMatchSnapshot();
    expect(await modelTraining(recording([[]]).graph, 'mdl_none')).toBeNull();
  });

  it('modelTrainingTx: the same statement in the caller\'s transaction (recordOutput\'s shared read)', async () => {
    const { tx, sent } = recording([[{ adapterId: 'ad_1', datanetId: 'dn_1', snapshotAtMs: 9 }], []]);
    expect(await modelTrainingTx(tx, 'mdl_1')).toEqual([{ adapterId: 'ad_1', datanetId: 'dn_1', snapshotAtMs: 9 }]);
    expect(await modelTrainingTx(tx, 'mdl_none')).toBeNull();
    expect(sent.map((s) => s.cypher)).toEqual([modelTrainingCypher, modelTrainingCypher]);
    expect(sent).toMatchSnapshot();
  });
});
