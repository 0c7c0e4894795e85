import { describe, expect, it } from 'vitest';
import { highlightRanges } from '../../../extension/entrypoints/content/spans';
import { extractText, unwrapAll, wrapRanges } from '../../../extension/entrypoints/content/text';
import type { Attribution, TraceSpan } from '../../../extension/lib/api-types';
import type { LookupResult } from '../../../extension/lib/messages';
import { normalizeText } from '../../../extension/lib/normalize';
import { makeDocument } from './support/dom';

function attribution(spans: TraceSpan[]): Attribution {
  return { method: 'span-owen', methodVersion: '1', coverage: 0.5, coverageByKind: [], datanets: [], adapters: [], contributors: [], records: [], spans };
}

function span(text: string, source: string, from = 0): TraceSpan {
  const start = source.indexOf(text, from);
  return { start, end: start + text.length, text, kind: 'EXACT', similarity: 1, sources: [], records: [{ id: 'rec-1', datanet: { id: 'dn-1', name: 'Clinical notes' }, snippet: '', contributor: '' }] };
}

describe('answer text extraction', () => {
  it('turns blocks and <br> into breaks, skips buttons, hidden parts and our UI', () => {
    const doc = makeDocument(
      '<div id="a"><h2>Title</h2><p>One <em>two</em><br>three</p><pre><code>x = 1</code></pre><button>Copy code</button>' +
        '<span aria-hidden="true">icon</span><ul><li>a</li><li>b</li></ul><strata-badge data-strata="badge">3 datanets</strata-badge></div>',
    );
    const { text } = extractText(doc.getElementById('a')!);
    expect(normalizeText(text)).toBe('Title One two three x = 1 a b');
  });

  it('keeps a map from text offsets to text nodes', () => {
    const doc = makeDocument('<p id="p">Hello <b>bold</b> world</p>');
    const ex = extractText(doc.getElementById('p')!);
    for (const seg of ex.segments) expect(ex.text.slice(seg.start, seg.start + seg.node.data.length)).toBe(seg.node.data);
  });
});

describe('span highlighting', () => {
  const html = '<div id="a"><p>The quick brown fox jumps over the lazy dog.</p><p>Then the   fox\u00a0slept under a tree.</p></div>';

  it('maps traced spans of the normalised text onto the page and wraps them without changing the text', () => {
    const doc = makeDocument(html);
    const root = doc.getElementById('a')!;
    const ex = extractText(root);
    const norm = normalizeText(ex.text);
    const spans = [span('quick brown fox jumps', norm), span('the fox slept under', norm)];
    const result: LookupResult = { kind: 'trace', contentHash: 'x', text: norm, trace: { spans, attribution: attribution(spans) } };
    const ranges = highlightRanges(result, ex.text);
    expect(ranges.map((r) => normalizeText(ex.text.slice(r.start, r.end)))).toEqual(['quick brown fox jumps', 'the fox slept under']);

    const marks = wrapRanges(ex, ranges, doc);
    expect(marks.get(0)!.map((m) => m.textContent).join('')).toBe('quick brown fox jumps');
    expect(marks.get(1)!.map((m) => m.textContent).join('')).toBe('the   fox\u00a0slept under');
    expect(extractText(root).text).toBe(ex.text); // wrappers never change the answer's text
    unwrapAll(root);
    expect(root.querySelectorAll('strata-mark')).toHaveLength(0);
    expect(extractText(root).text).toBe(ex.text);
  });

  it('maps spans of a recorded output whose stored text differs in whitespace and compatibility forms', () => {
    const doc = makeDocument('<div id="a"><p>The ﬁnal answer:</p><p>use   ＦＵＬＬ width.</p></div>');
    const ex = extractText(doc.getElementById('a')!);
    const stored = 'The final answer:\nuse FULL width.';
    const spans = [span('final answer:\nuse FULL', stored)];
    const result: LookupResult = {
      kind: 'output',
      contentHash: 'x',
      matchedBy: 'content',
      output: { id: 'o', contentHash: 'x', text: stored, model: null, attribution: attribution(spans), logEntry: null },
      verification: { state: 'unavailable', reason: 'n/a' },
    };
    const ranges = highlightRanges(result, ex.text);
    expect(ranges).toHaveLength(1);
    expect(ex.text.slice(ranges[0]!.start, ranges[0]!.end)).toBe('ﬁnal answer:\n\nuse   ＦＵＬＬ');
  });

  it('falls back to searching for the span text when offsets do not fit', () => {
    const doc = makeDocument(html);
    const ex = extractText(doc.getElementById('a')!);
    const bad: TraceSpan = { start: 999, end: 1010, text: 'lazy dog', kind: 'EXACT', similarity: 1, sources: [], records: [] };
    const result: LookupResult = { kind: 'trace', contentHash: 'x', text: 'different text', trace: { spans: [bad], attribution: attribution([bad]) } };
    const ranges = highlightRanges(result, ex.text);
    expect(ranges.map((r) => ex.text.slice(r.start, r.end))).toEqual(['lazy dog']);
  });

  it('clips overlapping spans so each character is wrapped once', () => {
    const doc = makeDocument('<p id="p">alpha beta gamma delta</p>');
    const p = doc.getElementById('p')!;
    const ex = extractText(p);
    const marks = wrapRanges(ex, [{ start: 0, end: 10, span: 0 }, { start: 6, end: 16, span: 1 }], doc);
    expect(marks.get(0)!.map((m) => m.textContent)).toEqual(['alpha beta']);
    expect(marks.get(1)!.map((m) => m.textContent)).toEqual([' gamma']);
    expect(p.textContent).toBe('alpha beta gamma delta');
  });
});
