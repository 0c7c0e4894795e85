import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../api/log/canonical-json.js';
import { stableJson, inputHash } from '../../../api/use-cases/idempotency.js';
import { submitRecordsInput } from '../../../api/use-cases/submit-records.js';
import { registerModelInput } from '../../../api/use-cases/register-model.js';
import { MAX_TEXT_BYTES, parseInput, textProblem } from '../../../api/use-cases/validation.js';

const errorOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error as { message: string; extensions: Record<string, unknown> };
  }
  throw new Error('expected an error');
};

describe('textProblem', () => {
  it('allows tab, newline and carriage return and any well-formed Unicode', () => {
    expect(textProblem('a\tb\nc\r\nd — 漢字 🙂')).toBeNull();
  });
  it('names other control characters with their code point and offset', () => {
    expect(textProblem('ab\u0007')).toMatch(/U\+0007 at offset 2/);
    expect(textProblem('x\u007f')).toMatch(/U\+007F/);
    expect(textProblem('x\u0085')).toMatch(/U\+0085/);
  });
  it('refuses lone surrogates, empty-after-normalisation text and text over 32 KB of UTF-8', () => {
    expect(textProblem('a\ud800b')).toMatch(/lone surrogate at offset 1/);
    expect(textProblem(' \u3000\n')).toMatch(/empty after normalisation/);
    expect(textProblem('é'.repeat(MAX_TEXT_BYTES / 2))).toBeNull();
    expect(textProblem('é'.repeat(MAX_TEXT_BYTES / 2) + 'x')).toMatch(/32769 bytes/);
  });
});

describe('parseInput', () => {
  it('names the field and the index of a bad batch item', () => {
    const records = Array.from({ length: 10 }, (_, i) => ({ text: i === 7 ? 'bad \u0000' : `ok ${i}`, license: 'CC0-1.0' }));
    const error = errorOf(() => parseInput(submitRecordsInput, { datanetId: 'Datanet:dn_x', records }));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'records.7.text', index: 7 });
    expect(error.message).toMatch(/^records\.7\.text contains the control character U\+0000/);
  });
  it('decodes global ids and refuses ids of another type', () => {
    expect(parseInput(submitRecordsInput, { datanetId: 'Datanet:dn_x', records: [{ text: 'a', license: ' MIT ' }] })).toMatchObject({
      datanetId: 'dn_x',
      records: [{ license: 'MIT' }],
      idempotencyKey: null,
    });
    expect(errorOf(() => parseInput(submitRecordsInput, { datanetId: 'Model:m', records: [{ text: 'a', license: 'MIT' }] })).extensions.field).toBe('datanetId');
  });
  it('refuses negative and non-finite weights and repeated adapters', () => {
    const input = (adapters: unknown[]) => ({ name: 'm', version: '1', baseModelId: 'BaseModel:b', adapters });
    for (const weight of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(errorOf(() => parseInput(registerModelInput, input([{ adapterId: 'Adapter:a', weight }]))).extensions.field).toBe('adapters.0.weight');
    }
    expect(errorOf(() => parseInput(registerModelInput, input([{ adapterId: 'Adapter:a', weight: 1 }, { adapterId: 'Adapter:a', weight: 1 }]))).extensions.field).toBe(
      'adapters.1.adapterId',
    );
  });
});

describe('idempotency input hash', () => {
  it('does not depend on key order, and writes bigints as decimal strings', () => {
    expect(stableJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}');
    expect(stableJson({ fee: 12345678901234567890n })).toBe('{"fee":"12345678901234567890"}');
    expect(inputHash({ a: 1, b: 2 })).toBe(inputHash({ b: 2, a: 1 }));
    expect(inputHash({ a: 1 })).not.toBe(inputHash({ a: 2 }));
  });

  it('is RFC 8785 canonical JSON, with the same hashes the earlier sorted-keys JSON gave (stored keys keep matching)', () => {
    // Hashes computed with the idempotency module's own sorted-keys JSON before it became canonicalJson's caller.
    const submit = { datanetId: 'dn_1', records: [{ text: 'Ünïcode “quotes” \n tab\t 😀 \u2028', license: 'CC-BY-4.0' }] };
    expect(inputHash(submit)).toBe('7d4d2438185632ccd6adc86f4b9fcc106da957820d1922060eacf14295ac58ff');
    const output = { modelId: 'mdl_1', text: 'x', prompt: null, fee: 12345678901234567890n };
    expect(inputHash(output)).toBe('b849adf7aef0a17fcf913e465d44976ce476d842e2a90e65507451c5c3706a0a');
    const model = { name: 'm', version: '1', baseModelId: 'bm', adapters: [{ adapterId: 'ad', weight: 0.1 }, { adapterId: 'ad2', weight: 1e-7 }, { adapterId: 'a3', weight: -0 }], previousVersionId: null };
    expect(inputHash(model)).toBe('1d0c1fed658d65cc4c7684203b3b06eb51be503275baa6999daa95db0db7298d');
    expect(stableJson(submit)).toBe(canonicalJson(submit));
  });
});
