import { describe, expect, it } from 'vitest';
import { ReadGroup } from '../../../api/core/read-group.js';

/** A ReadGroup whose reads are held open until released, recording the keys each read was given. */
function recorder(answer: (key: string) => string | undefined = (key) => `v:${key}`) {
  const reads: string[][] = [];
  const gates: Array<() => void> = [];
  const group = new ReadGroup<string, string>(async (keys) => {
    reads.push(keys);
    await new Promise<void>((resolve) => gates.push(resolve));
    if (keys.includes('fail')) throw new Error('store away');
    const found = new Map<string, string>();
    for (const key of keys) {
      const value = answer(key);
      if (value !== undefined) found.set(key, value);
    }
    return found;
  });
  const releaseNext = async () => {
    while (gates.length === 0) await new Promise((r) => setImmediate(r));
    gates.shift()!();
  };
  return { group, reads, releaseNext };
}

describe('ReadGroup', () => {
  it('reads a lone key at once; keys asked for meanwhile wait for the next read, each key read once', async () => {
    const r = recorder();
    const first = r.group.load('a');
    expect(r.reads).toEqual([['a']]);
    // Asked while the first read is under way: never answered by it (it started before they asked).
    const later = [r.group.load('a'), r.group.load('b'), r.group.load('b'), r.group.load('c')];
    await r.releaseNext();
    expect(await first).toBe('v:a');
    await r.releaseNext();
    expect(await Promise.all(later)).toEqual(['v:a', 'v:b', 'v:b', 'v:c']);
    expect(r.reads).toEqual([['a'], ['a', 'b', 'c']]);
    expect(r.group.stats).toEqual({ reads: 2, keys: 4 });
  });

  it('a failed read rejects every request it served, and the next read still runs', async () => {
    const r = recorder();
    const failed = [r.group.load('fail'), r.group.load('x')].map((p) => p.catch((e: Error) => e.message));
    // 'x' waits for the second read; 'fail' is the first read alone.
    await r.releaseNext();
    expect(await failed[0]).toBe('store away');
    await r.releaseNext();
    expect(await failed[1]).toBe('v:x');
    const again = r.group.load('y');
    await r.releaseNext();
    expect(await again).toBe('v:y');
  });

  it('a key the read leaves out is an error for that key only', async () => {
    const r = recorder((key) => (key === 'gone' ? undefined : `v:${key}`));
    const first = r.group.load('first');
    const asked = [r.group.load('gone').catch((e: Error) => e.message), r.group.load('here')];
    await r.releaseNext();
    await first;
    await r.releaseNext();
    expect(await Promise.all(asked)).toEqual(['The shared read gave no answer for gone.', 'v:here']);
  });
});
