import { describe, expect, it } from 'vitest';
import { ACCEPTANCE_START, candidateRecords, phraseHolders, phraseQuery, recordTokensAfter, writeRecordTokens } from '../../../api/store/trace-fulltext.js';
import { int } from '../../../api/store/values.js';
import { recording } from './recording.js';

describe('store/trace-fulltext statements', () => {
  it('writeRecordTokens: one UNWIND batch, accepted records only', async () => {
    const { tx, sent } = recording();
    await writeRecordTokens(tx, [{ id: 'rec_1', canonicalTokens: 'the whole record' }]);
    await writeRecordTokens(tx, []);
    expect(sent).toMatchSnapshot();
  });

  it('phraseQuery quotes the words and escapes only quote and backslash', () => {
    expect(phraseQuery('a b c d')).toBe('"a b c d"');
    expect(phraseQuery('say "hi" \\ now')).toBe('"say \\"hi\\" \\\\ now"');
  });

  it('phraseHolders: one round trip per round; ids only for phrases few clusters hold; a cut-off count is incomplete', async () => {
    const { graph, sent } = recording([[
      { phrase: 'a b c d', lim: int(1000), records: int(2), clusters: int(1), recordIds: ['rec_1', 'rec_2'] },
      { phrase: 'e f g h', lim: int(1000), records: int(1000), clusters: int(3), recordIds: ['rec_3'] },
    ]]);
    const answers = await phraseHolders(graph, [{ phrase: 'a b c d', limit: 1000 }, { phrase: 'e f g h', limit: 1000 }], 50);
    expect(answers.get('a b c d')).toEqual({ records: 2, clusters: 1, recordIds: ['rec_1', 'rec_2'], complete: true });
    expect(answers.get('e f g h')!.complete).toBe(false);
    expect(sent).toMatchSnapshot();
  });

  it('candidateRecords: tokens and acceptance times of the ids; nothing sent for none', async () => {
    const { graph, sent } = recording([[{ recordId: 'rec_1', clusterId: 'cl_1', tokens: 'a b', acceptedAtMs: int(7) }]]);
    expect(await candidateRecords(graph, ['rec_1'])).toEqual([{ recordId: 'rec_1', clusterId: 'cl_1', tokens: 'a b', acceptedAtMs: 7 }]);
    expect(await candidateRecords(graph, [])).toEqual([]);
    expect(sent).toMatchSnapshot();
  });

  it('recordTokensAfter: keyset pages in acceptance order, the cursor moving to the last row', async () => {
    const { graph, sent } = recording([[{ recordId: 'rec_1', acceptedAt: 'T1', tokens: 'a b' }], []]);
    const first = await recordTokensAfter(graph, ACCEPTANCE_START, 2);
    expect(first).toEqual({ tokens: ['a b'], cursor: { acceptedAt: 'T1', recordId: 'rec_1' } });
    const second = await recordTokensAfter(graph, first.cursor, 2);
    expect(second).toEqual({ tokens: [], cursor: first.cursor });
    expect(sent).toMatchSnapshot();
  });
});
