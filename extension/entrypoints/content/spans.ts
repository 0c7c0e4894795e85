/**
 * From traced spans (UTF-16 offsets into the text the API holds) to ranges of the page's own text.
 * When both texts normalise to the same string (matched by content hash, or traced from the page's own text),
 * offsets go API text → normalised text → page text through the offset maps. When the page renders the output's
 * markdown (matched by words hash), the two texts have the same canonical words (docs/architecture.md#the-words-hash),
 * so a span maps word by word. Failing both, the span's text is searched for.
 */
import { canonicalWords } from '../../../api/attribution/trace/words-hash';
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

/** Spans of this many words or more are "long" (the highlight density setting). */
export const LONG_SPAN_WORDS = 8;

/** Indices of the spans to highlight at a density. */
export function spansToShow(spans: readonly TraceSpan[], density: 'all' | 'long' | 'none'): Set<number> {
  const out = new Set<number>();
  if (density === 'none') return out;
  spans.forEach((span, i) => {
    if (density === 'all' || canonicalWords(span.text).length >= LONG_SPAN_WORDS) out.add(i);
  });
  return out;
}

/**
 * Word-by-word ranges: each span covers the source's canonical words inside it, and the page's words at the same
 * positions are highlighted, from the first one's start to the last one's end. Null when the word sequences differ.
 */
export function wordRanges(sourceText: string, spans: readonly TraceSpan[], pageText: string): HighlightRange[] | null {
  const src = canonicalWords(sourceText);
  const page = canonicalWords(pageText);
  if (src.length !== page.length || src.some((t, i) => t.norm !== page[i]!.norm)) return null;
  const ranges: HighlightRange[] = [];
  spans.forEach((span, i) => {
    let a = 0;
    while (a < src.length && src[a]!.start < span.start) a++;
    let b = a;
    while (b < src.length && src[b]!.end <= span.end) b++;
    if (b > a) ranges.push({ start: page[a]!.start, end: page[b - 1]!.end, span: i });
  });
  return ranges;
}

export function highlightRanges(result: LookupResult, pageText: string): HighlightRange[] {
  const src = spansOf(result);
  if (!src || src.spans.length === 0) return [];
  if (result.kind === 'output' && normalizeText(src.sourceText) !== normalizeText(pageText)) {
    const byWords = wordRanges(src.sourceText, src.spans, pageText);
    if (byWords) return byWords;
  }
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
