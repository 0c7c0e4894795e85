import { describe, expect, it } from 'vitest';
import { acceptedRecordIds, acceptedRecordsSince, acceptedRecordsUntil, modelTraining, modelTrainingCypher, modelTrainingTx } from '../../../api/store/corpus.js';
import { recording } from './recording.js';

const row = { recordId: 'rec_1', clusterId: 'cl_1', datanetId: 'dn_1', contributorId: 'ctb_1', acceptedAtMs: 5, text: 'A record.' };

describe('store/corpus statements', () => {
  it('acceptedRecordsSince: a range seek on acceptedAt, in acceptance order, one page', async () => {
    const { graph, sent } = recording([[row]]);
    expect(await acceptedRecordsSince(graph, 1_700_000_000_000, 5000)).toEqual([row]);
    expect(sent).toMatchSnapshot();
  });

  it('acceptedRecordsUntil: the corpus as it was at a time', async () => {
    const { graph, sent } = recording([[row]]);
    expect(await acceptedRecordsUntil(graph, 1_700_000_000_000)).toEqual([row]);
    expect(sent).toMatchSnapshot();
  });

  it('acceptedRecordIds', async () => {
    const { graph, sent } = recording([[{ ids: ['rec_1', 'rec_2'] }]]);
    expect(await acceptedRecordIds(graph)).toEqual(['rec_1', 'rec_2']);
    expect(sent).toMatchSnapshot();
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
