/**
 * How a span's evidence is shown, in the tooltip of a highlight and in the popover's "Passages": its tier in words
 * (with the similarity for NEAR and SEMANTIC), each source's datanet and contributor, and the source's text around
 * the matched passage with the match in a <mark>. Everything from the API is a text node (dom.ts); record ids are only
 * attributes here (the popover's "Ids" view lists them).
 */
import type { SpanKind, TraceSpan } from '../../lib/api-types';
import { contextParts, SPAN_KINDS, TIER_WORDS, tierLabel } from '../../lib/evidence';
import { h } from './dom';
import { markStyle } from './styles';

/** The tier line of a span: "Word for word", "Reworded · 88% similar". */
export function tierLine(doc: Document, span: TraceSpan): HTMLElement {
  return h(doc, 'div', { class: 'tier', 'data-kind': span.kind, title: TIER_WORDS[span.kind].meaning }, tierLabel(span.kind, span.similarity));
}

/** One source's context: before, <mark>match</mark>, after. */
export function contextQuote(doc: Document, context: string, matchStart: number, matchEnd: number, around?: number): HTMLElement {
  const parts = contextParts(context, matchStart, matchEnd, around);
  return h(doc, 'q', { class: 'context' }, parts.before, h(doc, 'mark', {}, parts.match), parts.after);
}

/**
 * The sources of a span, for people: datanet · by handle, then the context (cut to `around` characters on each side
 * of the match). A record the API could not locate the passage in (an attribution older than the tiers) shows the
 * start of its text instead.
 */
export function sourceList(doc: Document, span: TraceSpan, options: { limit: number; around?: number }): HTMLElement {
  const ul = h(doc, 'ul', { class: 'sources' });
  const located = new Set(span.sources.map((s) => s.recordId));
  const items = [
    ...span.sources.map((s) => ({ id: s.recordId, datanet: s.datanet, contributor: s.contributor, body: contextQuote(doc, s.context, s.matchStart, s.matchEnd, options.around) })),
    ...span.records
      .filter((r) => !located.has(r.id))
      .map((r) => ({ id: r.id, datanet: r.datanet, contributor: r.contributor, body: r.snippet ? h(doc, 'q', { class: 'snippet' }, r.snippet) : null })),
  ];
  for (const item of items.slice(0, options.limit)) {
    ul.appendChild(
      h(
        doc,
        'li',
        { 'data-record': item.id },
        h(doc, 'span', { class: 'dn' }, item.datanet?.name || 'a datanet'),
        item.contributor ? h(doc, 'span', { class: 'by' }, ` · by ${item.contributor}`) : null,
        item.body,
      ),
    );
  }
  if (items.length > options.limit) ul.appendChild(h(doc, 'li', { class: 'more' }, `${items.length - options.limit} more`));
  if (items.length === 0) ul.appendChild(h(doc, 'li', {}, 'no record details'));
  return ul;
}

/** A sample of each tier's highlight, named: the key to the styles in the answer. */
export function tierLegend(doc: Document): HTMLElement {
  return h(
    doc,
    'div',
    { class: 'legend', role: 'list', 'aria-label': 'Highlight styles' },
    ...SPAN_KINDS.map((kind: SpanKind) => {
      const sample = h(doc, 'span', { class: 'sample', 'data-kind': kind }, TIER_WORDS[kind].phrase);
      sample.setAttribute('style', markStyle(kind));
      return h(doc, 'span', { role: 'listitem', title: TIER_WORDS[kind].meaning }, sample);
    }),
  );
}

/** How much of the span's text a passage's summary line shows. */
const SUMMARY_CHARS = 70;

/**
 * The popover's "Passages": each highlighted span as a collapsed entry (its tier and the start of its words) that
 * expands to its sources in context. A keyboard user reaches every source here, without hovering.
 */
export function passageList(doc: Document, spans: readonly TraceSpan[], limit: number): HTMLElement {
  const list = h(doc, 'div', { class: 'passages' });
  spans.slice(0, limit).forEach((span, i) => {
    const words = span.text.replace(/\s+/g, ' ').trim();
    const cut = words.length > SUMMARY_CHARS ? `${words.slice(0, SUMMARY_CHARS).replace(/\s+\S*$/, '')}…` : words;
    const sample = h(doc, 'span', { class: 'sample', 'data-kind': span.kind }, TIER_WORDS[span.kind].phrase);
    sample.setAttribute('style', markStyle(span.kind));
    list.appendChild(
      h(
        doc,
        'details',
        { class: 'passage', 'data-span': i, 'data-kind': span.kind },
        h(doc, 'summary', {}, sample, ' ', h(doc, 'span', { class: 'words' }, `“${cut}”`)),
        tierLine(doc, span),
        sourceList(doc, span, { limit: 4 }),
      ),
    );
  });
  if (spans.length > limit) list.appendChild(h(doc, 'div', { class: 'empty' }, `${spans.length - limit} more passages are highlighted in the answer`));
  return list;
}
