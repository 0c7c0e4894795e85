/**
 * Evidence tiers in words (docs/architecture.md#attribution: EXACT, NEAR, SEMANTIC) and a source's context split
 * around its matched passage. Pure, so the words and the offsets are unit-tested directly.
 */
import type { Attribution, SpanKind } from './api-types';
import { percent } from './format';

export const SPAN_KINDS: readonly SpanKind[] = ['EXACT', 'NEAR', 'SEMANTIC'];

/** How each tier is named for people: in a sentence ("72% word for word") and as a heading ("Word for word"). */
export const TIER_WORDS: Record<SpanKind, { phrase: string; title: string; meaning: string }> = {
  EXACT: { phrase: 'word for word', title: 'Word for word', meaning: 'the source has these exact words' },
  NEAR: { phrase: 'reworded', title: 'Reworded', meaning: 'the source has this passage with a few words changed' },
  SEMANTIC: { phrase: 'paraphrased', title: 'Paraphrased', meaning: 'the source says the same in other words' },
};

/** "Word for word", "Reworded · 88% similar", "Paraphrased · 86% similar": the tier of one span, for people. */
export function tierLabel(kind: SpanKind, similarity: number): string {
  const title = TIER_WORDS[kind].title;
  return kind === 'EXACT' ? title : `${title} · ${percent(similarity)} similar`;
}

/**
 * The coverage line split by tier: "Coverage: 85% of the text — 72% word for word, 9% reworded, 4% paraphrased".
 * Tiers that explain nothing are left out; an API that gave no split says the total only.
 */
export function coverageText(a: Pick<Attribution, 'coverage' | 'coverageByKind'>): string {
  const total = `Coverage: ${percent(a.coverage)} of the text`;
  const parts = SPAN_KINDS.flatMap((kind) => {
    const c = a.coverageByKind.find((k) => k.kind === kind)?.coverage ?? 0;
    return c > 0 ? [`${percent(c)} ${TIER_WORDS[kind].phrase}`] : [];
  });
  return parts.length === 0 ? total : `${total} — ${parts.join(', ')}`;
}

export interface ContextParts {
  /** Text of the record before the match ('…' first when cut here). */
  before: string;
  match: string;
  after: string;
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** Moves a UTF-16 offset off the middle of a surrogate pair (to the pair's start), so no slice splits a character. */
function atCharBoundary(s: string, i: number): number {
  return i > 0 && i < s.length && isLow(s.charCodeAt(i)) && isHigh(s.charCodeAt(i - 1)) ? i - 1 : i;
}

/**
 * The context split at matchStart..matchEnd (UTF-16 offsets, as the API gives them: JavaScript strings index the
 * same way, so an emoji before the match is two units here as there). `around` caps the characters shown on each
 * side (a tooltip is small); a cut side is cut at a space and marked with '…'.
 */
export function contextParts(context: string, matchStart: number, matchEnd: number, around = Infinity): ContextParts {
  const start = atCharBoundary(context, Math.max(0, Math.min(matchStart, context.length)));
  const end = atCharBoundary(context, Math.max(start, Math.min(matchEnd, context.length)));
  let before = context.slice(0, start);
  let after = context.slice(end);
  if (before.length > around) {
    let from = atCharBoundary(before, before.length - around);
    const space = before.slice(from).search(/\s/u);
    if (space >= 0 && space < before.length - from - 1) from += space + 1;
    before = `…${before.slice(from)}`;
  }
  if (after.length > around) {
    let to = atCharBoundary(after, around);
    const space = Math.max(after.lastIndexOf(' ', to), after.lastIndexOf('\n', to));
    if (space > 0) to = space;
    after = `${after.slice(0, to)}…`;
  }
  return { before, match: context.slice(start, end), after };
}
