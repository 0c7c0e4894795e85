/**
 * The passage a span matched in a source record, with some text around it (what OLMoTrace's users ask to see):
 * `context` is a slice of the record's text, and [matchStart, matchEnd) the matched passage inside it (UTF-16).
 */
import { tokenize, type TokenizerVersion } from './trace/tokenize.js';

/** Characters of context kept on each side of the match (cut back to a word boundary). */
export const CONTEXT_CHARS = 160;

export interface SourceContext {
  context: string;
  matchStart: number;
  matchEnd: number;
}

/** Context of the record tokens [tokenStart, tokenEnd) (token offsets of the tokenizer the span was traced with). */
export function sourceContext(recordText: string, tokenStart: number, tokenEnd: number, version: TokenizerVersion): SourceContext | null {
  const tokens = tokenize(recordText, version);
  if (tokenStart < 0 || tokenEnd > tokens.length || tokenStart >= tokenEnd) return null;
  return contextAround(recordText, tokens[tokenStart]!.start, tokens[tokenEnd - 1]!.end);
}

/**
 * For spans stored without source offsets (span-trace/1): the first place the record holds the span's words, in the
 * tokenizer's normal form; null when it does not hold them (the record changed, or a near match).
 */
export function locateSpan(recordText: string, spanText: string, version: TokenizerVersion): SourceContext | null {
  const words = tokenize(spanText, version).map((t) => t.norm);
  if (words.length === 0) return null;
  const tokens = tokenize(recordText, version);
  outer: for (let i = 0; i + words.length <= tokens.length; i++) {
    for (let k = 0; k < words.length; k++) if (tokens[i + k]!.norm !== words[k]) continue outer;
    return contextAround(recordText, tokens[i]!.start, tokens[i + words.length - 1]!.end);
  }
  return null;
}

function contextAround(text: string, start: number, end: number): SourceContext {
  let from = Math.max(0, start - CONTEXT_CHARS);
  let to = Math.min(text.length, end + CONTEXT_CHARS);
  // Cut at whitespace so the context does not begin or end inside a word (or a surrogate pair).
  if (from > 0) {
    const space = text.slice(from, start).search(/\s/u);
    from = space >= 0 ? from + space + 1 : start;
  }
  if (to < text.length) {
    const tail = text.slice(end, to);
    const lastSpace = Math.max(tail.lastIndexOf(' '), tail.lastIndexOf('\n'));
    to = lastSpace >= 0 ? end + lastSpace : end;
  }
  return { context: text.slice(from, to), matchStart: start - from, matchEnd: end - from };
}
