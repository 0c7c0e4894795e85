/**
 * Word tokenisation for span tracing.
 *
 * The tracer compares an output with the corpus token by token, so both sides must be cut the same way and every
 * token must point back into the ORIGINAL text (UTF-16 offsets, because the GraphQL `TraceSpan` and the browser
 * extension use JavaScript string offsets). We therefore scan the raw text ourselves instead of normalising first
 * (NFKC and whitespace collapsing would shift offsets) and normalise each token on its own.
 *
 * A token is one of:
 *  - a word: letters/digits with attached combining marks, kept together across internal apostrophes, hyphens,
 *    underscores and periods ("don't", "state-of-the-art", "u.s", "3.14") and across "," / ":" between digits
 *    ("1,000", "12:30"). Surrounding punctuation is not part of it, so "Contract," and "contract" are the same token.
 *  - one CJK ideograph or kana (those scripts do not separate words with spaces; a dictionary segmenter would make
 *    tokens depend on the ICU version and so break persisted indexes);
 *  - one emoji (with its modifiers, variation selector, ZWJ sequence or flag pair).
 * Zero-width characters (ZWSP, ZWNJ, ZWJ, word joiner, BOM, soft hyphen) inside a word are kept in its offsets but
 * dropped from its normalised form, so invisible characters cannot be used to dodge attribution.
 */

/** Bump when tokenisation changes: persisted indexes built with another version must be rebuilt. */
export const TOKENIZER_VERSION = 1;

export interface Token {
  /** NFKC + lowercase, zero-width characters removed, apostrophe and hyphen variants unified. */
  norm: string;
  /** UTF-16 offsets into the original text: `text.slice(start, end)` is the token as written. */
  start: number;
  end: number;
  /** A sentence (or paragraph) ends after this token; spans never continue past it. */
  sentenceEnd: boolean;
}

export type TokenVisitor = (norm: string, start: number, end: number, sentenceEnd: boolean) => void;

// Character classes. Stored in a lazily filled table for the BMP so the hot loop does no regex work for text it
// has seen before.
const SPACE = 1;
const WORD = 2; // letters and digits
const DIGIT = 3; // digits, also word characters; separate so "1,000" can join
const MARK = 4; // combining marks: attach to the previous character
const INVISIBLE = 5; // zero-width characters: attach, removed from the normalised form
const CJK = 6;
const PICTO = 7; // emoji base
const EMOJI_MOD = 8; // skin tones, VS16, keycap, tags: attach to an emoji
const REGIONAL = 9; // regional indicator (flag halves)
const JOINER = 10; // joins two word characters: ' ’ - _ . etc.
const NUM_JOINER = 11; // joins two digits: , :
const OTHER = 12; // punctuation and symbols: never part of a token

const ZWJ = 0x200d;
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
  // Before the joiner test: © and ® are pictographic too, treated as emoji tokens like the rest.
  if (RE_PICTO.test(ch)) return PICTO;
  if (
    cp === 0x27 || cp === 0x2019 || cp === 0x02bc || cp === 0x2d || cp === 0x2010 || cp === 0x2011 ||
    cp === 0x5f || cp === 0x2e || cp === 0xb7
  ) {
    return JOINER;
  }
  if (cp === 0x2c || cp === 0x3a) return NUM_JOINER;
  return OTHER;
}

const bmpClass = new Uint8Array(0x10000);
const astralClass = new Map<number, number>();

