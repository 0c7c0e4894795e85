import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
// The server's implementation, imported here only, to prove both sides hash the same bytes.
import { contentHash as serverContentHash, normalizeText as serverNormalize } from '../../../api/core/normalize';
import { contentHash, normalizeText, normalizeWithMap, normalizedOffset, rawRange } from '../../../extension/lib/normalize';

const TRICKY: [string, string][] = [
  ['plain', 'The quick brown fox jumps over the lazy dog.'],
  ['leading/trailing space', '   padded text \t\n'],
  ['runs of mixed whitespace', 'a \t\n\r\f\v b'],
  ['no-break space', 'a\u00a0b\u00a0\u00a0c'],
  ['ideographic space', '日本語\u3000テキスト'],
  ['line/paragraph separators', 'one\u2028two\u2029three'],
  ['BOM / zero width no-break space', '\ufeffstart\ufeff middle'],
  ['zero width space is not whitespace', 'zero\u200bwidth'],
  ['next line (NEL)', 'a\u0085b'],
  ['en/em/thin/hair spaces', 'a\u2002b\u2003c\u2009d\u200ae'],
  ['narrow no-break space', '10\u202fkm'],
  ['ogham space mark', 'a\u1680b'],
  ['ligatures', 'ﬁne ﬂow ﬃ'],
  ['full-width latin', 'ＦＵＬＬ　ｗｉｄｔｈ １２３'],
  ['combining sequence vs precomposed', 'cafe\u0301 café'],
  ['hangul jamo', '\u1112\u1161\u11ab\u1100\u1173\u11af'],
  ['half-width katakana with voiced mark', 'ｶﾞｷﾞ'],
  ['superscripts and fractions', 'x² ½ ①'],
  ['roman numeral and units', 'Ⅻ ㎞ ㏂'],
  ['emoji with ZWJ and skin tone', 'family 👨‍👩‍👧‍👦 ok 👍🏽'],
  ['diaeresis spacing mark', 'a¨b'],
  ['CRLF paragraphs', 'line one\r\n\r\nline two\r\n'],
  ['only whitespace', ' \n\t\u00a0 '],
  ['empty', ''],
  ['arabic with tatweel and presentation forms', 'ﻻ ﺍﻟﻌﺮﺑﻴﺔ'],
  ['math alphanumerics', '𝐀𝐁𝐂 𝔘𝔫𝔦'],
  ['lone surrogate survives', 'bad\ud800pair'],
];

describe('normalisation and contentHash match the API (api/core/normalize.ts)', () => {
  it.each(TRICKY)('%s', async (_name, text) => {
    expect(normalizeText(text)).toBe(serverNormalize(text));
    expect(await contentHash(text)).toBe(serverContentHash(text));
  });

  it('matches on arbitrary Unicode strings (property)', async () => {
    const ws = fc.constantFrom(' ', '\t', '\n', '\u00a0', '\u3000', '\u2028', '\ufeff', '\r\n');
    const piece = fc.oneof(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), ws, fc.constantFrom('ﬁ', 'é', 'e\u0301', 'ｶﾞ', '①'));
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 12 }), async (parts) => {
        const text = parts.join('');
        expect(normalizeText(text)).toBe(serverNormalize(text));
        expect(await contentHash(text)).toBe(serverContentHash(text));
      }),
      { numRuns: 200 },
    );
  }, 30_000);

  it('hashes are lowercase hex SHA-256', async () => {
    expect(await contentHash('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('normalizeWithMap', () => {
  it('gives the same text as normalizeText and maps back to the raw graphemes', () => {
    const raw = '  The\u00a0 ﬁne\n\ncafe\u0301  text ';
    const nm = normalizeWithMap(raw);
    expect(nm.text).toBe(normalizeText(raw));
    expect(nm.map).not.toBeNull();
    const at = nm.text.indexOf('fine');
    const r = rawRange(nm, at, at + 4)!;
    expect(raw.slice(r[0], r[1])).toBe('ﬁne');
    const c = nm.text.indexOf('café');
    const rc = rawRange(nm, c, c + 4)!;
    expect(raw.slice(rc[0], rc[1])).toBe('cafe\u0301');
    expect(normalizedOffset(nm, raw.indexOf('text'))).toBe(nm.text.indexOf('text'));
  });

  it('round-trips every normalised range to a raw slice that normalises to it (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.nat(), fc.nat(), (raw, x, y) => {
        const nm = normalizeWithMap(raw);
        expect(nm.text).toBe(normalizeText(raw));
        if (!nm.map || nm.text.length === 0) return;
        let a = x % nm.text.length;
        let b = a + 1 + (y % (nm.text.length - a));
        // Whole graphemes only.
        while (a > 0 && nm.map.starts[a] === nm.map.starts[a - 1]) a--;
        while (b < nm.text.length && nm.map.starts[b] === nm.map.starts[b - 1]) b++;
        const r = rawRange(nm, a, b)!;
        expect(normalizeText(raw.slice(r[0], r[1]))).toBe(nm.text.slice(a, b).trim());
      }),
      { numRuns: 300 },
    );
  }, 30_000);
});
