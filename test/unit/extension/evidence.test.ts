/**
 * Evidence tiers as the extension shows them: words for each tier, the coverage line split by tier, the source's
 * context with its match in a <mark> at the API's UTF-16 offsets, the highlight styles, the tooltip and the popover's
 * passages — and hostile text from the API stays text.
 */
import { describe, expect, it, vi } from 'vitest';
import { renderPopoverContent, SpanTooltip, styleMark } from '../../../extension/entrypoints/content/ui';
import { markStyle } from '../../../extension/entrypoints/content/styles';
import { ApiShapeError, parseAttribution, type Attribution, type SpanKind, type TraceSpan } from '../../../extension/lib/api-types';
import { contextParts, coverageText, tierLabel } from '../../../extension/lib/evidence';
import type { LookupResult } from '../../../extension/lib/messages';
import { makeDocument } from './support/dom';

const EVIL = '<img src=x onerror="window.__pwned=1">';

/** A span whose one source's context holds `match` after `before` (offsets computed the API's way: UTF-16 units). */
function span(kind: SpanKind, similarity: number, before: string, match: string, after: string, datanet = 'World Factbook'): TraceSpan {
  const context = `${before}${match}${after}`;
  return {
    start: 0,
    end: match.length,
    text: match,
    kind,
    similarity,
    records: [{ id: `Record:${kind}`, datanet: { id: 'Datanet:dn', name: datanet }, snippet: context.slice(0, 40), contributor: 'esi' }],
    sources: [{ recordId: `Record:${kind}`, datanet: { id: 'Datanet:dn', name: datanet }, contributor: 'esi', context, matchStart: before.length, matchEnd: before.length + match.length }],
  };
}

const EXACT = span('EXACT', 1, 'In 1816, the United Provinces declared independence. ', 'After Bolivia, Paraguay, and Uruguay went their separate ways', ', the area that remained became Argentina.');
const NEAR = span('NEAR', 0.884, '', 'The island was uninhabited when first settled by the British in 1627', '. African slaves worked the sugar plantations.');
const SEMANTIC = span('SEMANTIC', 0.861, 'Its culture was shaped by immigrants. ', 'The area that remained became Argentina', ' in the end.');

function attribution(spans: TraceSpan[], byKind: Attribution['coverageByKind']): Attribution {
  const coverage = byKind.reduce((s, k) => s + k.coverage, 0);
  return {
    method: 'span-trace+owen-coverage',
    methodVersion: 'span-trace/3+semantic/1+owen/1',
    coverage,
    coverageByKind: byKind,
    datanets: [{ item: { id: 'Datanet:dn', name: 'World Factbook' }, share: 1 }],
    adapters: [],
    contributors: [{ item: { id: 'Contributor:esi', name: 'esi' }, share: 1 }],
    records: spans.map((s) => ({ item: { id: s.records[0]!.id }, share: 1 / spans.length })),
    spans,
  };
}

const trace = (a: Attribution): LookupResult => ({ kind: 'trace', contentHash: 'h', text: 't', trace: { spans: a.spans, attribution: a } });
const actions = () => ({ close: vi.fn(), openGraph: vi.fn(), disableSite: vi.fn() });

describe('tiers in words', () => {
  it('names each tier, with the similarity as a percentage for NEAR and SEMANTIC', () => {
    expect(tierLabel('EXACT', 1)).toBe('Word for word');
    expect(tierLabel('NEAR', 0.884)).toBe('Reworded · 88% similar');
    expect(tierLabel('SEMANTIC', 0.861)).toBe('Paraphrased · 86% similar');
  });

  it('splits the coverage line by tier in plain words, leaving out tiers that explain nothing', () => {
    const byKind = [
      { kind: 'EXACT' as const, coverage: 0.72 },
      { kind: 'NEAR' as const, coverage: 0.09 },
      { kind: 'SEMANTIC' as const, coverage: 0.04 },
    ];
    expect(coverageText({ coverage: 0.85, coverageByKind: byKind })).toBe('Coverage: 85% of the text — 72% word for word, 9% reworded, 4% paraphrased');
    expect(coverageText({ coverage: 0.4, coverageByKind: [{ kind: 'EXACT', coverage: 0.4 }, { kind: 'NEAR', coverage: 0 }, { kind: 'SEMANTIC', coverage: 0 }] })).toBe(
      'Coverage: 40% of the text — 40% word for word',
    );
    expect(coverageText({ coverage: 0.4, coverageByKind: [] })).toBe('Coverage: 40% of the text');
    expect(coverageText({ coverage: 0, coverageByKind: [] })).toBe('Coverage: 0% of the text');
  });
});

