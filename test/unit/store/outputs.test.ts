import neo4j from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import type { AttributionShape } from '../../../api/attribution/attribution-shape.js';
import { createOutputs, feeRecipients, feeRecipientsOf, setOutputLogIndex, setOutputLogIndexes, setWordsHashes, staleWordsHashes, storeAttribution, storeAttributions } from '../../../api/store/outputs.js';
import { recording } from './recording.js';

const attribution: AttributionShape = {
  method: 'span-trace+owen-coverage',
  methodVersion: '3',
  coverage: 0.5,
  datanets: [{ id: 'dn_1', share: 1 }],
  adapters: [{ id: 'ad_1', share: 1 }],
  contributors: [{ id: 'ctb_1', share: 0.75 }, { id: 'ctb_2', share: 0.25 }],
  records: [],
  spans: [{ start: 0, end: 5, text: 'Hello', recordIds: ['rec_1'] }],
};

const output = {
  id: 'out_1',
  modelId: 'mdl_1',
  contentHash: 'ab'.repeat(32),
  wordsHash: 'cd'.repeat(32),
  wordsHashVersion: '1.1',
  text: 'Hello world',
  prompt: null,
  fee: 1000n,
  actor: { actorId: 'ctb_owner', envAdmin: false },
};
const adminRoles = ['ADMIN'];

describe('store/outputs statements', () => {
  it('createOutputs: one guarded UNWIND CREATE for all the outputs, each row saying what happened to it', async () => {
    const { tx, sent } = recording([
      [
        { id: 'out_1', status: 'created' },
        { id: 'out_2', status: 'not-allowed' },
        { id: 'out_3', status: 'no-model' },
      ],
    ]);
    const outputs = [output, { ...output, id: 'out_2', fee: null, actor: { actorId: null, envAdmin: true } }, { ...output, id: 'out_3', modelId: 'mdl_gone' }];
    expect(await createOutputs(tx, { outputs, adminRoles })).toEqual(['created', 'not-allowed', 'no-model']);
    expect(sent).toHaveLength(1);
    expect(sent).toMatchSnapshot();
    const none = recording();
    expect(await createOutputs(none.tx, { outputs: [], adminRoles })).toEqual([]);
    expect(none.sent).toEqual([]);
  });

  it('storeAttribution: the properties, then one UNWIND per label with shares (none for an empty list)', async () => {
    const { tx, sent } = recording([[], [{ linked: 1 }], [{ linked: 1 }], [{ linked: 2 }]]);
    await storeAttribution(tx, { outputId: 'out_1', attribution, corpus: { records: 42, asOfMs: 1_700_000_000_000 } });
    expect(sent).toHaveLength(4); // the properties, then Datanet, Adapter, Contributor (no Record shares)
    expect(sent).toMatchSnapshot();
  });

  it('storeAttributions: the same statements for several outputs, their rows together', async () => {
    const { tx, sent } = recording([[], [{ linked: 2 }], [{ linked: 2 }], [{ linked: 4 }], [{ linked: 1 }]]);
    const other: AttributionShape = { ...attribution, method: 'span-trace', records: [{ id: 'rec_1', share: 1 }] };
    await storeAttributions(tx, [
      { outputId: 'out_1', attribution, corpus: { records: 42, asOfMs: 1_700_000_000_000 } },
      { outputId: 'out_2', attribution: other, corpus: { records: 43, asOfMs: 1_700_000_000_001 } },
    ]);
    expect(sent).toHaveLength(5); // the properties, then Datanet, Adapter, Contributor, Record: not 4 per output
    expect(sent).toMatchSnapshot();
    const none = recording();
    await storeAttributions(none.tx, []);
    expect(none.sent).toEqual([]);
  });

  it('storeAttribution refuses when a credited node is missing', async () => {
    const { tx } = recording([[], [{ linked: 0 }]]);
    await expect(storeAttribution(tx, { outputId: 'out_1', attribution, corpus: { records: 1, asOfMs: 0 } })).rejects.toThrow('linked 0 of 1 Datanet');
  });

  it('feeRecipients: owner, credited adapters with builders, validators of credited records', async () => {
    const { tx, sent } = recording([
      [{ i: 0, ownerId: null, adapters: [{ adapterId: 'ad_1', builderId: null }, { adapterId: null, builderId: null }], validators: ['ctb_v'] }],
    ]);
    expect(await feeRecipients(tx, { modelId: 'mdl_1', adapterIds: ['ad_1'], recordIds: ['rec_1'] })).toEqual({
      ownerId: null,
      builders: [{ adapterId: 'ad_1', builderId: null }],
      validatorIds: ['ctb_v'],
    });
    expect(sent).toMatchSnapshot();
    expect(await feeRecipients(recording([[]]).tx, { modelId: 'mdl_gone', adapterIds: [], recordIds: [] })).toBeNull();
  });

  it('feeRecipientsOf: one UNWIND for several outputs, rows matched back by position (null where the model is gone)', async () => {
    const { tx, sent } = recording([[{ i: 1, ownerId: 'ctb_o', adapters: [], validators: [] }]]);
    expect(
      await feeRecipientsOf(tx, [
        { modelId: 'mdl_gone', adapterIds: [], recordIds: [] },
        { modelId: 'mdl_1', adapterIds: ['ad_1'], recordIds: ['rec_1', 'rec_2'] },
      ]),
    ).toEqual([null, { ownerId: 'ctb_o', builders: [], validatorIds: [] }]);
    expect(sent).toMatchSnapshot();
  });

  it('setOutputLogIndex', async () => {
    const { tx, sent } = recording();
    await setOutputLogIndex(tx, 'out_1', 7);
    expect(sent).toMatchSnapshot();
  });
  it('setOutputLogIndexes: a group commit\'s outputs in one UNWIND statement, answering the nodes written; nothing sent for none', async () => {
    const node = (id: string, logIndex: number) => ({ labels: ['Output'], properties: { id, modelId: 'mdl_1', logIndex: neo4j.int(logIndex) } });
    const { tx, sent } = recording([[{ o: node('out_1', 7) }, { o: node('out_2', 8) }]]);
    const written = await setOutputLogIndexes(tx, [{ outputId: 'out_1', logIndex: 7 }, { outputId: 'out_2', logIndex: 8 }]);
    expect(written.get('out_2')).toEqual({ id: 'out_2', modelId: 'mdl_1', logIndex: 8, __typename: 'Output' });
    expect(await setOutputLogIndexes(tx, [])).toEqual(new Map());
    expect(sent).toHaveLength(1);
    expect(sent).toMatchSnapshot();
  });
  it('words hash backfill: a batch of stale outputs (missing or another version), then one UNWIND write by id', async () => {
    const { tx, sent } = recording([[{ id: 'out_1', text: 'Hello world' }], []]);
    expect(await staleWordsHashes(tx, '1.1', 500)).toEqual([{ id: 'out_1', text: 'Hello world' }]);
    await setWordsHashes(tx, '1.1', [{ id: 'out_1', wordsHash: 'cd'.repeat(32) }]);
    await setWordsHashes(tx, '1.1', []); // nothing to write: nothing sent
    expect(sent).toHaveLength(2);
    expect(sent).toMatchSnapshot();
  });
});
