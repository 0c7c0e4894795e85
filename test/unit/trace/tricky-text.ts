import fc from 'fast-check';
import { expect } from 'vitest';
import type { Token } from '../../../api/attribution/trace/tokenize.js';

// Pieces that exercise the tricky cases: astral letters, combining marks, ZW characters, NBSP, CJK, emoji
// sequences, lone surrogates, punctuation of every kind.
const PIECES = [
  'a', 'B', 'z', 'É', 'ß', 'ǅ', 'ω', 'Ж', 'ש', 'ع', '𝒜', '𐐀', '7', '½', '٣',
  '\u0301', '\u0308', '\u20e3', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\ufe0f',
  ' ', '  ', '\u00a0', '\t', '\n', '\n\n', '\u3000', '\u2029',
  '日', '本', 'か', 'ア', 'ー', '・', '한', '글',
  '😀', '👍🏽', '👨‍👩‍👧', '🇫', '🇷', '©', '™', '‼',
  '.', ',', ';', ':', '!', '?', '…', "'", '’', '"', '“', '(', ')', '-', '—', '_', '/', '@', '#', '。',
  '\ud800', '\udc00',
];
export const trickyText = fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }).map((parts) => parts.join(''));


/** Offsets in order, non-empty, inside the text; never cutting a surrogate pair; never starting or ending with a space. */
export function expectWellFormedTokens(text: string, tokens: readonly Token[]): void {
  let prevEnd = 0;
  for (const t of tokens) {
    expect(t.start).toBeGreaterThanOrEqual(prevEnd);
    expect(t.end).toBeGreaterThan(t.start);
    expect(t.end).toBeLessThanOrEqual(text.length);
    expect(t.norm.length).toBeGreaterThan(0);
    const raw = text.slice(t.start, t.end);
    expect(/^[\udc00-\udfff]/.test(raw) && /[\ud800-\udbff]$/.test(text.slice(0, t.start))).toBe(false);
    expect(/[\ud800-\udbff]$/.test(raw) && /^[\udc00-\udfff]/.test(text.slice(t.end))).toBe(false);
    expect(/^\s|\s$/u.test(raw)).toBe(false);
    prevEnd = t.end;
  }
}

/** Every letter and digit of `text` lies inside some token. */
export function expectNoLetterDropped(text: string, tokens: readonly Token[]): void {
  for (const m of text.matchAll(/[\p{L}\p{N}]/gu)) {
    expect(tokens.some((t) => t.start <= m.index && m.index < t.end)).toBe(true);
  }
}
