import { describe, expect, it } from 'vitest';
import { numbersOf, sentenceKey, splitSentences } from '../../../api/attribution/semantic/sentences.js';
import { passageContext } from '../../../api/attribution/semantic/source-context.js';

describe('sentences', () => {
  it('cuts at the trace tokenizer\'s sentence ends, with UTF-16 offsets and the closing punctuation', () => {
    const text = '  Dr. Smith arrived (late). "Was it 3.5 hours?" she asked!\n\nNew paragraph 😀 here';
    const sentences = splitSentences(text);
    // A sentence starts at its first word (the opening quote is not part of it) and keeps its closing punctuation.
    expect(sentences.map((s) => s.text)).toEqual(['Dr. Smith arrived (late).', 'Was it 3.5 hours?"', 'she asked!', 'New paragraph 😀 here']);
    for (const s of sentences) expect(text.slice(s.start, s.end)).toBe(s.text);
    expect(sentences[1]!.terms).toEqual(['was', 'it', '3.5', 'hours']);
  });

  it('keys a sentence by model version and normalised text', () => {
    expect(sentenceKey('m1', 'The  cat\nsat.')).toBe(sentenceKey('m1', 'The cat sat.'));
    expect(sentenceKey('m1', 'The cat sat.')).not.toBe(sentenceKey('m2', 'The cat sat.'));
    expect(sentenceKey('m1', 'The cat sat.')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('finds the numbers a sentence states, number words as digits', () => {
    expect(numbersOf(['in', '1648', 'about', '3.5', 'million', 'v2', 'six', 'percent', 'someone'])).toEqual(['1648', '3.5', '1000000', 'v2', '6']);
  });
});

describe('source context', () => {
  const source = 'First sentence here. The matched sentence sits in the middle of the text. And the last one follows it.';
  const start = source.indexOf('The matched');
  const end = source.indexOf('text.') + 'text.'.length;

  it('shows the passage with text around it, cut at whitespace, offsets into the context', () => {
    const c = passageContext(source, start, end, 12);
    expect(c.context.slice(c.matchStart, c.matchEnd)).toBe(source.slice(start, end));
    expect(source.includes(c.context)).toBe(true);
    expect(c.context).toBe('here. The matched sentence sits in the middle of the text. And the');
  });

  it('keeps the whole source when it is short, and never cuts into the passage', () => {
    expect(passageContext(source, start, end, 500)).toEqual({ context: source, matchStart: start, matchEnd: end });
    const tight = passageContext('abcdefghij match klmnopqrst', 11, 16, 3);
    expect(tight.context.slice(tight.matchStart, tight.matchEnd)).toBe('match');
  });
});
