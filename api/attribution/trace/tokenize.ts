/**
 * Word tokenisation for span tracing (docs/architecture.md#canonical-tokens).
 *
 * The tracer compares an output with the corpus token by token, so both sides must be cut the same way and every
 * token must point back into the ORIGINAL text (UTF-16 offsets, because the GraphQL `TraceSpan` and the browser
 * extension use JavaScript string offsets). We therefore scan the raw text ourselves instead of normalising first
 * (NFKC and whitespace collapsing would shift offsets) and normalise each token on its own.
 *
 * A token is one of:
 *  - a word: letters/digits with attached combining marks, kept together across internal apostrophes, underscores
 *    and periods ("don't", "u.s", "3.14") and across "," / ":" between digits ("1,000", "12:30"). Surrounding
 *    punctuation is not part of it, so "Contract," and "contract" are the same token;
 *  - one CJK ideograph or kana (those scripts do not separate words with spaces; a dictionary segmenter would make
 *    tokens depend on the ICU version and so break persisted indexes).
 * Zero-width characters (ZWSP, ZWNJ, ZWJ, word joiner, BOM, soft hyphen) inside a word are kept in its offsets but
 * dropped from its normalised form, so invisible characters cannot be used to dodge attribution.
 *
 * Two versions exist; every index and every attribution names the one it was made with, and both stay runnable so
 * old attributions can be recomputed exactly:
 *  - version 1: dashes join words ("state-of-the-art" is one token); emoji are tokens; each token normalised by
 *    NFKC + lowercase.
 *  - version 2 (current): the canonical form of canonical-token.ts, and: dashes separate words ("well-known" =
 *    "well known"); a word hyphenated across a line break is one word ("indepen-\ndent"); URLs, citation markers
 *    ("[12]") and emoji are not words at all (they are skipped, so they neither split a quote nor count in coverage);
 *    "%" is the word "percent"; a number followed by thousand/million/billion/trillion is the one number it names;
 *    contractions are two words, each pointing at its part of the raw text ("do" → "do", "n't" → "not").
 */
import {
  CJK, classify, cpAt, cpLen, DASH, DIGIT, EMOJI_MOD, INVISIBLE, isWordClass, JOINER, MARK, NUM_JOINER, PICTO,
  REGIONAL, WORD, ZWJ,
} from './char-class.js';
import { canonicalToken, normalizeTokenV1, NUMBER_SCALES, RE_PLAIN_NUMBER, scaleNumber, splitContraction } from './canonical-token.js';
import { gapEndsSentence } from './sentence-gap.js';

export type TokenizerVersion = 1 | 2;

/** The version new indexes and attributions use. Persisted indexes built with another version are rebuilt. */
export const TOKENIZER_VERSION: TokenizerVersion = 2;
export const TOKENIZER_VERSIONS: readonly TokenizerVersion[] = [1, 2];

export interface Token {
  /** Normalised (version 1) or canonical (version 2) form. */
  norm: string;
  /** UTF-16 offsets into the original text: `text.slice(start, end)` is the token as written. */
  start: number;
  end: number;
  /** A sentence (or paragraph) ends after this token. */
  sentenceEnd: boolean;
}

export type TokenVisitor = (norm: string, start: number, end: number, sentenceEnd: boolean) => void;

/** Version 1's normal form of one token (exported for tests and for callers that hash version-1 tokens). */
export const normalizeToken = normalizeTokenV1;

