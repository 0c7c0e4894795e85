import { describe, expect, it } from 'vitest';
import { appendLogEntries, appendLogEntriesWith } from '../../../api/log/log-service.js';
import { lockLogHeadCypher, writeLogEntriesCypher } from '../../../api/store/log.js';
import { recording } from '../store/recording.js';

const events = [{ type: 'attribution', n: 1 }, { type: 'attribution', n: 2 }, { type: 'attribution', n: 3 }];

describe('appendLogEntriesWith', () => {
  it('appends what appendLogEntries appends, and sends the alongside statements after the log write, with the entries', async () => {
    const alone = recording([[{ size: null, frontier: null }]]);
    const plain = await appendLogEntries(alone.tx, events);

    const withIndexes = recording([[{ size: null, frontier: null }]]);
    const seen: number[][] = [];
    const { entries, alongside } = await appendLogEntriesWith(withIndexes.tx, events, async (appended) => {
      seen.push(appended.map((e) => e.index));
      await withIndexes.tx.run('SET indexes', { indexes: appended.map((e) => e.index) });
      return 'done';
    });
    expect(entries).toEqual(plain);
    expect(entries.map((e) => e.index)).toEqual([0, 1, 2]);
    expect(alongside).toBe('done');
    expect(seen).toEqual([[0, 1, 2]]);
    expect(withIndexes.sent.map((s) => s.cypher)).toEqual([lockLogHeadCypher, writeLogEntriesCypher, 'SET indexes']);
    expect(withIndexes.sent.slice(0, 2)).toEqual(alone.sent);
  });

  it('no events: no lock, no log write, the alongside work still runs', async () => {
    const { tx, sent } = recording();
    expect(await appendLogEntriesWith(tx, [], async (appended) => appended.length)).toEqual({ entries: [], alongside: 0 });
    expect(sent).toEqual([]);
  });
});
