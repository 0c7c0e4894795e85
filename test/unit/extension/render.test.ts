import { describe, expect, it, vi } from 'vitest';
import { Badge, renderPopoverContent, SpanTooltip } from '../../../extension/entrypoints/content/ui';
import type { Attribution } from '../../../extension/lib/api-types';
import { badgeView, percent, verificationText } from '../../../extension/lib/format';
import type { LogVerification } from '../../../extension/lib/log-verify';
import type { LookupResult } from '../../../extension/lib/messages';
import { makeDocument } from './support/dom';

const EVIL = '<img src=x onerror="window.__pwned=1">';

function attribution(over: Partial<Attribution> = {}): Attribution {
  return {
    method: 'span-owen',
    methodVersion: '1.2.0',
    coverage: 0.37,
    coverageByKind: [{ kind: 'EXACT', coverage: 0.3 }, { kind: 'NEAR', coverage: 0.07 }, { kind: 'SEMANTIC', coverage: 0 }],
    datanets: [
      { item: { id: 'dn-1', name: 'Clinical notes' }, share: 0.6 },
      { item: { id: 'dn-2', name: EVIL }, share: 0.4 },
    ],
    adapters: [
      { item: { id: 'ad-1', name: 'med-lora' }, share: 0.75 },
      { item: { id: 'ad-2', name: 'legal-lora' }, share: 0.25 },
    ],
    contributors: Array.from({ length: 7 }, (_, i) => ({ item: { id: `c-${i}`, name: `user${i}` }, share: 1 / 7 })),
    records: [],
    spans: [{ start: 0, end: 5, text: 'hello', kind: 'EXACT', similarity: 1, sources: [], records: [{ id: 'rec-9', datanet: { id: 'dn-1', name: 'Clinical notes' }, snippet: 'hello there', contributor: 'ana' }] }],
    ...over,
  };
}

const output = (a: Attribution | null, verification: LogVerification = { state: 'verified', index: '41', treeSize: '50', origin: 'o', keyId: 'k' }): LookupResult => ({
  kind: 'output',
  contentHash: 'h',
  matchedBy: 'content',
  output: { id: 'out-1', contentHash: 'h', text: 'hello world', model: { id: 'mdl-1', name: 'Tutor', version: '2.1' }, attribution: a, logEntry: null },
  verification,
});

describe('badge texts', () => {
  it('counts datanets, adapters and contributors of a recorded output', () => {
    expect(badgeView(output(attribution())).text).toBe('2 datanets · 2 adapters · 7 contributors');
    const one = attribution({ datanets: [{ item: { id: 'd', name: 'd' }, share: 1 }], adapters: [{ item: { id: 'a', name: 'a' }, share: 1 }], contributors: [{ item: { id: 'c', name: 'c' }, share: 1 }] });
    expect(badgeView(output(one)).text).toBe('1 datanet · 1 adapter · 1 contributor');
  });

  it('says partly traced with the coverage for trace results', () => {
    const a = attribution();
    const r: LookupResult = { kind: 'trace', contentHash: 'h', text: 't', trace: { spans: a.spans, attribution: a } };
    expect(badgeView(r).text).toBe('partly traced 37%');
    expect(badgeView(r).label).toMatch(/partly traced 37%/);
  });

  it('says no lineage, unreachable or error', () => {
    const empty = attribution({ datanets: [], adapters: [], contributors: [], spans: [], coverage: 0 });
    expect(badgeView({ kind: 'trace', contentHash: 'h', text: 't', trace: { spans: [], attribution: empty } }).text).toBe('no lineage');
    expect(badgeView(output(null)).text).toBe('no lineage');
    expect(badgeView({ kind: 'unreachable', message: 'cannot reach http://localhost:4000' }).text).toBe('Strata unreachable — retry');
    expect(badgeView({ kind: 'error', message: 'bad' }).text).toBe('Strata error — retry');
    expect(badgeView(null).state).toBe('loading');
  });

  it('formats percentages honestly', () => {
    expect(percent(0.371)).toBe('37%');
    expect(percent(0.001)).toBe('<1%');
    expect(percent(0.9999)).toBe('>99%');
    expect(percent(1)).toBe('100%');
    expect(verificationText({ state: 'verified', index: '12', treeSize: '20', origin: 'o', keyId: 'k' })).toBe('verified in log #12');
    expect(verificationText({ state: 'failed', reason: 'checkpoint signature is invalid' })).toBe('not verified: checkpoint signature is invalid');
  });
});