describe('a source in context', () => {
  it('marks exactly matchStart..matchEnd in UTF-16 units, with an emoji (a surrogate pair) before the match', () => {
    const before = 'Harbour log 🌊🐟: ';
    const match = 'seven copper herons argue about the tide';
    const context = `${before}${match}, said the keeper.`;
    // Two emoji are four UTF-16 units: an offset counted in code points would land two characters early.
    expect(before.length).toBe([...before].length + 2);
    const parts = contextParts(context, before.length, before.length + match.length);
    expect(parts).toEqual({ before, match, after: ', said the keeper.' });

    const doc = makeDocument('<p><strata-mark data-strata data-strata-span="0">x</strata-mark></p>');
    const tip = new SpanTooltip(doc);
    const s: TraceSpan = { ...EXACT, sources: [{ ...EXACT.sources[0]!, context, matchStart: before.length, matchEnd: before.length + match.length }] };
    tip.show(doc.querySelector('strata-mark')!, s);
    const q = tip.host.shadowRoot!.querySelector('.sources .context')!;
    expect(q.querySelector('mark')!.textContent).toBe(match);
    expect(q.textContent).toBe(context);
  });

  it('never splits a surrogate pair, even at an offset inside one', () => {
    const context = 'a🐟b';
    // 2 is the middle of the fish: both cuts move to its start.
    expect(contextParts(context, 2, 2)).toEqual({ before: 'a', match: '', after: '🐟b' });
    expect(contextParts(context, 0, 2)).toEqual({ before: '', match: 'a', after: '🐟b' });
    expect(contextParts(context, 1, 3)).toEqual({ before: 'a', match: '🐟', after: 'b' });
  });

  it('cuts long sides at a space and says so, keeping the match whole', () => {
    const before = 'one two three four five six seven eight nine ten ';
    const after = ' eleven twelve thirteen fourteen fifteen sixteen';
    const parts = contextParts(`${before}MATCH${after}`, before.length, before.length + 5, 20);
    expect(parts.match).toBe('MATCH');
    expect(parts.before.startsWith('…')).toBe(true);
    expect(parts.before.length).toBeLessThanOrEqual(21);
    expect(before.endsWith(parts.before.slice(1))).toBe(true);
    expect(parts.before.slice(1)).toMatch(/^\S/); // starts on a word
    expect(parts.after.endsWith('…')).toBe(true);
    expect(after.startsWith(parts.after.slice(0, -1))).toBe(true);
    expect(parts.after.length).toBeLessThanOrEqual(21);
  });
});

