/**
 * A small self-checking container for persisting an index: magic, JSON metadata, then typed arrays, then a
 * SHA-256 of everything before it. Arrays are written raw (little-endian, as every platform Node runs on), so
 * loading a 10^7-token index is a few memory copies rather than a rebuild. A truncated or corrupted file fails the
 * checksum, and the caller rebuilds instead of tracing against garbage.
 */
import { createHash } from 'node:crypto';

export type SectionArray = Int32Array | Float64Array;

// The layout, shared with the streaming reader and writer of index files (api/corpus/index-file.ts): magic (8 bytes),
// meta length (8), meta JSON padded to 8, section count (8), then per section kind + length (8) and its bytes padded
// to 8, then the SHA-256 of everything before it.
export const KIND_INT32 = 1;
export const KIND_FLOAT64 = 2;
export const DIGEST_BYTES = 32;

export class IndexFormatError extends Error {
  override name = 'IndexFormatError';
}

export function pad8(n: number): number {
  return (n + 7) & ~7;
}

export function packSections(magic: string, meta: unknown, arrays: readonly SectionArray[]): Buffer {
  const magicBytes = Buffer.from(magic, 'latin1');
  if (magicBytes.length !== 8) throw new Error('magic must be 8 bytes');
  const metaBytes = Buffer.from(JSON.stringify(meta), 'utf8');
  let size = 8 + 8 + pad8(metaBytes.length) + 8;
  for (const array of arrays) size += 8 + pad8(array.byteLength);
  const out = Buffer.alloc(size + DIGEST_BYTES);
  let at = 0;
  magicBytes.copy(out, at);
  at += 8;
  out.writeUInt32LE(metaBytes.length, at);
  at += 8;
  metaBytes.copy(out, at);
  at += pad8(metaBytes.length);
  out.writeUInt32LE(arrays.length, at);
  at += 8;
  for (const array of arrays) {
    out.writeUInt32LE(array instanceof Int32Array ? KIND_INT32 : KIND_FLOAT64, at);
    out.writeUInt32LE(array.length, at + 4);
    at += 8;
    Buffer.from(array.buffer, array.byteOffset, array.byteLength).copy(out, at);
    at += pad8(array.byteLength);
  }
  createHash('sha256').update(out.subarray(0, size)).digest().copy(out, size);
  return out;
}

export interface UnpackedSections {
  meta: unknown;
  arrays: SectionArray[];
}

export function unpackSections(buf: Buffer, magic: string): UnpackedSections {
  if (buf.length < 24 + DIGEST_BYTES || buf.toString('latin1', 0, 8) !== magic) {
    throw new IndexFormatError(`not a ${magic} file`);
  }
  const size = buf.length - DIGEST_BYTES;
  const digest = createHash('sha256').update(buf.subarray(0, size)).digest();
  if (!digest.equals(buf.subarray(size))) throw new IndexFormatError('index file checksum mismatch');
  let at = 8;
  const metaLength = buf.readUInt32LE(at);
  at += 8;
  const meta: unknown = JSON.parse(buf.toString('utf8', at, at + metaLength));
  at += pad8(metaLength);
  const count = buf.readUInt32LE(at);
  at += 8;
  const arrays: SectionArray[] = [];
  for (let i = 0; i < count; i++) {
    const kind = buf.readUInt32LE(at);
    const length = buf.readUInt32LE(at + 4);
    at += 8;
    const bytesPer = kind === KIND_INT32 ? 4 : 8;
    const byteLength = length * bytesPer;
    if (at + byteLength > size) throw new IndexFormatError('index file truncated');
    // Copy into a fresh, aligned buffer (the Buffer may sit at any offset of a pool), in shared memory so tracing
    // threads read it without copies of their own.
    const copy = new SharedArrayBuffer(byteLength);
    new Uint8Array(copy).set(buf.subarray(at, at + byteLength));
    if (kind === KIND_INT32) arrays.push(new Int32Array(copy));
    else if (kind === KIND_FLOAT64) arrays.push(new Float64Array(copy));
    else throw new IndexFormatError(`unknown section kind ${kind}`);
    at += pad8(byteLength);
  }
  return { meta, arrays };
}
