import { describe, expect, it } from 'vitest';
import { basicTokens, WordPieceTokenizer } from '../../../api/attribution/semantic/wordpiece.js';

// A slice of all-MiniLM-L6-v2's vocabulary (bert-base-uncased), with the real ids, plus the short pieces that make
// greedy longest-match-first matter ("u", "un", "##n", "##a" are all in the real vocabulary too).
const VOCAB = new Map<string, number>(
  Object.entries({
    '[PAD]': 0, '[UNK]': 100, '[CLS]': 101, '[SEP]': 102, hello: 7592, ',': 1010, world: 2088, '!': 999, don: 2123, "'": 1005,
    t: 1056, stop: 2644, '-': 1011, believing: 8929, naive: 15743, cafe: 7668, una: 14477, '##ffa': 20961, '##ble': 3468,
    u: 1057, '##n': 2078, un: 4895, '##a': 2050, '東': 1879, '京': 1755, $: 1002, '5': 1019, '.': 1012, para: 11498,
    '##ph': 8458, '##rase': 23797, '##s': 2015, 'ﬁ': 1984, '##le': 2571,
  }),
);
const tokenizer = new WordPieceTokenizer(VOCAB, { maxTokens: 256 });

describe('BERT basic tokenisation', () => {
  it('lowercases, strips accents, splits punctuation and isolates CJK ideographs', () => {
    expect(basicTokens('Naïve CAFÉ, don\'t stop-believing! 東京')).toEqual(['naive', 'cafe', ',', 'don', "'", 't', 'stop', '-', 'believing', '!', '東', '京']);
  });

  it('drops control characters and NUL, and treats every whitespace as a separator', () => {
    expect(basicTokens('hello\u0007\u0000 world\n\tagain\u00a0now')).toEqual(['hello', 'world', 'again', 'now']);
  });

  it('counts ASCII symbols as punctuation, as BERT does', () => {
    expect(basicTokens('$5.')).toEqual(['$', '5', '.']);
  });

  it('keeps compatibility characters (BERT does not apply NFKC)', () => {
    expect(basicTokens('ﬁle')).toEqual(['ﬁle']);
  });
});

describe('WordPiece', () => {
  it('wraps the ids in [CLS] … [SEP]', () => {
    expect(tokenizer.encode('Hello, world!')).toEqual([101, 7592, 1010, 2088, 999, 102]);
  });

  it('splits a word greedily, longest piece first, with ## continuations', () => {
    // "una" beats "un" and "u"; then "##ffa", "##ble" (what bert-base-uncased gives for "unaffable").
    expect(tokenizer.encode('unaffable')).toEqual([101, 14477, 20961, 3468, 102]);
    expect(tokenizer.encode('Paraphrases')).toEqual([101, 11498, 8458, 23797, 2015, 102]);
    expect(tokenizer.encode('ﬁle')).toEqual([101, 1984, 2571, 102]);
  });

  it('maps a word with any unmatched part to one [UNK], not to its matched prefix', () => {
    expect(tokenizer.encode('unzz hello')).toEqual([101, 100, 7592, 102]);
  });

  it('matches the model on accents, case, contractions and CJK', () => {
    expect(tokenizer.encode("Naïve CAFÉ don't stop-believing 東京")).toEqual([101, 15743, 7668, 2123, 1005, 1056, 2644, 1011, 8929, 1879, 1755, 102]);
  });

  it('cuts long input to maxTokens, keeping [SEP] last', () => {
    const short = new WordPieceTokenizer(VOCAB, { maxTokens: 5 });
    expect(short.encode('hello world hello world hello')).toEqual([101, 7592, 2088, 7592, 102]);
    expect(short.encode('')).toEqual([101, 102]);
  });

  it('turns an overlong word into [UNK]', () => {
    expect(new WordPieceTokenizer(VOCAB, { maxTokens: 16, maxWordChars: 4 }).encode('hello')).toEqual([101, 100, 102]);
  });

  it('reads the vocabulary of a tokenizer.json and refuses other models', () => {
    const json = { model: { type: 'WordPiece', vocab: Object.fromEntries(VOCAB), max_input_chars_per_word: 100 } };
    expect(WordPieceTokenizer.fromTokenizerJson(json, { maxTokens: 8 }).encode('hello')).toEqual([101, 7592, 102]);
    expect(() => WordPieceTokenizer.fromTokenizerJson({ model: { type: 'BPE', vocab: {} } }, { maxTokens: 8 })).toThrow(/WordPiece/);
    expect(() => new WordPieceTokenizer(new Map([['[CLS]', 1]]), { maxTokens: 8 })).toThrow(/\[SEP\]/);
  });
});
