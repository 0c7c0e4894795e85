import { normalizeText } from '../../core/normalize.js';
import { createHash } from 'node:crypto';
import { tokenize } from '../trace/tokenize.js';

/**
 * Sentences, the unit of the paraphrase tier: an output sentence is compared with record sentences. Cut with the
 * trace tokenizer's sentence ends (so the tiers agree on where sentences are), offsets in UTF-16 like every span.
 */
export interface Sentence {
  /** UTF-16 offsets into the text: from the first word to the end of the sentence's closing punctuation. */
  start: number;
  end: number;
  text: string;
  /** The trace tokenizer's normalised words: the BM25 terms. */
  terms: string[];
}

// Closing punctuation kept with a sentence (it reads better in a source's context and changes no embedding much).
const RE_CLOSING = /[.!?…。！？"'”’)\]»]/u;

export function splitSentences(text: string): Sentence[] {
  const sentences: Sentence[] = [];
  let first = -1;
  let terms: string[] = [];
  for (const token of tokenize(text)) {
    if (first < 0) first = token.start;
    terms.push(token.norm);
    if (!token.sentenceEnd) continue;
    let end = token.end;
    while (end < text.length && RE_CLOSING.test(text[end]!)) end += 1;
    sentences.push({ start: first, end, text: text.slice(first, end), terms });
    first = -1;
    terms = [];
  }
  return sentences;
}

/**
 * The key of a sentence's vector: SHA-256 of the model version and the sentence's normalised text
 * (docs/architecture.md#text-normalisation-and-hashes), so the same sentence in many records is embedded once and a
 * new model never reuses an old model's vectors.
 */
export function sentenceKey(modelVersion: string, text: string): string {
  return createHash('sha256').update(`${modelVersion}\n${normalizeText(text)}`, 'utf8').digest('hex');
}

const RE_DIGIT = /\p{Nd}/u;
const NUMBER_WORDS = new Map(
  ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen',
    'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty'].map((w, i) => [w, String(i)]),
);
for (const [w, n] of [['thirty', '30'], ['forty', '40'], ['fifty', '50'], ['sixty', '60'], ['seventy', '70'], ['eighty', '80'], ['ninety', '90'], ['hundred', '100'], ['thousand', '1000'], ['million', '1000000'], ['billion', '1000000000']]) NUMBER_WORDS.set(w!, n!);

/**
 * The numbers a sentence states: terms holding a digit ("1648", "40", "3.5") and number words as digits ("six" →
 * "6"), the facts a paraphrase must keep.
 */
export function numbersOf(terms: readonly string[]): string[] {
  const numbers: string[] = [];
  for (const t of terms) {
    if (RE_DIGIT.test(t)) numbers.push(t);
    else if (NUMBER_WORDS.has(t)) numbers.push(NUMBER_WORDS.get(t)!);
  }
  return numbers;
}
