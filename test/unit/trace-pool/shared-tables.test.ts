import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SharedInt32s } from '../../../api/trace-pool/shared-int32s.js';
import { sharedStringAt, SharedStrings } from '../../../api/trace-pool/shared-strings.js';

describe('shared tables for tracing threads', () => {
  it('SharedStrings gives back every string pushed, and an earlier view stays valid after growth', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme', maxLength: 40 }), { maxLength: 600 }), (values) => {
        const table = new SharedStrings();
        const views: Array<{ view: ReturnType<SharedStrings['view']>; count: number }> = [];
        values.forEach((v, i) => {
          table.push(v);
          if (i % 97 === 0) views.push({ view: table.view(), count: i + 1 });
        });
        const all = table.view();
        expect(all.count).toBe(values.length);
        expect(all.bytes.buffer).toBeInstanceOf(SharedArrayBuffer);
        values.forEach((v, i) => expect(sharedStringAt(all, i)).toBe(v));
        for (const { view, count } of views) for (let i = 0; i < count; i++) expect(sharedStringAt(view, i)).toBe(values[i]);
        expect(() => sharedStringAt(all, values.length)).toThrow(RangeError);
      }),
      { numRuns: 60 },
    );
  });

  it('SharedInt32s keeps its values across growth, in shared memory', () => {
    const list = new SharedInt32s();
    let early = list.view();
    for (let i = 0; i < 10_000; i++) {
      list.push(i * 7 - 3);
      if (i === 99) early = list.view();
    }
    expect(Array.from(early)).toEqual(Array.from({ length: 100 }, (_, k) => k * 7 - 3));
    const view = list.view();
    expect(view.length).toBe(10_000);
    expect(view.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(view[9_999]).toBe(9_999 * 7 - 3);
  });
});
