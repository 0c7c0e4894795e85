import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TOKENIZER_VERSION, tokenize } from '../../../api/attribution/trace/tokenize.js';
import { canonicalWords, WORDS_HASH_VERSION, wordsHash, wordsHashPreimage } from '../../../api/attribution/trace/words-hash.js';
import { document, toMarkdown, toReadText } from './markdown-docs.js';

const words = (text: string) => canonicalWords(text).map((t) => t.norm);

describe('words hash (docs/architecture.md#the-words-hash)', () => {
  it('is the SHA-256 of the version and the canonical words, and names the tokenizer version', async () => {
    const text = 'The **tide** turns.';
    expect(WORDS_HASH_VERSION.endsWith(`.${TOKENIZER_VERSION}`)).toBe(true);
    const preimage = wordsHashPreimage(text)!;
    expect(preimage.split('\n')).toEqual([`strata-words ${WORDS_HASH_VERSION}`, ...tokenize('The tide turns').map((t) => t.norm)]);
    expect(await wordsHash(text)).toBe(createHash('sha256').update(preimage, 'utf8').digest('hex'));
    expect(await wordsHash(' *** — | ')).toBeNull(); // no words: no hash
  });

  it('the canonical words are the tokenizer\'s tokens, with offsets into the text, minus hidden syntax', () => {
    const text = '1. See [the docs](https://strata.dev/x_y "Docs") &amp; `code`\n```python\nprint(1)\n```';
    const kept = canonicalWords(text);
    expect(kept.map((t) => text.slice(t.start, t.end))).toEqual(['See', 'the', 'docs', 'code', 'print', '1']);
    const all = tokenize(text).map((t) => t.norm);
    expect(kept.every((t) => all.includes(t.norm))).toBe(true);
  });

  it('a rendered markdown answer has the words of its source: lists, headings, code, tables, links, tasks', () => {
    fc.assert(
      fc.property(document, (doc) => {
        expect(words(toReadText(doc))).toEqual(words(toMarkdown(doc)));
      }),
      { numRuns: 400 },
    );
  });

  it('wrapping and whitespace do not change it', () => {
    const ws = fc.constantFrom(' ', '  ', '\n', '\t', '\u00a0', '\r\n', ' \n ');
    fc.assert(
      fc.property(document, fc.infiniteStream(ws), (doc, gaps) => {
        const md = toMarkdown(doc);
        // Re-wrap between words (not before "12." or after "- ", which would change the markdown itself).
        const rewrapped = md.replace(/(?<=\p{L}) (?=\p{L})/gu, () => gaps.next().value as string);
        expect(words(rewrapped)).toEqual(words(md));
      }),
      { numRuns: 200 },
    );
  });

  it('punctuation and emphasis around words do not change it', () => {
    const marks = fc.constantFrom('', ',', '.', ';', ':', '!', '?', '"', '(', ')', '—', '**', '_', '~~', '`', '…');
    fc.assert(
      fc.property(fc.array(fc.tuple(marks, fc.constantFrom('tide', 'Copper', 'déjà', "don't", 'x', '3.14'), marks), { minLength: 1, maxLength: 20 }), (parts) => {
        const plain = parts.map(([, w]) => w).join(' ');
        const punctuated = parts.map(([a, w, b]) => `${a}${w}${b}`).join(' ');
        expect(words(punctuated)).toEqual(words(plain));
      }),
      { numRuns: 300 },
    );
  });

  it('different words give a different hash', async () => {
    expect(await wordsHash('The tide turns.')).not.toBe(await wordsHash('The tide turned.'));
    expect(await wordsHash('a b')).not.toBe(await wordsHash('ab'));
  });
});
