import { describe, expect, it } from 'vitest';
import { CanonicalJsonError, canonicalJson, canonicalizeJsonText } from '../../../api/log/canonical-json.js';

function fromBits(hex: string): number {
  return Buffer.from(hex, 'hex').readDoubleBE(0);
}

describe('RFC 8785 canonical JSON', () => {
  it('section 3.2.2 example: whitespace, numbers, string escapes, key order', () => {
    const input = `{
      "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
      "string": "\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\"\\/",
      "literals": [null, true, false]
    }`;
    expect(canonicalizeJsonText(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('section 3.2.3 example: keys sorted by UTF-16 code units, not code points or locale', () => {
    const input = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    const keys = Object.keys(JSON.parse(canonicalJson(input)) as object);
    // JSON.parse reorders integer-like keys, so read the order from the text instead.
    expect(keys).toHaveLength(7);
    const order = [...canonicalJson(input).matchAll(/"((?:[^"\\]|\\.)*)":/g)].map((m) => JSON.parse(`"${m[1]}"`));
    expect(order).toEqual(['\r', '1', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33']);
    // An astral character (surrogate 0xD83D) sorts before U+E000 although its code point is larger.
    expect(canonicalJson({ '\ue000': 1, '\u{10000}': 2 })).toBe('{"\u{10000}":2,"\ue000":1}');
  });

  it.each([
    ['0000000000000000', '0'],
    ['8000000000000000', '0'],
    ['0000000000000001', '5e-324'],
    ['8000000000000001', '-5e-324'],
    ['7fefffffffffffff', '1.7976931348623157e+308'],
    ['ffefffffffffffff', '-1.7976931348623157e+308'],
    ['4340000000000000', '9007199254740992'],
    ['c340000000000000', '-9007199254740992'],
    ['4430000000000000', '295147905179352830000'],
    ['44b52d02c7e14af5', '9.999999999999997e+22'],
    ['44b52d02c7e14af6', '1e+23'],
    ['44b52d02c7e14af7', '1.0000000000000001e+23'],
    ['444b1ae4d6e2ef4e', '999999999999999700000'],
    ['444b1ae4d6e2ef4f', '999999999999999900000'],
    ['444b1ae4d6e2ef50', '1e+21'],
    ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
    ['3eb0c6f7a0b5ed8d', '0.000001'],
    ['41b3de4355555553', '333333333.3333332'],
    ['41b3de4355555554', '333333333.33333325'],
    ['41b3de4355555555', '333333333.3333333'],
    ['41b3de4355555556', '333333333.3333334'],
    ['41b3de4355555557', '333333333.33333343'],
    ['becbf647612f3696', '-0.0000033333333333333333'],
    ['43143ff3c1cb0959', '1424953923781206.2'],
  ])('appendix B number %s serialises as %s', (bits, expected) => {
    expect(canonicalJson(fromBits(bits))).toBe(expected);
  });

  it.each([
    ['7fffffffffffffff', 'NaN'],
    ['7ff0000000000000', 'Infinity'],
    ['fff0000000000000', '-Infinity'],
  ])('appendix B non-finite %s (%s) is rejected', (bits) => {
    expect(() => canonicalJson({ fee: fromBits(bits) })).toThrow(/\$\.fee is .*JSON cannot represent/);
  });

  it('escapes exactly the control characters, quote and backslash, in lowercase hex', () => {
    const all = Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i)).join('');
    expect(canonicalJson(all)).toBe(
      '"\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r\\u000e\\u000f' +
        '\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018\\u0019\\u001a\\u001b\\u001c\\u001d\\u001e\\u001f"',
    );
    expect(canonicalJson('"\\/\u007f\u2028é😀')).toBe('"\\"\\\\/\u007f\u2028é😀"');
  });

  it('nests, keeps array order and sorts every level', () => {
    expect(canonicalJson({ b: [3, { z: 1, a: [] }, 'x'], a: { d: null, c: {} } })).toBe(
      '{"a":{"c":{},"d":null},"b":[3,{"a":[],"z":1},"x"]}',
    );
    expect(canonicalizeJsonText('[56,{"d":true,"10":null,"1":[]}]')).toBe('[56,{"1":[],"10":null,"d":true}]');
    expect(canonicalJson(Object.assign(Object.create(null) as object, { b: 1, a: 2 }))).toBe('{"a":2,"b":1}');
  });

  it('rejects what JSON cannot carry exactly, naming where it is', () => {
    expect(() => canonicalJson({ payouts: { alice: 10n } })).toThrow(/\$\.payouts\.alice is a BigInt; pass exact amounts as decimal strings/);
    expect(() => canonicalJson({ a: undefined })).toThrow(/\$\.a is undefined/);
    expect(() => canonicalJson([1, undefined])).toThrow(/\$\[1\] is undefined/);
    // eslint-disable-next-line no-sparse-arrays
    expect(() => canonicalJson([1, , 3])).toThrow(/\$\[1\] is undefined/);
    expect(() => canonicalJson({ at: new Date(0) })).toThrow(/\$\.at is a Date, not a plain object/);
    expect(() => canonicalJson({ m: new Map() })).toThrow(/Map/);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(/function/);
    expect(() => canonicalJson({ s: Symbol('x') })).toThrow(/symbol/);
    expect(() => canonicalJson({ [Symbol('k')]: 1 })).toThrow(/symbol keys/);
    expect(() => canonicalJson('\ud800')).toThrow(/lone UTF-16 surrogate/);
    expect(() => canonicalJson({ '\udc00x': 1 })).toThrow(/lone UTF-16 surrogate/);
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(() => canonicalJson(loop)).toThrow(/circular/);
    expect(() => canonicalJson({ x: Number.NaN })).toThrow(CanonicalJsonError);
  });

  it('allows the same object twice when it is not its own ancestor', () => {
    const shared = { v: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"v":1},"b":{"v":1}}');
  });

  it('is idempotent on its own output', () => {
    const value = { shares: [{ id: 'c1', share: 0.25 }], fee: '12.50', method: 'owen', n: -0, big: 1e21 };
    const once = canonicalJson(value);
    expect(canonicalizeJsonText(once)).toBe(once);
  });
});
