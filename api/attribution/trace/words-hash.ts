/**
 * The words hash: a second content hash of an output that does not change when a chat site renders it
 * (docs/architecture.md#the-words-hash).
 *
 * `contentHash` is over the normalised characters, so `**bold**`, a list's `1.`, a link's URL or a code fence's
 * language label make the raw output and the page's rendered text differ. The words hash is over the *canonical word
 * sequence* instead: the tokenizer's own tokens (`tokenize()`, the same cut the trace uses), minus the tokens that sit
 * inside markdown syntax a renderer never shows as text. Punctuation, emphasis markers, heading and quote marks,
 * table pipes, bullets and whitespace (wrapping, line breaks, cell tabs) are not tokens to begin with.
 *
 * The same function runs on the raw output (the API, at `recordOutput`) and on the text read from the page (the
 * browser extension), so everything it drops is dropped on both sides: that symmetry, not a markdown parser, is what
 * makes the two agree. Every rule below is written so that a rendered page and its markdown source lose the same
 * tokens.
 *
 * Pure and dependency-free apart from the tokenizer (the extension bundles this file); hashing uses Web Crypto,
 * which Node and browsers both have.
 */
import { TOKENIZER_VERSION, tokenize, type Token } from './tokenize.js';

/**
 * The scheme (the rules below) and the tokenizer version it ran over. Stored beside each output's words hash: a hash
 * from another version is recomputed (the API's backfill at start), never compared.
 */
export const WORDS_HASH_SCHEME = 1;
export const WORDS_HASH_VERSION = `${WORDS_HASH_SCHEME}.${TOKENIZER_VERSION}`;

/**
 * Markdown syntax whose words a renderer does not show. Each pattern matches the same way in the markdown source
 * and in the rendered page's text (where these are only rare literal text, e.g. inside a code block, and then
 * excluded on both sides alike).
 */
const HIDDEN_SYNTAX: readonly RegExp[] = [
  // Code fences with their info string ("```python"): the page shows the code, the label is site chrome.
  /^[ \t>]*(?:`{3,}|~{3,})[^\n]*$/gm,
  // Ordered-list numbers ("1. ", "2) "): drawn by CSS on the page. Also after heading, emphasis, quote and table-cell
  // marks, since a rendered heading or first cell starting "1." begins a line of the page's text the same way.
  /^[ \t>#*_|]*\d{1,9}\\?[.)](?=[\s*_|]|$)/gm,
  // Task-list boxes ("- [x] "): a checkbox on the page, no text.
  /(?<=^[ \t>]*(?:[-*+]|\d{1,9}[.)])[ \t]+)\[[ xX]\](?=\s)/gm,
  // Images: no text on the page (the alt text is an attribute).
  /!\[[^\]\n]*\]\([^)\n]*\)/g,
  // A link's destination and title ("[text](https://… "title")"): the page shows only the text.
  /\]\((?:<[^>\n]*>|[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s+(?:"[^"\n]*"|'[^'\n]*'|\([^)\n]*\)))?\s*\)/g,
  // Reference links ("[text][ref]") and footnote marks ("[^1]").
  /\]\[[^\]\n]*\]/g,
  /\[\^[^\]\s]+\]/g,
  // Reference definitions ("[ref]: https://…").
  /^[ \t]{0,3}\[[^\]\n]+\]:[^\n]*$/gm,
  // Inline HTML tags and comments: rendered, not shown. (Autolinks like <https://…> do not match: the page shows them.)
  /<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>\n]*)?\/?>/g,
  /<!--[\s\S]*?-->/g,
  // Character references ("&amp;" shows as "&").
  /&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});/g,
];

/** [start, end) ranges of `text` holding hidden markdown syntax, sorted and merged. */
export function hiddenSyntaxRanges(text: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const re of HIDDEN_SYNTAX) {
    re.lastIndex = 0;
    for (const m of text.matchAll(re)) {
      if (m[0].length > 0) ranges.push([m.index, m.index + m[0].length]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: Array<[number, number]> = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

/**
 * The canonical word sequence of a text: its tokens, in order, without those overlapping hidden markdown syntax.
 * Each keeps its offsets into `text`, so two texts with the same sequence can be mapped onto each other word by word
 * (the extension highlights a recorded output's spans on the page this way).
 */
export function canonicalWords(text: string): Token[] {
  const hidden = hiddenSyntaxRanges(text);
  if (hidden.length === 0) return tokenize(text);
  const out: Token[] = [];
  let h = 0;
  for (const t of tokenize(text)) {
    while (h < hidden.length && hidden[h]![1] <= t.start) h++;
    const r = hidden[h];
    if (r && r[0] < t.end && t.start < r[1]) continue;
    out.push(t);
  }
  return out;
}

/**
 * What is hashed: the version, then the canonical words' normalised forms, one per line (a normalised token never
 * holds whitespace). Null when the text has no words: such a hash would match every other wordless text.
 */
export function wordsHashPreimage(text: string): string | null {
  const words = canonicalWords(text);
  if (words.length === 0) return null;
  let s = `strata-words ${WORDS_HASH_VERSION}`;
  for (const w of words) s += `\n${w.norm}`;
  return s;
}

/** Lowercase hex SHA-256 of the preimage's UTF-8, or null for a text without words. */
export async function wordsHash(text: string): Promise<string | null> {
  const preimage = wordsHashPreimage(text);
  if (preimage === null) return null;
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(preimage));
  let hex = '';
  for (const b of new Uint8Array(digest)) hex += b.toString(16).padStart(2, '0');
  return hex;
}
