/**
 * Tokenizer version 2, the canonical token form (docs/architecture.md#canonical-tokens): the ways real outputs differ
 * from their sources without changing the words give the same tokens, and every token still points exactly into
 * the text as written.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tokenize } from '../../../api/attribution/trace/tokenize.js';
import { expectNoLetterDropped, expectWellFormedTokens, trickyText } from './tricky-text.js';

const norms = (text: string): string[] => tokenize(text, 2).map((t) => t.norm);
const pieces = (text: string): string[] => tokenize(text, 2).map((t) => text.slice(t.start, t.end));

describe('canonical tokens (version 2)', () => {
  it('splits compounds on any dash, so open and dashed compounds agree', () => {
    expect(norms('a well-known, royalty‐free state‑of‑the‑art tool')).toEqual(norms('a well known, royalty free state of the art tool'));
    expect(norms('pages 10-12')).toEqual(['pages', '10', '12']);
  });

  it('repairs line-break hyphenation, in lower case and in capitals, keeping the raw offsets', () => {
    const text = 'an indepen-\ndent and INDEPEN-\n  DENT review; see-\nAlso';
    expect(norms(text)).toEqual(['an', 'independent', 'and', 'independent', 'review', 'see', 'also']);
    expect(pieces(text)[1]).toBe('indepen-\ndent');
  });

  it('folds diacritics and spells out letters that carry them', () => {
    expect(norms('São Tomé and Príncipe, Straße, Ærø, Łódź')).toEqual(['sao', 'tome', 'and', 'principe', 'strasse', 'aero', 'lodz']);
    expect(norms('cafe\u0301')).toEqual(['cafe']);
  });

  it('maps Cyrillic and Greek look-alike letters to Latin ones', () => {
    expect(norms('Тhе cоmpаny ΑΝΟΤΗΕR ν')).toEqual(['the', 'company', 'another', 'v']);
  });

  it('writes numbers one way: no digit groups, scale words folded in, small number words as digits, % as percent', () => {
    expect(norms('1,250,000 = 1.25 million = 1250000')).toEqual(['1250000', '1250000', '1250000']);
    expect(norms('15 thousand or two million')).toEqual(['15000', 'or', '2000000']);
    expect(norms('92% and 92 percent and ninety-two')).toEqual(['92', 'percent', 'and', '92', 'percent', 'and', '90', '2']);
    expect(norms('3.1415926 million')).toEqual(['3.1415926', 'million']); // not a whole number: left as written
    expect(norms('It was 5. Million people came.')).toEqual(['it', 'was', '5', 'million', 'people', 'came']);
    expect(pieces('about 1.25 million people')).toEqual(['about', '1.25 million', 'people']);
  });

  it('expands contractions into two words, each pointing at its part of the text', () => {
    const text = "Don't, can't, won't; it's John's; we'll, I'm, they've, she'd; let's";
    expect(norms(text)).toEqual([
      'do', 'not', 'can', 'not', 'will', 'not', 'it', 'is', "john's", 'we', 'will', 'i', 'am', 'they', 'have', 'she', 'would', 'let', 'us',
    ]);
    expect(pieces("Don’t stop")).toEqual(['Do', 'n’t', 'stop']);
  });

  it('skips URLs, citation markers and emoji: they neither split a quote nor count as words', () => {
    expect(norms('the quick [12] brown (https://example.com/a_(b).html) fox 🦊 jumps [3, 4] over www.example.org/x.')).toEqual(
      norms('the quick brown fox jumps over'),
    );
    expect(norms('see example.com and [note]')).toEqual(['see', 'example.com', 'and', 'note']);
    // A bracketed number that is a markdown link's text is a word, not a citation marker.
    expect(norms('[42](https://example.com/a) the')).toEqual(['42', 'the']);
  });

  it('keeps what version 1 did for everything else: case, punctuation, compatibility forms, invisibles, sentence ends', () => {
    expect(norms('  "The Contract," she said.')).toEqual(['the', 'contract', 'she', 'said']);
    expect(norms('ＦＵＬＬ ﬁne con\u200btract\u00ad')).toEqual(['full', 'fine', 'contract']);
    const ends = tokenize('One two. Mr. Smith left! Pi is 3.14 today\n\nnext', 2).filter((t) => t.sentenceEnd).map((t) => t.norm);
    expect(ends).toEqual(['2', 'left', 'today', 'next']);
  });
});

const WORDS = ['the', 'quick', 'brown', 'fox', 'licence', 'economy', 'export', 'growth', 'coastal', 'river'];
const words = fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 12 }).map((w) => w.join(' '));
const LATIN_TO_CYRILLIC: Record<string, string> = { a: 'а', e: 'е', o: 'о', p: 'р', c: 'с', x: 'х', y: 'у', i: 'і' };

describe('canonical tokens (version 2) properties', () => {
  it('offsets are in order, never overlap, never cut a surrogate pair, and never start or end with a space', () => {
    fc.assert(
      fc.property(trickyText, (text) => expectWellFormedTokens(text, tokenize(text, 2))),
      { numRuns: 3000 },
    );
  });

  it('never drops a letter or digit (the tricky texts hold no URL or citation marker)', () => {
    fc.assert(
      fc.property(trickyText, (text) => expectNoLetterDropped(text, tokenize(text, 2))),
      { numRuns: 2000 },
    );
  });

  it('whitespace separates, except where a dash before a line break joins a hyphenated word', () => {
    fc.assert(
      fc.property(trickyText, trickyText, (a, b) => {
        fc.pre(!/[-\u2010\u2011][ \t\u00a0]*$/u.test(a));
        expect(norms(`${a} ${b}`)).toEqual([...norms(a), ...norms(b)]);
      }),
      { numRuns: 2000 },
    );
  });

  it('the last token always ends a sentence', () => {
    fc.assert(
      fc.property(trickyText, (text) => {
        const tokens = tokenize(text, 2);
        if (tokens.length > 0) expect(tokens[tokens.length - 1]!.sentenceEnd).toBe(true);
      }),
    );
  });

  it('case, look-alike letters, diacritics, dashes and wrapping do not change the words', () => {
    const variant = fc.tuple(words, fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 1_000 })).map(([text, kind, salt]) => {
      const varied = [
        text.toUpperCase(),
        text.replace(/[aeopcxyi]/g, (ch, at: number) => ((at + salt) % 3 === 0 ? LATIN_TO_CYRILLIC[ch]! : ch)),
        text.replace(/[aeiou]/g, (ch, at: number) => ((at + salt) % 4 === 0 ? `${ch}\u0301` : ch)),
        text.replaceAll(' ', (salt % 2 === 0 ? '-' : '\n')),
        text.replace(/(\w{3})(\w{3,})/g, '$1-\n$2'),
      ][kind]!;
      return { text, varied };
    });
    fc.assert(
      fc.property(variant, ({ text, varied }) => {
        expect(norms(varied)).toEqual(norms(text));
      }),
      { numRuns: 1000 },
    );
  });
});