function classify(cp: number): number {
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

function isWordClass(c: number): boolean {
  return c === WORD || c === DIGIT;
}

/** Code point starting at UTF-16 index `i` (never allocates, unlike iterating the string). */
function cpAt(text: string, i: number): number {
  return text.codePointAt(i)!;
}

function cpLen(cp: number): number {
  return cp > 0xffff ? 2 : 1;
}

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

/**
 * Does the gap between a token and the next one (`text[from, to)`; `to` is the text length after the last token)
 * end a sentence? A paragraph break (two newlines) does; a single newline does not, because corpus texts are often
 * hard-wrapped mid-sentence. `prevNorm` lets a period after an abbreviation or an initial pass.
 */
function gapEndsSentence(text: string, from: number, to: number, prevNorm: string): boolean {
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

function isInitial(norm: string): boolean {
  return norm.length === 1 && /\p{L}/u.test(norm);
}

const RE_INVISIBLE_G = /[\u200b\u200c\u200d\u2060\ufeff\u00ad]/gu;
const RE_APOSTROPHE_G = /[\u2019\u02bc]/gu;
const RE_HYPHEN_G = /[\u2010\u2011]/gu;
// eslint-disable-next-line no-control-regex
const RE_PLAIN_ASCII = /^[\x20-\x7e]*$/;

/** Normalised form of one token's raw text. */
export function normalizeToken(raw: string): string {
  if (RE_PLAIN_ASCII.test(raw)) return raw.toLowerCase();
  return raw
    .normalize('NFKC')
    .toLowerCase()
    .replace(RE_INVISIBLE_G, '')
    .replace(RE_APOSTROPHE_G, "'")
    .replace(RE_HYPHEN_G, '-');
}

/**
 * Visits each token of `text` in order. Streaming (no token objects) so corpus indexing of 10^7 tokens does not
 * allocate 10^7 objects.
 */
export function forEachToken(text: string, visit: TokenVisitor): void {
  const n = text.length;
  let pendingStart = -1; // token waiting for its sentence-end flag
  let pendingEnd = -1;
  let pendingNorm = '';

  // A token's sentence-end flag depends on the gap up to the next token, so each token is visited when the next
  // one starts (or at the end of the text).
  const emit = (start: number, end: number): void => {
    if (pendingStart >= 0) {
      visit(pendingNorm, pendingStart, pendingEnd, gapEndsSentence(text, pendingEnd, start, pendingNorm));
    }
    pendingStart = start;
    pendingEnd = end;
    pendingNorm = normalizeToken(text.slice(start, end));
  };

  let i = 0;
  while (i < n) {
    const cp = cpAt(text, i);
    const c = classify(cp);
    if (c === WORD || c === DIGIT) {
      const start = i;
      let end = i + cpLen(cp);
      let lastWasDigit = c === DIGIT;
      let j = end;
      // Extend over word characters, attached marks, invisibles inside the word and internal joiners.
      while (j < n) {
        const cp2 = cpAt(text, j);
        const c2 = classify(cp2);
        const len2 = cpLen(cp2);
        if (isWordClass(c2)) {
          lastWasDigit = c2 === DIGIT;
          j += len2;
          end = j;
        } else if (c2 === MARK || c2 === EMOJI_MOD) {
          j += len2;
          end = j;
        } else if (c2 === INVISIBLE) {
          // Skipped, but only part of the token if the word goes on after it (no trailing invisibles).
          j += len2;
        } else if (c2 === JOINER || c2 === NUM_JOINER) {
          // Internal only if a single joiner is followed by a word character ("don't", "3.14"; not "end--x").
          if (j + 1 >= n) break;
          const c3 = classify(cpAt(text, j + 1));
          const joins = c2 === JOINER ? isWordClass(c3) : lastWasDigit && c3 === DIGIT;
          if (!joins) break;
          j += 1;
        } else {
          break;
        }
      }
      emit(start, end);
      i = end;
    } else if (c === CJK) {
      const start = i;
      let end = i + cpLen(cp);
      while (end < n) {
        const c2 = classify(cpAt(text, end));
        if (c2 !== MARK && c2 !== EMOJI_MOD) break;
        end += cpLen(cpAt(text, end));
      }
      emit(start, end);
      i = end;
    } else if (c === PICTO || c === REGIONAL) {
      const start = i;
      let end = i + cpLen(cp);
      if (c === REGIONAL && end < n && classify(cpAt(text, end)) === REGIONAL) end += cpLen(cpAt(text, end));
      // Modifiers, variation selectors, keycaps, tags, and ZWJ-joined pictographs belong to one emoji.
      while (end < n) {
        const cp2 = cpAt(text, end);
        const c2 = classify(cp2);
        if (c2 === EMOJI_MOD || c2 === MARK) {
          end += cpLen(cp2);
        } else if (cp2 === ZWJ && end + 1 < n && classify(cpAt(text, end + 1)) === PICTO) {
          end += 1 + cpLen(cpAt(text, end + 1));
        } else {
          break;
        }
      }
      emit(start, end);
      i = end;
    } else {
      i += cpLen(cp);
    }
  }
  if (pendingStart >= 0) visit(pendingNorm, pendingStart, pendingEnd, true);
}

/** All tokens of `text` (convenience for outputs and tests; corpus indexing uses `forEachToken`). */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  forEachToken(text, (norm, start, end, sentenceEnd) => tokens.push({ norm, start, end, sentenceEnd }));
  return tokens;
}
