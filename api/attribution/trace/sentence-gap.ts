/**
 * Sentence ends for the tokenizer: whether the text between two tokens ends a sentence. Spans of tracing method 1
 * never continue past one; method 2 may cross one only when both sides are rare (docs/architecture.md#attribution).
 */
import { classify, SPACE } from './char-class.js';

/** Sentence-final punctuation; it needs a following space (or the end of the text): "3.5" and "e.g.x" are not ends. */
const SENTENCE_PUNCT = new Set(['.', '!', '?', '…', '‼', '⁇', '⁈', '⁉']);
/** CJK full stops end a sentence even without a following space. */
const CJK_SENTENCE_PUNCT = new Set(['。', '！', '？', '｡']);
/** May stand between sentence punctuation and the following space: `end."  end.)  end?!  end...` */
const CLOSERS = new Set(['"', "'", '”', '’', ')', ']', '}', '»', '›', '*', '_', '.', '!', '?', '…']);
/**
 * Common abbreviations whose trailing period is not a sentence end. Only a readability aid: the corpus and the
 * output are cut the same way, so a wrong guess only shortens or lengthens spans a little.
 */
const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'sr', 'jr', 'st', 'vs', 'etc', 'e.g', 'i.e', 'cf', 'no', 'fig', 'inc', 'ltd',
  'co', 'corp', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'u.s', 'u.k',
]);

function isSpaceChar(ch: string): boolean {
  return classify(ch.charCodeAt(0)) === SPACE;
}

function isInitial(norm: string): boolean {
  return norm.length === 1 && /\p{L}/u.test(norm);
}

/**
 * Does the gap between a token and the next one (`text[from, to)`; `to` is the text length after the last token)
 * end a sentence? A paragraph break (two newlines) does; a single newline does not, because corpus texts are often
 * hard-wrapped mid-sentence. `prevNorm` lets a period after an abbreviation or an initial pass.
 */
export function gapEndsSentence(text: string, from: number, to: number, prevNorm: string): boolean {
  let newlines = 0;
  for (let i = from; i < to; i++) {
    const ch = text[i]!;
    if (ch === '\n' || ch === '\u2029') {
      newlines += ch === '\n' ? 1 : 2;
      if (newlines >= 2) return true;
      continue;
    }
    if (CJK_SENTENCE_PUNCT.has(ch)) return true;
    if (!SENTENCE_PUNCT.has(ch)) continue;
    if (ch === '.' && i === from && (ABBREVIATIONS.has(prevNorm) || isInitial(prevNorm))) continue;
    let j = i + 1;
    while (j < to && CLOSERS.has(text[j]!)) j++;
    if (j === text.length || (j < to && isSpaceChar(text[j]!))) return true;
  }
  return false;
}
