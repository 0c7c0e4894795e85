/**
 * BERT's WordPiece tokenizer, as the Hugging Face `tokenizers` library runs it for all-MiniLM-L6-v2 (its
 * tokenizer.json: BertNormalizer with lowercase and accent stripping, BertPreTokenizer, WordPiece with `##`
 * continuations, [CLS] … [SEP]). Pure and synchronous, so the model's input ids can be unit-tested without the model.
 * This is the model's own tokenisation, unrelated to the trace tokenizer (api/attribution/trace/tokenize.ts), which
 * Strata uses for spans and sentences.
 */

export interface WordPieceOptions {
  /** Word pieces per sequence including [CLS] and [SEP]; longer input is cut at the end. */
  maxTokens: number;
  /** A word longer than this (in code points) is [UNK] (the HF default). */
  maxWordChars?: number;
}

export class WordPieceTokenizer {
  readonly cls: number;
  readonly sep: number;
  readonly unk: number;
  readonly pad: number;
  private readonly maxWordChars: number;

  constructor(
    private readonly vocab: ReadonlyMap<string, number>,
    private readonly options: WordPieceOptions,
  ) {
    const id = (token: string) => {
      const value = vocab.get(token);
      if (value === undefined) throw new Error(`the WordPiece vocabulary has no ${token}`);
      return value;
    };
    this.cls = id('[CLS]');
    this.sep = id('[SEP]');
    this.unk = id('[UNK]');
    this.pad = id('[PAD]');
    this.maxWordChars = options.maxWordChars ?? 100;
    if (options.maxTokens < 2) throw new Error('maxTokens must leave room for [CLS] and [SEP]');
  }

  /** The vocabulary of a Hugging Face tokenizer.json whose model is WordPiece. */
  static fromTokenizerJson(json: unknown, options: WordPieceOptions): WordPieceTokenizer {
    const model = (json as { model?: { type?: string; vocab?: Record<string, number>; max_input_chars_per_word?: number } }).model;
    if (model?.type !== 'WordPiece' || !model.vocab) throw new Error('tokenizer.json does not describe a WordPiece model');
    return new WordPieceTokenizer(new Map(Object.entries(model.vocab)), {
      maxWordChars: model.max_input_chars_per_word ?? 100,
      ...options,
    });
  }

  /** Input ids for one sequence: [CLS], the word pieces (cut to fit), [SEP]. */
  encode(text: string): number[] {
    const room = this.options.maxTokens - 2;
    const ids = [this.cls];
    for (const word of basicTokens(text)) {
      for (const piece of this.wordPieces(word)) {
        if (ids.length > room) break;
        ids.push(piece);
      }
      if (ids.length > room) break;
    }
    ids.push(this.sep);
    return ids;
  }

  /** Greedy longest-match-first split of one word; the whole word is [UNK] when any part has no piece. */
  private wordPieces(word: string): number[] {
    const chars = Array.from(word);
    if (chars.length > this.maxWordChars) return [this.unk];
    const pieces: number[] = [];
    let start = 0;
    while (start < chars.length) {
      let end = chars.length;
      let found: number | undefined;
      while (start < end) {
        const piece = (start > 0 ? '##' : '') + chars.slice(start, end).join('');
        found = this.vocab.get(piece);
        if (found !== undefined) break;
        end -= 1;
      }
      if (found === undefined) return [this.unk];
      pieces.push(found);
      start = end;
    }
    return pieces;
  }
}

const RE_CONTROL = /\p{C}/u;
const RE_SPACE = /\s/u;
const RE_MARK_NONSPACING_G = /\p{Mn}/gu;
// BERT's punctuation: every ASCII non-alphanumeric printable character (so $, +, ^ too) and Unicode P*.
const RE_PUNCT = /[!-/:-@[-`{-~]|\p{P}/u;

/** CJK ideographs get spaces around them, as in BERT (the ranges of its `_is_chinese_char`). */
function isCjkIdeograph(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x20000 && cp <= 0x2a6df) ||
    (cp >= 0x2a700 && cp <= 0x2b73f) || (cp >= 0x2b740 && cp <= 0x2b81f) || (cp >= 0x2b820 && cp <= 0x2ceaf) ||
    (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x2f800 && cp <= 0x2fa1f)
  );
}

/**
 * BERT's normaliser and pre-tokeniser: drop NUL, U+FFFD and control characters; whitespace splits words; CJK
 * ideographs and punctuation characters are words of their own; accents are stripped (NFD, nonspacing marks
 * removed) and everything is lowercased.
 */
export function basicTokens(text: string): string[] {
  let cleaned = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp === 0 || cp === 0xfffd) continue;
    if (RE_SPACE.test(ch)) {
      cleaned += ' ';
      continue;
    }
    if (RE_CONTROL.test(ch)) continue;
    cleaned += isCjkIdeograph(cp) ? ` ${ch} ` : ch;
  }
  const normalised = cleaned.normalize('NFD').replace(RE_MARK_NONSPACING_G, '').toLowerCase();
  const words: string[] = [];
  let word = '';
  for (const ch of normalised) {
    if (ch === ' ') {
      if (word) words.push(word);
      word = '';
    } else if (RE_PUNCT.test(ch)) {
      if (word) words.push(word);
      words.push(ch);
      word = '';
    } else {
      word += ch;
    }
  }
  if (word) words.push(word);
  return words;
}
