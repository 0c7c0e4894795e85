/**
 * A varied passage and its ground truth: the text, and which character ranges of it came from the source record
 * (possibly altered: re-cased, re-spelt, swapped for a synonym) as opposed to what a family inserted (citation
 * markers, URLs, emoji, link targets, words a near-verbatim edit added).
 */
import { tokenize } from '../../../../api/attribution/trace/tokenize.js';
import { GROUND_TRUTH_TOKENIZER } from './eval-corpus.js';

export interface SourceRange {
  start: number;
  end: number;
}

export interface VariedText {
  text: string;
  /** Ranges of `text` derived from source words, ascending. */
  fromSource: SourceRange[];
}

export class VariedTextBuilder {
  private text = '';
  private readonly ranges: SourceRange[] = [];

  /** Text derived from the source's words. */
  source(text: string): this {
    if (text === '') return this;
    const last = this.ranges.at(-1);
    if (last && last.end === this.text.length) last.end += text.length;
    else this.ranges.push({ start: this.text.length, end: this.text.length + text.length });
    this.text += text;
    return this;
  }

  /** Separators and inserted material (not source words). */
  other(text: string): this {
    this.text += text;
    return this;
  }

  build(): VariedText {
    return { text: this.text, fromSource: this.ranges.map((r) => ({ ...r })) };
  }
}

/** A passage as words and the gaps before them (punctuation, spaces): `gaps[i]` precedes `words[i]`, `tail` ends it. */
export interface WordsAndGaps {
  words: string[];
  gaps: string[];
  tail: string;
}

export function splitWords(text: string): WordsAndGaps {
  const tokens = tokenize(text, GROUND_TRUTH_TOKENIZER);
  const words: string[] = [];
  const gaps: string[] = [];
  let at = 0;
  for (const t of tokens) {
    gaps.push(text.slice(at, t.start));
    words.push(text.slice(t.start, t.end));
    at = t.end;
  }
  return { words, gaps, tail: text.slice(at) };
}

/** Rebuilds a passage word by word; `word(i)` returns the builder steps for word i (default: the word, as source). */
export function rebuild(
  parts: WordsAndGaps,
  word: (i: number, b: VariedTextBuilder) => void = (i, b) => b.source(parts.words[i]!),
  gap: (i: number, b: VariedTextBuilder) => void = (i, b) => b.other(parts.gaps[i]!),
): VariedText {
  const b = new VariedTextBuilder();
  parts.words.forEach((_, i) => {
    gap(i, b);
    word(i, b);
  });
  b.other(parts.tail);
  return b.build();
}
