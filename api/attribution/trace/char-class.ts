/**
 * Character classes of the word tokenizer (tokenize.ts). Kept in a lazily filled table for the BMP so the hot loop
 * does no regex work for text it has seen before.
 */

export const SPACE = 1;
export const WORD = 2; // letters and digits
export const DIGIT = 3; // digits, also word characters; separate so "1,000" can join
export const MARK = 4; // combining marks: attach to the previous character
export const INVISIBLE = 5; // zero-width characters: attach, removed from the normalised form
export const CJK = 6;
export const PICTO = 7; // emoji base
export const EMOJI_MOD = 8; // skin tones, VS16, keycap, tags: attach to an emoji
export const REGIONAL = 9; // regional indicator (flag halves)
export const JOINER = 10; // joins two word characters: ' ’ _ . ·
export const NUM_JOINER = 11; // joins two digits: , :
export const OTHER = 12; // punctuation and symbols: never part of a token
export const DASH = 13; // - ‐ ‑ : joins words in tokenizer v1 ("state-of-the-art"), separates them in v2

export const ZWJ = 0x200d;
const PICTOGRAPHIC_PUNCT = '‼⁇⁈⁉';

const RE_SPACE = /^\s$/u;
const RE_DIGIT = /^\p{N}$/u;
const RE_LETTER = /^\p{L}$/u;
const RE_MARK = /^\p{M}$/u;
// Letters only: U+30FB (katakana middle dot) has kana script extensions but is punctuation.
const RE_CJK = /^(?=\p{L})[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}]$/u;
const RE_PICTO = /^\p{Extended_Pictographic}$/u;
const RE_REGIONAL = /^\p{Regional_Indicator}$/u;

function classifyUncached(cp: number): number {
  // Invisible characters first: some of them (e.g. U+FEFF) are "spaces" to other definitions.
  if (cp === 0x200b || cp === 0x200c || cp === ZWJ || cp === 0x2060 || cp === 0xfeff || cp === 0x00ad) return INVISIBLE;
  if (cp === 0xfe0f || cp === 0xfe0e || (cp >= 0x1f3fb && cp <= 0x1f3ff) || (cp >= 0xe0020 && cp <= 0xe007f)) return EMOJI_MOD;
  if (cp >= 0xd800 && cp <= 0xdfff) return OTHER; // lone surrogate
  const ch = String.fromCodePoint(cp);
  if (PICTOGRAPHIC_PUNCT.includes(ch)) return OTHER; // ‼ and ⁉ are pictographic but end sentences
  if (RE_SPACE.test(ch)) return SPACE;
  if (RE_CJK.test(ch)) return CJK;
  if (RE_MARK.test(ch)) return MARK;
  if (RE_DIGIT.test(ch)) return DIGIT;
  if (RE_LETTER.test(ch)) return WORD;
  if (RE_REGIONAL.test(ch)) return REGIONAL;
  // Before the joiner test: © and ® are pictographic too, treated as emoji like the rest.
  if (RE_PICTO.test(ch)) return PICTO;
  if (cp === 0x2d || cp === 0x2010 || cp === 0x2011) return DASH;
  if (cp === 0x27 || cp === 0x2019 || cp === 0x02bc || cp === 0x5f || cp === 0x2e || cp === 0xb7) return JOINER;
  if (cp === 0x2c || cp === 0x3a) return NUM_JOINER;
  return OTHER;
}

const bmpClass = new Uint8Array(0x10000);
const astralClass = new Map<number, number>();

export function classify(cp: number): number {
  if (cp < 0x10000) {
    let c = bmpClass[cp]!;
    if (c === 0) {
      c = classifyUncached(cp);
      bmpClass[cp] = c;
    }
    return c;
  }
  let c = astralClass.get(cp);
  if (c === undefined) {
    c = classifyUncached(cp);
    astralClass.set(cp, c);
  }
  return c;
}

export function isWordClass(c: number): boolean {
  return c === WORD || c === DIGIT;
}

/** Code point starting at UTF-16 index `i` (never allocates, unlike iterating the string). */
export function cpAt(text: string, i: number): number {
  return text.codePointAt(i)!;
}

export function cpLen(cp: number): number {
  return cp > 0xffff ? 2 : 1;
}
