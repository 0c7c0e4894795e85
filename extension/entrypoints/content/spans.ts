/**
 * From traced spans (UTF-16 offsets into the text the API holds) to ranges of the page's own text.
 * Both texts normalise to the same string (that is how they were matched), so offsets go
 * API text → normalised text → page text through the offset maps; if that fails, the span's text is searched for.
 */
import type { TraceSpan } from '../../lib/api-types';
import type { LookupResult } from '../../lib/messages';
import { normalizeText, normalizeWithMap, normalizedOffset, rawRange, type NormalizedWithMap } from '../../lib/normalize';
import type { HighlightRange } from './text';

export function spansOf(result: LookupResult): { spans: TraceSpan[]; sourceText: string } | null {
  if (result.kind === 'output') return { spans: result.output.attribution?.spans ?? [], sourceText: result.output.text };
  if (result.kind === 'trace') return { spans: result.trace.spans, sourceText: result.text };
  return null;
}

function trimmed(norm: string, a: number, b: number): [number, number] {
  while (a < b && norm[a] === ' ') a++;
  while (b > a && norm[b - 1] === ' ') b--;
  return [a, b];
}

export function highlightRanges(result: LookupResult, pageText: string): HighlightRange[] {
  const src = spansOf(result);
  if (!src || src.spans.length === 0) return [];
  const page = normalizeWithMap(pageText);
  if (!page.map) return [];
  const source: NormalizedWithMap = normalizeWithMap(src.sourceText);
  const sameText = source.text === page.text && source.map !== null;

  const ranges: HighlightRange[] = [];
  let searchFrom = 0;
  src.spans.forEach((span, i) => {
    let norm: [number, number] | null = null;
    if (sameText && span.end <= src.sourceText.length && span.start < span.end) {
      const a = normalizedOffset(source, span.start);
      const b = normalizedOffset(source, span.end);
      const sliceOk = !span.text || normalizeText(src.sourceText.slice(span.start, span.end)) === normalizeText(span.text);
      if (a !== null && b !== null && b > a && sliceOk) norm = [a, b];
    }
    if (!norm) {
      const needle = normalizeText(span.text);
      if (needle) {
        let at = page.text.indexOf(needle, searchFrom);
        if (at < 0) at = page.text.indexOf(needle);
        if (at >= 0) norm = [at, at + needle.length];
      }
    }
    if (!norm) return;
    const [a, b] = trimmed(page.text, norm[0], norm[1]);
    const raw = rawRange(page, a, b);
    if (!raw) return;
    searchFrom = b;
    ranges.push({ start: raw[0], end: raw[1], span: i });
  });
  return ranges;
}
