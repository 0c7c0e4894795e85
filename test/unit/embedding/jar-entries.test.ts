import { crc32, deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readJarEntries } from '../../../tools/embedding-model/jar-entries.js';

/** A minimal zip writer (stored or deflated entries), enough to exercise the reader. */
function zip(entries: Array<{ name: string; data: Buffer; deflate: boolean; badCrc?: boolean }>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const body = e.deflate ? deflateRawSync(e.data) : e.data;
    const crc = (crc32(e.data) ^ (e.badCrc ? 1 : 0)) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(e.deflate ? 8 : 0, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(e.deflate ? 8 : 0, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(e.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

describe('reading entries out of a jar', () => {
  const text = Buffer.from('{"model":"x"} '.repeat(200));
  const binary = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 31) % 256));
  const jar = zip([
    { name: 'META-INF/MANIFEST.MF', data: Buffer.from('Manifest-Version: 1.0\n'), deflate: true },
    { name: 'tokenizer.json', data: text, deflate: true },
    { name: 'model.onnx', data: binary, deflate: false },
  ]);

  it('inflates deflated entries and copies stored ones', () => {
    const found = readJarEntries(jar, ['model.onnx', 'tokenizer.json']);
    expect(found.get('tokenizer.json')!.equals(text)).toBe(true);
    expect(found.get('model.onnx')!.equals(binary)).toBe(true);
    expect(found.size).toBe(2);
  });

  it('names missing entries, and refuses corrupt entries and non-jars', () => {
    expect(() => readJarEntries(jar, ['model.onnx', 'absent.json'])).toThrow(/no absent\.json/);
    expect(() => readJarEntries(zip([{ name: 'a', data: text, deflate: true, badCrc: true }]), ['a'])).toThrow(/corrupt/);
    expect(() => readJarEntries(Buffer.from('definitely not a zip file, just some text'), ['a'])).toThrow(/not a jar/);
  });
});
