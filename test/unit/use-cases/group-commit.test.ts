import { describe, expect, it } from 'vitest';
import { GroupCommit } from '../../../api/use-cases/group-commit.js';

/** A GroupCommit whose writes are recorded: which batches were sent, which single writes. */
function recorder(options: { failBatchWith?: (items: string[]) => boolean } = {}) {
  const batches: string[][] = [];
  const singles: string[] = [];
  let release: () => void = () => {};
  let gate = new Promise<void>((r) => (release = r));
  const commit = new GroupCommit<string, string>({
    maxBatch: 4,
    keyOf: (item) => (item.startsWith('k') ? item.split('#')[0]! : null),
    writeOne: async (item) => {
      singles.push(item);
      await gate;
      if (item.includes('bad')) throw new Error(`refused ${item}`);
      return `one:${item}`;
    },
    writeBatch: async (items) => {
      batches.push(items);
      if (options.failBatchWith?.(items)) throw new Error('batch failed');
      return items.map((i) => `batch:${i}`);
    },
  });
  return { commit, batches, singles, open: () => { release(); gate = Promise.resolve(); } };
}

describe('GroupCommit', () => {
  it('writes a lone call alone and the calls that arrive meanwhile together, at most maxBatch at a time', async () => {
    const r = recorder();
    const first = r.commit.submit('a');
    const rest = ['b', 'c', 'd', 'e', 'f', 'g'].map((x) => r.commit.submit(x));
    r.open();
    expect(await first).toBe('one:a');
    expect(await Promise.all(rest)).toEqual(['batch:b', 'batch:c', 'batch:d', 'batch:e', 'batch:f', 'batch:g']);
    expect(r.singles).toEqual(['a']);
    expect(r.batches).toEqual([['b', 'c', 'd', 'e'], ['f', 'g']]);
  });

  it('never puts two calls with the same key in one batch', async () => {
    const r = recorder();
    const first = r.commit.submit('x');
    const rest = ['k1#1', 'k1#2', 'k2#1', 'y'].map((x) => r.commit.submit(x));
    r.open();
    await first;
    await Promise.all(rest);
    expect(r.batches).toEqual([['k1#1', 'k2#1', 'y']]);
    expect(r.singles).toEqual(['x', 'k1#2']);
  });

  it('a failed batch is written one by one: each call gets its own answer or error', async () => {
    const r = recorder({ failBatchWith: (items) => items.some((i) => i.includes('bad')) });
    const first = r.commit.submit('a');
    const rest = ['b', 'bad', 'c'].map((x) => r.commit.submit(x).catch((e: Error) => e.message));
    r.open();
    await first;
    expect(await Promise.all(rest)).toEqual(['one:b', 'refused bad', 'one:c']);
    expect(r.commit.stats.fallbacks).toBe(1);
  });
});
