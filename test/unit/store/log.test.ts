import { describe, expect, it } from 'vitest';
import {
  countEntriesOutside, latestCheckpoint, lockLogHead, logEntriesAt, logEntriesBetween, logEntryAt, readLogHead, storeCheckpoint, subtreeHashes,
  unlockLogHead, writeLogEntries, writeLogEntry,
} from '../../../api/store/log.js';
import { recording } from './recording.js';

const hash = (c: string) => c.repeat(64);

describe('store/log statements', () => {
  it('lockLogHead MERGEs the head and sets the lock property; unlockLogHead removes it', async () => {
    const { tx, sent } = recording([[{ size: 3, frontier: [hash('a'), hash('b')] }]]);
    expect(await lockLogHead(tx)).toEqual({ size: 3, frontier: [hash('a'), hash('b')] });
    await unlockLogHead(tx);
    expect(sent).toMatchSnapshot();
  });

  it('readLogHead: an absent head is the empty tree', async () => {
    const { tx, sent } = recording([[{ size: null, frontier: null }]]);
    expect(await readLogHead(tx)).toEqual({ size: 0, frontier: [] });
    expect(sent).toMatchSnapshot();
  });

  it('writeLogEntry: the entry, the new head and the completed subtrees in one statement', async () => {
    const { tx, sent } = recording();
    await writeLogEntry(tx, {
      index: 1, leafHash: hash('c'), entry: '{"a":1}', size: 2, frontier: [hash('d')],
      subtrees: [{ key: '0:1', hash: hash('c') }, { key: '1:0', hash: hash('d') }],
    });
    expect(sent).toMatchSnapshot();
  });

  it('reads entries, subtrees and checkpoints through their unique keys', async () => {
    const { tx, sent } = recording([
      [{ index: 0, leafHash: hash('a'), entry: '{}' }],
      [{ index: 0, leafHash: hash('a'), entry: '{}' }, { index: 1, leafHash: hash('b'), entry: null }],
      [{ n: 0 }],
      [{ key: '0:0', hash: hash('a') }],
      [{ size: 2, rootHash: hash('e'), note: 'note', signedAt: '2026-01-01T00:00:00Z' }],
      [{ signedAt: '2026-01-02T00:00:00Z' }],
    ]);
    expect(await logEntryAt(tx, 0)).toEqual({ index: 0, leafHash: hash('a'), entry: '{}' });
    expect(await logEntriesBetween(tx, 0, 2)).toHaveLength(2);
    expect(await countEntriesOutside(tx, 2)).toBe(0);
    expect(await subtreeHashes(tx, ['0:0', '0:1'])).toEqual(new Map([['0:0', hash('a')]]));
    expect(await latestCheckpoint(tx)).toMatchObject({ size: 2 });
    expect(await storeCheckpoint(tx, { size: 2, rootHash: hash('e'), note: 'note' })).toBe('2026-01-02T00:00:00Z');
    expect(sent).toMatchSnapshot();
  });

  it('logEntriesAt: several entries by index in one UNWIND statement (a request\'s loader), nothing sent for none', async () => {
    const { tx, sent } = recording([[{ index: 3, leafHash: hash('a'), entry: '{"a":1}' }]]);
    expect(await logEntriesAt(tx, [3, 9])).toEqual(new Map([[3, { index: 3, leafHash: hash('a'), entry: '{"a":1}' }]]));
    expect(await logEntriesAt(tx, [])).toEqual(new Map());
    expect(sent).toHaveLength(1);
    expect(sent).toMatchSnapshot();
  });

  it('subtreeHashes sends nothing for no keys', async () => {
    const { tx, sent } = recording();
    expect(await subtreeHashes(tx, [])).toEqual(new Map());
    expect(sent).toEqual([]);
  });
});

describe('store/log batched appends', () => {
  it('writeLogEntries: every entry, the new head and the completed subtrees in one statement', async () => {
    const { tx, sent } = recording();
    await writeLogEntries(tx, {
      entries: [{ index: 1, leafHash: hash('c'), entry: '{"a":1}' }, { index: 2, leafHash: hash('e'), entry: '{"a":2}' }],
      size: 3, frontier: [hash('d'), hash('e')],
      subtrees: [{ key: '0:1', hash: hash('c') }, { key: '1:0', hash: hash('d') }, { key: '0:2', hash: hash('e') }],
    });
    expect(sent).toMatchSnapshot();
  });
});
