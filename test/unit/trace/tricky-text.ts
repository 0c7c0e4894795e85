import fc from 'fast-check';

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

