/**
 * Canonical token form, tokenizer version 2 (docs/architecture.md#canonical-tokens): the spelling of a word that
 * survives the ways real outputs differ from their sources without changing the words. On top of version 1's
 * normalisation (NFKC, lowercase, invisible characters removed, apostrophe variants unified) it
 *  - maps Cyrillic and Greek letters that look like Latin ones to those Latin letters (an "а" from the Cyrillic
 *    alphabet inside an English word is a way to dodge matching, never a different word);
 *  - folds diacritics on letters ("São Tomé" = "Sao Tome") and spells out ß, æ, œ, ø, ł, đ, þ, ð, ı;
 *  - writes numbers without digit-group separators ("1,250,000" = "1250000") and small number words as digits
 *    ("three" = "3"), and "%" as "percent";
 *  - expands contractions ("don't" = "do not", "it's" = "it is").
 * Everything here is per token and pure; the scanner in tokenize.ts does what needs neighbouring characters
 * (compounds split on dashes, line-break hyphenation, URLs, citation markers, "1.25 million").
 */

const RE_INVISIBLE_G = /[\u200b\u200c\u200d\u2060\ufeff\u00ad]/gu;
const RE_APOSTROPHE_G = /[\u2019\u02bc]/gu;
const RE_HYPHEN_G = /[\u2010\u2011]/gu;
// eslint-disable-next-line no-control-regex
const RE_PLAIN_ASCII = /^[\x20-\x7e]*$/;

/** Version 1 normal form of one token's raw text (kept unchanged: attributions made with it stay verifiable). */
export function normalizeTokenV1(raw: string): string {
  if (RE_PLAIN_ASCII.test(raw)) return raw.toLowerCase();
  return raw
    .normalize('NFKC')
    .toLowerCase()
    .replace(RE_INVISIBLE_G, '')
    .replace(RE_APOSTROPHE_G, "'")
    .replace(RE_HYPHEN_G, '-');
}

/**
 * Letters of other scripts that render like Latin ones, both cases (Unicode's confusables for Latin, restricted to
 * Cyrillic and Greek letters that are visually identical in common fonts).
 */
const LOOKALIKES: Record<string, string> = {
  // Cyrillic
  'А': 'A', 'В': 'B', 'С': 'C', 'Е': 'E', 'Н': 'H', 'І': 'I', 'Ј': 'J', 'К': 'K', 'М': 'M', 'О': 'O', 'Р': 'P',
  'Ѕ': 'S', 'Т': 'T', 'Х': 'X', 'У': 'Y', 'Ү': 'Y', 'Ԁ': 'D', 'Ԛ': 'Q', 'Ԝ': 'W', 'Һ': 'H', 'Ӏ': 'I',
  'а': 'a', 'с': 'c', 'ԁ': 'd', 'е': 'e', 'һ': 'h', 'і': 'i', 'ј': 'j', 'ӏ': 'l', 'о': 'o', 'р': 'p', 'ԛ': 'q',
  'ѕ': 's', 'ԝ': 'w', 'х': 'x', 'у': 'y', 'ү': 'y',
  // Greek
  'Α': 'A', 'Β': 'B', 'Ε': 'E', 'Ζ': 'Z', 'Η': 'H', 'Ι': 'I', 'Κ': 'K', 'Μ': 'M', 'Ν': 'N', 'Ο': 'O', 'Ρ': 'P',
  'Τ': 'T', 'Υ': 'Y', 'Χ': 'X', 'ο': 'o', 'ν': 'v', 'ι': 'i', 'κ': 'k', 'ρ': 'p', 'υ': 'u', 'χ': 'x', 'α': 'a',
};
const RE_LOOKALIKE_G = new RegExp(`[${Object.keys(LOOKALIKES).join('')}]`, 'gu');

/** Letters that carry no combining mark after decomposition but are still "a letter with a diacritic". */
const FOLDED_LETTERS: Record<string, string> = {
  'ß': 'ss', 'æ': 'ae', 'œ': 'oe', 'ø': 'o', 'ł': 'l', 'đ': 'd', 'þ': 'th', 'ð': 'd', 'ı': 'i', 'ħ': 'h', 'ŧ': 't',
};
const RE_FOLDED_G = new RegExp(`[${Object.keys(FOLDED_LETTERS).join('')}]`, 'gu');
// Combining diacritical marks (and their supplement/extended blocks): accents on Latin, Greek and Cyrillic letters.
// Marks of other scripts (Devanagari vowel signs, Arabic harakat, Hebrew points) carry meaning and are kept.
const RE_DIACRITIC_G = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/gu;

