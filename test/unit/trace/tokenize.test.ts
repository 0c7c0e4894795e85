import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeToken, tokenize } from '../../../api/attribution/trace/tokenize.js';
import { expectNoLetterDropped, expectWellFormedTokens, trickyText } from './tricky-text.js';

// Version 1 stays runnable (attributions made with it are recomputed with it), so its behaviour stays pinned here;
// version 2, the current one, is pinned in canonical-tokens.test.ts.
const norms = (text: string): string[] => tokenize(text, 1).map((t) => t.norm);
const ends = (text: string): string[] => tokenize(text, 1).filter((t) => t.sentenceEnd).map((t) => t.norm);

describe('tokenize (version 1)', () => {
  it('strips surrounding punctuation and folds case, keeping original offsets', () => {
    const text = '  "The Contract," she said.';
    const tokens = tokenize(text, 1);
    expect(tokens.map((t) => t.norm)).toEqual(['the', 'contract', 'she', 'said']);
    expect(tokens.map((t) => text.slice(t.start, t.end))).toEqual(['The', 'Contract', 'she', 'said']);
  });

  it('keeps internal apostrophes, hyphens, periods and digit separators', () => {
    expect(norms("Don’t stop: state-of-the-art U.S. data, 3.14 and 1,000 at 12:30 -- end-")).toEqual([
      "don't", 'stop', 'state-of-the-art', 'u.s', 'data', '3.14', 'and', '1,000', 'at', '12:30', 'end',
    ]);
    expect(norms('a, b; c:d (e) [f] x—y x/y')).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'x', 'y', 'x', 'y']);
  });

  it('marks sentence ends after . ! ? … and paragraph breaks, not after decimals, abbreviations or hard wraps', () => {
    expect(ends('One two. Three? Four! Five… six')).toEqual(['two', 'three', 'four', 'five', 'six']);
    expect(ends('Pi is 3.14 today. Mr. Smith met Dr. Jones e.g. here')).toEqual(['today', 'here']);
    expect(ends('He said "stop." Then (quietly.) left')).toEqual(['stop', 'quietly', 'left']);
    expect(ends('a hard\nwrapped line\n\nnew paragraph')).toEqual(['line', 'paragraph']);
    expect(ends('東京です。日本')).toEqual(['す', '本']);
  });

  it('treats each CJK ideograph or kana and each emoji as a token', () => {
    expect(norms('日本語テキスト')).toEqual(['日', '本', '語', 'テ', 'キ', 'ス', 'ト']);
    const text = 'ok 👍🏽 👨‍👩‍👧 🇫🇷 1️⃣ go';
    expect(tokenize(text, 1).map((t) => text.slice(t.start, t.end))).toEqual(['ok', '👍🏽', '👨‍👩‍👧', '🇫🇷', '1️⃣', 'go']);
  });

  it('unifies canonically equivalent spellings, compatibility forms and invisible characters', () => {
    expect(norms('café')).toEqual(norms('cafe\u0301'));
    expect(norms('ＦＵＬＬ ﬁne')).toEqual(['full', 'fine']);
    expect(norms('con\u200btract\u00ad NBSP\u00a0split')).toEqual(['contract', 'nbsp', 'split']);
  });

  it('handles empty and punctuation-only text', () => {
    expect(tokenize('', 1)).toEqual([]);
    expect(tokenize(' ... -- !!! ', 1)).toEqual([]);
  });
});

describe('tokenize (version 1) properties', () => {
  it('offsets round-trip: text.slice(start, end) normalises to the token, in order, without overlap', () => {
    fc.assert(
      fc.property(trickyText, (text) => {
        const tokens = tokenize(text, 1);
        expectWellFormedTokens(text, tokens);
        for (const t of tokens) expect(normalizeToken(text.slice(t.start, t.end))).toBe(t.norm);
      }),
      { numRuns: 3000 },
    );
  });

  it('never drops a letter or digit: every one lies inside some token', () => {
    fc.assert(
      fc.property(trickyText, (text) => expectNoLetterDropped(text, tokenize(text, 1))),
      { numRuns: 2000 },
    );
  });

  it('whitespace separates: tokens of "a b" are the tokens of a then of b', () => {
    fc.assert(
      fc.property(trickyText, trickyText, (a, b) => {
        expect(norms(`${a} ${b}`)).toEqual([...norms(a), ...norms(b)]);
      }),
      { numRuns: 2000 },
    );
  });

  it('the last token always ends a sentence', () => {
    fc.assert(
      fc.property(trickyText, (text) => {
        const tokens = tokenize(text, 1);
        if (tokens.length > 0) expect(tokens[tokens.length - 1]!.sentenceEnd).toBe(true);
      }),
    );
  });
});