describe('highlights by tier', () => {
  it('styles each tier with its own line (solid, dashed, dotted) and names the tier for screen readers', () => {
    const doc = makeDocument('<p><strata-mark>a</strata-mark><strata-mark>b</strata-mark><strata-mark>c</strata-mark></p>');
    const [a, b, c] = Array.from(doc.querySelectorAll('strata-mark'));
    styleMark(a!, EXACT);
    styleMark(b!, NEAR);
    styleMark(c!, SEMANTIC);
    expect([a, b, c].map((m) => m!.getAttribute('data-strata-kind'))).toEqual(['EXACT', 'NEAR', 'SEMANTIC']);
    expect(a!.getAttribute('style')).toMatch(/border-bottom: 2px solid/);
    expect(b!.getAttribute('style')).toMatch(/border-bottom: 2px dashed/);
    expect(c!.getAttribute('style')).toMatch(/border-bottom: 2px dotted/);
    expect(new Set([markStyle('EXACT'), markStyle('NEAR'), markStyle('SEMANTIC')]).size).toBe(3);
    expect(a!.getAttribute('aria-description')).toMatch(/^Word for word: the source has these exact words\. Traced to 1 record in World Factbook$/);
    expect(b!.getAttribute('aria-description')).toMatch(/^Reworded · 88% similar: /);
    expect(c!.getAttribute('aria-description')).toMatch(/^Paraphrased · 86% similar: /);
    expect(a!.getAttribute('tabindex')).toBe('0');
  });

  it('the tooltip of a focused highlight gives the tier, the datanet, the contributor and the context with the match marked', () => {
    const doc = makeDocument('<p><strata-mark data-strata data-strata-span="0">x</strata-mark></p>');
    const mark = doc.querySelector('strata-mark')!;
    const tip = new SpanTooltip(doc);
    tip.attach(new Map([[0, [mark]]]), [NEAR]);
    mark.dispatchEvent(new (doc.defaultView as unknown as { Event: typeof Event }).Event('focus'));
    const shadow = tip.host.shadowRoot!;
    expect(shadow.querySelector('.tip')!.hasAttribute('hidden')).toBe(false);
    expect(shadow.querySelector('.tier')!.textContent).toBe('Reworded · 88% similar');
    expect(shadow.querySelector('.tier')!.getAttribute('data-kind')).toBe('NEAR');
    const li = shadow.querySelector('.sources li')!;
    expect(li.querySelector('.dn')!.textContent).toBe('World Factbook');
    expect(li.querySelector('.by')!.textContent).toBe(' · by esi');
    expect(li.querySelector('mark')!.textContent).toBe('The island was uninhabited when first settled by the British in 1627');
    expect(li.textContent).not.toContain('Record:NEAR');
    expect(li.getAttribute('data-record')).toBe('Record:NEAR');
    mark.dispatchEvent(new (doc.defaultView as unknown as { Event: typeof Event }).Event('blur'));
    expect(shadow.querySelector('.tip')!.hasAttribute('hidden')).toBe(true);
  });

  it('a record the API could not locate the passage in shows the start of its text instead', () => {
    const doc = makeDocument('<p><strata-mark>x</strata-mark></p>');
    const tip = new SpanTooltip(doc);
    tip.show(doc.querySelector('strata-mark')!, { ...EXACT, sources: [] });
    const li = tip.host.shadowRoot!.querySelector('.sources li')!;
    expect(li.querySelector('.snippet')!.textContent).toBe(EXACT.records[0]!.snippet);
    expect(li.querySelector('mark')).toBeNull();
  });
});