// Maps, not object literals: a token like "constructor" must not find Object.prototype's members.
const NUMBER_WORDS = new Map<string, string>(Object.entries({
  zero: '0', one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9',
  ten: '10', eleven: '11', twelve: '12', thirteen: '13', fourteen: '14', fifteen: '15', sixteen: '16',
  seventeen: '17', eighteen: '18', nineteen: '19', twenty: '20', thirty: '30', forty: '40', fifty: '50',
  sixty: '60', seventy: '70', eighty: '80', ninety: '90', hundred: '100',
}));
/** Scale words that multiply a preceding number: "1.25 million" = "1250000". */
export const NUMBER_SCALES: ReadonlyMap<string, number> = new Map(Object.entries({ thousand: 3, million: 6, billion: 9, trillion: 12 }));
const RE_GROUPED_NUMBER = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;
export const RE_PLAIN_NUMBER = /^\d+(?:\.\d+)?$/;

/** Version 2 canonical form of one token's raw text (before contraction splitting). */
export function canonicalToken(raw: string): string {
  let norm: string;
  if (RE_PLAIN_ASCII.test(raw)) {
    norm = raw.toLowerCase();
    // A line-break hyphenation the scanner repaired ("indepen-\ndent") keeps its raw offsets; the word is the halves.
    if (norm.includes('\n')) norm = norm.replace(/-[ \t]*\r?\n[ \t]*/g, '');
  } else {
    norm = raw
      .normalize('NFKC')
      .replace(RE_LOOKALIKE_G, (ch) => LOOKALIKES[ch]!)
      .toLowerCase()
      .replace(RE_INVISIBLE_G, '')
      .replace(RE_APOSTROPHE_G, "'")
      .replace(/[-\u2010\u2011][ \t\u00a0]*(?:\r?\n|\u2028)[ \t\u00a0]*/gu, '')
      .normalize('NFD')
      .replace(RE_DIACRITIC_G, '')
      .normalize('NFC')
      .replace(RE_FOLDED_G, (ch) => FOLDED_LETTERS[ch]!);
  }
  if (norm === '%') return 'percent';
  if (RE_GROUPED_NUMBER.test(norm)) return norm.replaceAll(',', '');
  return NUMBER_WORDS.get(norm) ?? norm;
}

/** Multiplies a plain decimal number by 10^exponent in decimal (no float rounding); null when not a whole number. */
export function scaleNumber(norm: string, exponent: number): string | null {
  const [whole, fraction = ''] = norm.split('.');
  if (fraction.length > exponent) return null;
  const digits = (whole! + fraction.padEnd(exponent, '0')).replace(/^0+(?=\d)/, '');
  return digits;
}

const NOT_CONTRACTIONS = new Map(Object.entries({ ca: 'can', wo: 'will', sha: 'shall' }));
const SUFFIX_CONTRACTIONS = new Map(Object.entries({ re: 'are', ve: 'have', ll: 'will', m: 'am', d: 'would' }));
/** "'s" means "is" (or "us") only after these words; elsewhere it is a possessive and stays part of the word. */
const IS_CONTRACTIONS = new Map(Object.entries({
  it: 'is', that: 'is', there: 'is', here: 'is', what: 'is', who: 'is', where: 'is', he: 'is', she: 'is',
  how: 'is', when: 'is', why: 'is', let: 'us',
}));

/** A contraction's two words, with where the second starts in the raw token (UTF-16 offset); null if none. */
export function splitContraction(norm: string, raw: string): { first: string; second: string; at: number } | null {
  const apostrophe = norm.lastIndexOf("'");
  if (apostrophe <= 0 || apostrophe === norm.length - 1) return null;
  const head = norm.slice(0, apostrophe);
  const tail = norm.slice(apostrophe + 1);
  const rawApostrophe = lastApostrophe(raw);
  if (rawApostrophe <= 0) return null;
  if (tail === 't' && head.endsWith('n') && head.length > 1) {
    // "don't" = do + n't: the second word starts at the "n".
    const base = head.slice(0, -1);
    return { first: NOT_CONTRACTIONS.get(base) ?? base, second: 'not', at: rawApostrophe - 1 };
  }
  const expanded = SUFFIX_CONTRACTIONS.get(tail) ?? (tail === 's' ? IS_CONTRACTIONS.get(head) : undefined);
  if (expanded === undefined) return null;
  return { first: head, second: expanded, at: rawApostrophe };
}

function lastApostrophe(raw: string): number {
  for (let i = raw.length - 1; i >= 0; i--) {
    const ch = raw[i];
    if (ch === "'" || ch === '\u2019' || ch === '\u02bc') return i;
  }
  return -1;
}