const RE_URL_START = /(?:https?:\/\/|www\.)[^\s]/iy;
const RE_URL_BODY = /[^\s<>"'`()[\]{}]+(?:\([^\s()]*\)[^\s<>"'`()[\]{}]*)*/y;
const RE_CITATION = /\[\d{1,3}(?:\s?[,–-]\s?\d{1,3})*\](?![(\[])/y; // not "[12](url)": a link
const RE_LINE_BREAK_HYPHEN = /[-\u2010\u2011][ \t\u00a0]*(?:\r?\n|\u2028)[ \t\u00a0]*(?=\p{L})/uy;
const RE_UPPER = /^\p{Lu}$/u;

function matchAt(re: RegExp, text: string, at: number): number {
  re.lastIndex = at;
  return re.test(text) ? re.lastIndex : -1;
}

/** End of a URL starting at `at` (trailing sentence punctuation is not part of it), or -1. */
function urlEnd(text: string, at: number): number {
  if (matchAt(RE_URL_START, text, at) < 0) return -1;
  let end = matchAt(RE_URL_BODY, text, at);
  while (end > at && '.,;:!?'.includes(text[end - 1]!)) end--;
  return end;
}

/**
 * Visits each token of `text` in order. Streaming (no token objects) so corpus indexing of 10^7 tokens does not
 * allocate 10^7 objects.
 */
export function forEachToken(text: string, visit: TokenVisitor, version: TokenizerVersion = TOKENIZER_VERSION): void {
  const v2 = version === 2;
  const n = text.length;
  let pendingStart = -1; // token waiting for its sentence-end flag
  let pendingEnd = -1;
  let pendingNorm = '';

  // A token's sentence-end flag depends on the gap up to the next token, so each token is visited when the next
  // one starts (or at the end of the text).
  const emit = (norm: string, start: number, end: number): void => {
    if (pendingStart >= 0) {
      visit(pendingNorm, pendingStart, pendingEnd, gapEndsSentence(text, pendingEnd, start, pendingNorm));
    }
    pendingStart = start;
    pendingEnd = end;
    pendingNorm = norm;
  };

  // Version 2: a number waits for the next word, which may be a scale word that belongs to it ("1.25 million").
  let heldNumber: { norm: string; start: number; end: number } | null = null;
  const flushNumber = (): void => {
    if (heldNumber) emit(heldNumber.norm, heldNumber.start, heldNumber.end);
    heldNumber = null;
  };
  const emitWord = (start: number, end: number): void => {
    const raw = text.slice(start, end);
    if (!v2) {
      emit(normalizeTokenV1(raw), start, end);
      return;
    }
    const norm = canonicalToken(raw);
    if (heldNumber) {
      const exponent = NUMBER_SCALES.get(norm);
      const sameSentence = exponent !== undefined && !gapEndsSentence(text, heldNumber.end, start, heldNumber.norm);
      const scaled = sameSentence ? scaleNumber(heldNumber.norm, exponent) : null;
      if (scaled !== null) {
        const from = heldNumber.start;
        heldNumber = null;
        emit(scaled, from, end);
        return;
      }
      flushNumber();
    }
    if (RE_PLAIN_NUMBER.test(norm)) {
      heldNumber = { norm, start, end };
      return;
    }
    const contraction = norm.includes("'") ? splitContraction(norm, raw) : null;
    if (contraction) {
      emit(contraction.first, start, start + contraction.at);
      emit(contraction.second, start + contraction.at, end);
    } else {
      emit(norm, start, end);
    }
  };

  let i = 0;
  while (i < n) {
    const cp = cpAt(text, i);
    const c = classify(cp);
    // Version 2 skips URLs (https://…, www.…): their words are an address, not text anyone wrote.
    const url = v2 && c === WORD && (cp === 0x68 || cp === 0x48 || cp === 0x77 || cp === 0x57) ? urlEnd(text, i) : -1;
    if (url > 0) {
      i = url;
    } else if (isWordClass(c)) {
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
        } else if (c2 === DASH && v2) {
          // Version 2: a dash ends the word, unless it is a hyphenation at a line break ("indepen-\ndent").
          const repaired = lastWasDigit ? -1 : matchAt(RE_LINE_BREAK_HYPHEN, text, j);
          // "indepen-\ndent" and "INDEPEN-\nDENT", not "end-\nNext" (a capital after a lowercase half starts a word).
          if (repaired < 0 || (RE_UPPER.test(String.fromCodePoint(cpAt(text, repaired))) && !RE_UPPER.test(text[j - 1]!))) break;
          j = repaired;
        } else if (c2 === JOINER || c2 === NUM_JOINER || c2 === DASH) {
          // Internal only if a single joiner is followed by a word character ("don't", "3.14"; not "end--x").
          if (j + 1 >= n) break;
          const c3 = classify(cpAt(text, j + 1));
          const joins = c2 === NUM_JOINER ? lastWasDigit && c3 === DIGIT : isWordClass(c3);
          if (!joins) break;
          j += 1;
        } else {
          break;
        }
      }
      emitWord(start, end);
      i = end;
    } else if (c === CJK) {
      const start = i;
      let end = i + cpLen(cp);
      while (end < n) {
        const c2 = classify(cpAt(text, end));
        if (c2 !== MARK && c2 !== EMOJI_MOD) break;
        end += cpLen(cpAt(text, end));
      }
      emitWord(start, end);
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
      // Version 2 skips emoji: decoration, not words.
      if (!v2) emitWord(start, end);
      i = end;
    } else if (v2 && cp === 0x5b /* [ */ && matchAt(RE_CITATION, text, i) > 0) {
      i = RE_CITATION.lastIndex;
    } else if (v2 && (cp === 0x25 || cp === 0xff05) /* % ％ */) {
      emitWord(i, i + 1);
      i += 1;
    } else {
      i += cpLen(cp);
    }
  }
  flushNumber();
  if (pendingStart >= 0) visit(pendingNorm, pendingStart, pendingEnd, true);
}

/** All tokens of `text` (convenience for outputs and tests; corpus indexing uses `forEachToken`). */
export function tokenize(text: string, version: TokenizerVersion = TOKENIZER_VERSION): Token[] {
  const tokens: Token[] = [];
  forEachToken(text, (norm, start, end, sentenceEnd) => tokens.push({ norm, start, end, sentenceEnd }), version);
  return tokens;
}
