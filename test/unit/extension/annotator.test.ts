import { describe, expect, it, vi } from 'vitest';
import { adaptersForHost, findAnswers } from '../../../extension/entrypoints/content/adapters';
import { Annotator } from '../../../extension/entrypoints/content/annotator';
import type { LookupResult } from '../../../extension/lib/messages';
import { normalizeText } from '../../../extension/lib/normalize';
import { CHATGPT } from './fixtures';
import { makeDocument } from './support/dom';

function setup(result: LookupResult) {
  const doc = makeDocument(CHATGPT);
  const lookup = vi.fn(async (_text: string) => result);
  const annotator = new Annotator({ doc, lookup, openGraph: vi.fn(), openOptions: vi.fn(), disableSite: vi.fn(), mute: (fn) => fn() });
  const [found] = findAnswers(doc, adaptersForHost('chatgpt.com'));
  return { doc, lookup, annotator, answer: found!.el, adapter: found!.adapter };
}

const TEXT = 'The quick brown fox jumps over the lazy dog. Second paragraph.';

describe('annotating an answer', () => {
  it('reserves the badge, asks the worker with the answer text, then shows the result and highlights spans', async () => {
    const start = TEXT.indexOf('brown fox jumps');
    const spans = [{ start, end: start + 15, text: 'brown fox jumps', kind: 'EXACT' as const, similarity: 1, sources: [], records: [{ id: 'rec-1', datanet: { id: 'd', name: 'Fables' }, snippet: 'The quick brown fox jumps', contributor: 'aesop' }] }];
    const { doc, lookup, annotator, answer, adapter } = setup({
      kind: 'trace',
      contentHash: 'h',
      text: TEXT,
      trace: {
        spans,
        attribution: { method: 'm', methodVersion: '1', coverage: 0.25, coverageByKind: [], datanets: [{ item: { id: 'd', name: 'Fables' }, share: 1 }], adapters: [], contributors: [], records: [], spans },
      },
    });
    const badge = annotator.prepare(answer, adapter);
    expect(badge.chip.textContent).toBe('Strata…');
    expect(answer.lastElementChild).toBe(badge.host);
    await annotator.annotate(answer, adapter);
    expect(normalizeText(lookup.mock.calls[0]![0])).toBe(TEXT);
    expect(badge.chip.textContent).toBe('partly traced 25%');
    const marks = doc.querySelectorAll('strata-mark');
    expect(Array.from(marks).map((m) => m.textContent).join('')).toBe('brown fox jumps');
    // Same text again: no second lookup.
    await annotator.annotate(answer, adapter);
    expect(lookup).toHaveBeenCalledOnce();
  });

  it('removes everything when the site is switched off', async () => {
    const { doc, annotator, answer, adapter } = setup({ kind: 'unreachable', message: 'down' });
    await annotator.annotate(answer, adapter);
    expect(doc.querySelectorAll('strata-badge')).toHaveLength(1);
    annotator.clearAll();
    expect(doc.querySelectorAll('strata-badge')).toHaveLength(0);
  });
});

describe('when the worker cannot answer', () => {
  it('shows an error the user can retry instead of breaking', async () => {
    const doc = makeDocument(CHATGPT);
    let fail = true;
    const lookup = vi.fn(async (): Promise<LookupResult> => {
      if (fail) throw new Error('no answer from the Strata worker');
      return { kind: 'unreachable', message: 'down' };
    });
    const annotator = new Annotator({ doc, lookup, openGraph: vi.fn(), openOptions: vi.fn(), disableSite: vi.fn(), mute: (fn) => fn() });
    const [found] = findAnswers(doc, adaptersForHost('chatgpt.com'));
    await annotator.annotate(found!.el, found!.adapter);
    const badge = annotator.badgeOf(found!.el)!;
    expect(badge.chip.textContent).toBe('Strata error — retry');
    fail = false;
    badge.chip.dispatchEvent(new (doc.defaultView as unknown as { Event: typeof Event }).Event('click'));
    await vi.waitFor(() => expect(badge.chip.textContent).toBe('Strata unreachable — retry'));
    expect(lookup).toHaveBeenCalledTimes(2);
  });
});