describe('the popover', () => {
  it('splits coverage by tier, shows the legend, and lists passages that expand to their sources in context', () => {
    const doc = makeDocument('');
    const pop = doc.createElement('div');
    const a = attribution([EXACT, NEAR, SEMANTIC], [
      { kind: 'EXACT', coverage: 0.5 },
      { kind: 'NEAR', coverage: 0.3 },
      { kind: 'SEMANTIC', coverage: 0.12 },
    ]);
    renderPopoverContent(doc, pop, trace(a), actions());
    expect(pop.querySelector('.coverage')!.textContent).toBe('Coverage: 92% of the text — 50% word for word, 30% reworded, 12% paraphrased');
    const legend = Array.from(pop.querySelectorAll('.legend .sample'));
    expect(legend.map((x) => [x.getAttribute('data-kind'), x.textContent])).toEqual([
      ['EXACT', 'word for word'],
      ['NEAR', 'reworded'],
      ['SEMANTIC', 'paraphrased'],
    ]);
    expect(legend.map((x) => x.getAttribute('style'))).toEqual([markStyle('EXACT'), markStyle('NEAR'), markStyle('SEMANTIC')]);
    const passages = Array.from(pop.querySelectorAll('details.passage'));
    expect(passages.map((p) => p.getAttribute('data-kind'))).toEqual(['EXACT', 'NEAR', 'SEMANTIC']);
    expect(passages.every((p) => !p.hasAttribute('open'))).toBe(true);
    const semantic = passages[2]!;
    expect(semantic.querySelector('summary')!.textContent).toBe('paraphrased “The area that remained became Argentina”');
    expect(semantic.querySelector('.tier')!.textContent).toBe('Paraphrased · 86% similar');
    const q = semantic.querySelector('.context')!;
    expect(q.textContent).toBe(SEMANTIC.sources[0]!.context);
    expect(q.querySelector('mark')!.textContent).toBe('The area that remained became Argentina');
    // Ids only in the details view.
    const withoutIds = pop.cloneNode(true) as HTMLElement;
    withoutIds.querySelector('details.ids')!.remove();
    expect(withoutIds.textContent).not.toMatch(/Record:|Datanet:|Contributor:/);
  });

  it('hostile text in a source context, a datanet name or a handle is text: no element is made from it', () => {
    const doc = makeDocument('<p><strata-mark>x</strata-mark></p>');
    const hostile: TraceSpan = {
      ...NEAR,
      text: EVIL,
      sources: [{ recordId: 'Record:evil', datanet: { id: 'Datanet:evil', name: EVIL }, contributor: EVIL, context: `${EVIL} before <b>${EVIL}</b> after ${EVIL}`, matchStart: EVIL.length + 8, matchEnd: EVIL.length + 8 + EVIL.length + 7 }],
    };
    const pop = doc.createElement('div');
    renderPopoverContent(doc, pop, trace(attribution([hostile], [{ kind: 'NEAR', coverage: 0.5 }])), actions());
    (pop.querySelector('details.passage') as HTMLDetailsElement).setAttribute('open', '');
    const q = pop.querySelector('.context')!;
    expect(q.textContent).toBe(hostile.sources[0]!.context);
    expect(q.querySelector('mark')!.textContent).toBe(`<b>${EVIL}</b>`);
    const tip = new SpanTooltip(doc);
    tip.show(doc.querySelector('strata-mark')!, hostile);
    for (const root of [pop, tip.host.shadowRoot!.querySelector('.tip')!]) {
      expect(root.querySelectorAll('img, b, script')).toHaveLength(0);
      expect(root.textContent).toContain(EVIL);
    }
    expect((doc.defaultView as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });
});

describe('parsing tiers from the API', () => {
  const raw = (span: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    method: 'm',
    methodVersion: 'v',
    coverage: 0.5,
    coverageByKind: [{ kind: 'EXACT', coverage: 0.3 }, { kind: 'NEAR', coverage: 0.2 }, { kind: 'SEMANTIC', coverage: 0 }],
    spans: [{ start: 0, end: 5, text: 'hello', records: [{ id: 'Record:r', datanet: { id: 'Datanet:d', name: 'D' }, contributor: { id: 'Contributor:c', handle: 'c' } }], ...span }],
    ...extra,
  });
  const source = (over: Record<string, unknown> = {}) => ({ context: 'say hello there', matchStart: 4, matchEnd: 9, record: { id: 'Record:r', datanet: { id: 'Datanet:d', name: 'D' }, contributor: { id: 'Contributor:c', handle: 'c' } }, ...over });

  it('reads kind, similarity, sources and coverageByKind', () => {
    const a = parseAttribution(raw({ kind: 'NEAR', similarity: 0.9, sources: [source()] }), 'a');
    expect(a.coverageByKind).toEqual([{ kind: 'EXACT', coverage: 0.3 }, { kind: 'NEAR', coverage: 0.2 }, { kind: 'SEMANTIC', coverage: 0 }]);
    expect(a.spans[0]).toMatchObject({ kind: 'NEAR', similarity: 0.9 });
    expect(a.spans[0]!.sources).toEqual([{ recordId: 'Record:r', datanet: { id: 'Datanet:d', name: 'D' }, contributor: 'c', context: 'say hello there', matchStart: 4, matchEnd: 9 }]);
  });

  it('an answer without tiers (an older API) is word for word; a tier it does not know, or a match outside its context, is refused', () => {
    expect(parseAttribution(raw({}, { coverageByKind: undefined }), 'a').spans[0]).toMatchObject({ kind: 'EXACT', similarity: 1, sources: [] });
    expect(() => parseAttribution(raw({ kind: 'GUESSED' }), 'a')).toThrow(ApiShapeError);
    expect(() => parseAttribution(raw({ sources: [source({ matchEnd: 99 })] }), 'a')).toThrow(/not inside its context/);
    expect(() => parseAttribution(raw({ sources: [source({ matchStart: 6, matchEnd: 5 })] }), 'a')).toThrow(ApiShapeError);
    expect(() => parseAttribution(raw({ similarity: 1.5 }), 'a')).toThrow(ApiShapeError);
  });
});
