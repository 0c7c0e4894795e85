import { describe, expect, it } from 'vitest';
import { headState, planAppend, planAppends } from '../../../api/log/log-tree.js';

const event = (i: number) => ({ type: 'test', i, text: `event ${i}` });

describe('planAppends', () => {
  it('plans the same tree as appending the events one by one, from any size', () => {
    for (const start of [0, 1, 5, 7, 8, 13]) {
      let head = headState({ size: 0, frontier: [] });
      for (let i = 0; i < start; i++) {
        const a = planAppend(head, event(i));
        head = headState({ size: a.size, frontier: a.frontier });
      }
      const events = Array.from({ length: 11 }, (_, k) => event(start + k));
      const batched = planAppends(head, events);
      const oneByOne: ReturnType<typeof planAppend>[] = [];
      let h = head;
      for (const e of events) {
        const a = planAppend(h, e);
        oneByOne.push(a);
        h = headState({ size: a.size, frontier: a.frontier });
      }
      expect(batched.entries).toEqual(oneByOne.map(({ index, leafHash, entry }) => ({ index, leafHash, entry })));
      expect(batched.size).toBe(oneByOne.at(-1)!.size);
      expect(batched.frontier).toEqual(oneByOne.at(-1)!.frontier);
      expect(batched.subtrees).toEqual(oneByOne.flatMap((a) => a.subtrees));
    }
  });
});