describe('badge and popover rendering', () => {
  it('renders a focusable, labelled chip in a shadow root', () => {
    const doc = makeDocument('<div id="answer">text</div>');
    const badge = new Badge(doc, { retry: vi.fn(), openGraph: vi.fn(), openOptions: vi.fn(), disableSite: vi.fn() });
    doc.getElementById('answer')!.appendChild(badge.host);
    expect(badge.host.shadowRoot).toBe(badge.root);
    expect(badge.chip.tagName).toBe('BUTTON');
    expect(badge.chip.getAttribute('aria-label')).toBe('Strata: looking up lineage');
    badge.setResult(output(attribution()));
    expect(badge.chip.textContent).toBe('2 datanets · 2 adapters · 7 contributors');
    expect(badge.chip.getAttribute('aria-label')).toMatch(/^Strata lineage: 2 datanets/);
    expect(badge.host.getAttribute('style')).toMatch(/height: 28px/);
  });

  it('retries from the unreachable state instead of opening', () => {
    const doc = makeDocument('');
    const retry = vi.fn();
    const badge = new Badge(doc, { retry, openGraph: vi.fn(), openOptions: vi.fn(), disableSite: vi.fn() });
    badge.setResult({ kind: 'unreachable', message: 'down' });
    badge.chip.dispatchEvent(new (doc.defaultView as unknown as { Event: typeof Event }).Event('click'));
    expect(retry).toHaveBeenCalledOnce();
    expect(badge.isOpen()).toBe(false);
  });

  it('a rejected key says so and opens the options page instead of retrying', () => {
    const doc = makeDocument('');
    const retry = vi.fn();
    const openOptions = vi.fn();
    const badge = new Badge(doc, { retry, openGraph: vi.fn(), openOptions, disableSite: vi.fn() });
    badge.setResult({ kind: 'key-rejected', message: 'Unknown or revoked API key' });
    expect(badge.chip.textContent).toBe('Strata key rejected — options');
    expect(badge.chip.getAttribute('data-state')).toBe('key-rejected');
    expect(badge.chip.getAttribute('aria-label')).toMatch(/rejected your API key \(Unknown or revoked API key\)\. Open the Strata options/);
    badge.chip.dispatchEvent(new (doc.defaultView as unknown as { Event: typeof Event }).Event('click'));
    expect(openOptions).toHaveBeenCalledOnce();
    expect(retry).not.toHaveBeenCalled();
    expect(badge.isOpen()).toBe(false);
  });

  it('shows share bars, method, version and log status — API strings only as text', () => {
    const doc = makeDocument('');
    const pop = doc.createElement('div');
    const openGraph = vi.fn();
    renderPopoverContent(doc, pop, output(attribution()), { close: vi.fn(), openGraph, disableSite: vi.fn() });
    const rows = (kind: string) => Array.from(pop.querySelectorAll(`[data-kind="${kind}"] .row`));
    expect(rows('datanets').map((r) => [r.querySelector('.name')!.textContent, r.getAttribute('data-share')])).toEqual([
      ['Clinical notes', '0.6'],
      [EVIL, '0.4'],
    ]);
    expect(rows('adapters').map((r) => r.querySelector('.pct')!.textContent)).toEqual(['75%', '25%']);
    // Top 5 contributors and the rest folded.
    expect(rows('contributors')).toHaveLength(6);
    expect(rows('contributors')[5]!.textContent).toMatch(/^2 more/);
    expect(pop.querySelector('.method')!.textContent).toBe('Method: span-owen (version 1.2.0)');
    expect(pop.querySelector('.log')!.textContent).toBe('✓ verified in log #41');
    // The malicious name is text, not markup.
    expect(pop.querySelectorAll('img')).toHaveLength(0);
    expect(pop.textContent).toContain(EVIL);
    // The graph action opens the output's lineage.
    (pop.querySelector('.action.graph') as HTMLElement).dispatchEvent(new (doc.defaultView as unknown as { Event: typeof Event }).Event('click'));
    expect(openGraph).toHaveBeenCalledWith('out-1', 'this output');
  });

  it('names the model, draws each share bar to its share, says how the answer was recognised, keeps ids in a details view', () => {
    const doc = makeDocument('');
    const pop = doc.createElement('div');
    renderPopoverContent(doc, pop, { ...(output(attribution()) as Extract<LookupResult, { kind: 'output' }>), matchedBy: 'words' }, { close: vi.fn(), openGraph: vi.fn(), disableSite: vi.fn() });
    expect(pop.querySelector('.model')!.textContent).toBe('Model: Tutor 2.1');
    const fills = Array.from(pop.querySelectorAll('[data-kind="datanets"] .row .fill')) as HTMLElement[];
    expect(fills.map((f) => f.style.width)).toEqual(['60.00%', '40.00%']);
    expect(pop.querySelector('.match')!.textContent).toBe('Recognised by its words (the page renders its formatting)');
    // Ids only inside the collapsed details view; names everywhere else.
    const details = pop.querySelector('details.ids')!;
    expect(details.hasAttribute('open')).toBe(false);
    expect(details.textContent).toContain('out-1');
    expect(details.textContent).toContain('mdl-1');
    details.remove();
    expect(pop.textContent).not.toMatch(/out-1|mdl-1|dn-1|ad-1|c-0/);
  });

  it('an unrecorded answer: the chip offers a trace, and only a real click starts it', () => {
    const doc = makeDocument('<div id="a"></div>');
    const trace = vi.fn();
    const badge = new Badge(doc, { retry: vi.fn(), openGraph: vi.fn(), openOptions: vi.fn(), disableSite: vi.fn(), trace });
    badge.setResult({ kind: 'unrecorded', contentHash: 'h' });
    expect(badge.chip.textContent).toBe('not recorded · trace it?');
    expect(badge.chip.getAttribute('aria-label')).toMatch(/sends its text to Strata/);
    const Ev = (doc.defaultView as unknown as { Event: typeof Event }).Event;
    const synthetic = new Ev('click');
    Object.defineProperty(synthetic, 'isTrusted', { value: false });
    badge.chip.dispatchEvent(synthetic);
    expect(trace).not.toHaveBeenCalled();
    const real = new Ev('click');
    Object.defineProperty(real, 'isTrusted', { value: true });
    badge.chip.dispatchEvent(real);
    expect(trace).toHaveBeenCalledTimes(1);
  });

  it('says why a proof is not verified, and that a trace is not in the log', () => {
    const doc = makeDocument('');
    const pop = doc.createElement('div');
    renderPopoverContent(doc, pop, output(attribution(), { state: 'failed', reason: 'inclusion proof does not lead to the signed root' }), { close: vi.fn(), openGraph: vi.fn(), disableSite: vi.fn() });
    expect(pop.querySelector('.log')!.textContent).toBe('⚠ not verified: inclusion proof does not lead to the signed root');
    const a = attribution();
    renderPopoverContent(doc, pop, { kind: 'trace', contentHash: 'h', text: 't', trace: { spans: a.spans, attribution: a } }, { close: vi.fn(), openGraph: vi.fn(), disableSite: vi.fn() });
    expect(pop.querySelector('.log')!.textContent).toMatch(/not in log/);
    expect(pop.querySelector('.action.graph')!.textContent).toBe('Open lineage of Clinical notes');
  });

  it('span tooltip names sources for people (datanet, contributor, snippet), as text; the id is only an attribute', () => {
    const doc = makeDocument('<p><strata-mark data-strata data-strata-span="0">hello</strata-mark></p>');
    const tip = new SpanTooltip(doc);
    const mark = doc.querySelector('strata-mark')!;
    const spanData = { start: 0, end: 5, text: 'hello', kind: 'EXACT' as const, similarity: 1, sources: [], records: [{ id: 'rec-9', datanet: { id: 'dn', name: EVIL }, snippet: EVIL, contributor: EVIL }] };
    tip.attach(new Map([[0, [mark]]]), [spanData]);
    expect(mark.getAttribute('tabindex')).toBe('0');
    tip.show(mark, spanData);
    const shadow = tip.host.shadowRoot!;
    const li = shadow.querySelector('li')!;
    expect(li.textContent).toBe(`${EVIL} · by ${EVIL}${EVIL}`);
    expect(li.querySelector('.snippet')!.textContent).toBe(EVIL);
    expect(li.textContent).not.toContain('rec-9');
    expect(li.getAttribute('data-record')).toBe('rec-9');
    expect(shadow.querySelectorAll('img')).toHaveLength(0);
  });
});
