/**
 * The trace index's file, written and read in pieces (docs/architecture.md#tracing-off-the-event-loop): the same
 * layout as `packSections` (binary-sections.ts), but each array goes between the file and its own (shared) memory in
 * chunks of CHUNK_BYTES, hashed as it passes. So there is no 2 GiB limit (readFileSync's), no second copy of the index
 * in memory while saving or loading, and the event loop gets a turn between chunks; `progress` is told how far.
 *
 * The last DIGEST_BYTES check the bytes before them. For the head (and tier files before STRTIER2) that is a SHA-256;
 * a tier file's is a CRC-32 (zlib's), zero-padded. The check is there to catch a damaged file, which is then rebuilt
 * from Neo4j, not to resist a forger (whoever can write the file can write its check), and a CRC-32 runs at ~3.7 GB/s
 * here against SHA-256's ~1.4: hashing 8 GB of tiers was a third of a cold load at 10^9 tokens, on two cores shared
 * with the reads.
 */
import { createHash } from 'node:crypto';
import { open, rename, type FileHandle } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import { DIGEST_BYTES, IndexFormatError, KIND_FLOAT64, KIND_INT32, pad8, type SectionArray } from '../attribution/trace/binary-sections.js';
import { TIER_MAGIC } from '../attribution/trace/corpus-index.js';

const CHUNK_BYTES = 64 << 20;

/** The running check of a file's bytes, and its DIGEST_BYTES trailer. */
interface FileCheck {
  update(bytes: Uint8Array): void;
  digest(): Buffer;
}

/** Files with these magics end in a CRC-32; all others in a SHA-256. */
const CRC32_MAGICS: ReadonlySet<string> = new Set([TIER_MAGIC]);

function fileCheck(magic: string): FileCheck {
  if (!CRC32_MAGICS.has(magic)) return createHash('sha256');
  let value = 0;
  return {
    update(bytes) {
      value = crc32(bytes, value);
    },
    digest() {
      const trailer = Buffer.alloc(DIGEST_BYTES);
      trailer.writeUInt32LE(value, 0);
      return trailer;
    },
  };
}

export type Progress = (doneBytes: number, totalBytes: number) => void;

function bytesOf(array: SectionArray): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

/** Writes `meta` and `arrays` to `file` (through `file.tmp` and a rename, so a crash leaves the previous copy). */
export async function writeIndexFile(file: string, magic: string, meta: unknown, arrays: readonly SectionArray[], progress?: Progress, chunkBytes = CHUNK_BYTES): Promise<void> {
  const metaBytes = Buffer.from(JSON.stringify(meta), 'utf8');
  let total = 8 + 8 + pad8(metaBytes.length) + 8;
  for (const array of arrays) total += 8 + pad8(array.byteLength);
  const handle = await open(`${file}.tmp`, 'w');
  const hash = fileCheck(magic);
  let done = 0;
  const put = async (bytes: Uint8Array) => {
    // Shared memory cannot be hashed or written directly everywhere: a chunk at a time is copied out, never the whole.
    for (let at = 0; at < bytes.length; at += chunkBytes) {
      const chunk = Buffer.from(bytes.subarray(at, Math.min(bytes.length, at + chunkBytes)));
      hash.update(chunk);
      await handle.write(chunk);
      done += chunk.length;
      progress?.(done, total);
    }
  };
  const header = (a: number, b: number) => {
    const bytes = Buffer.alloc(8);
    bytes.writeUInt32LE(a, 0);
    bytes.writeUInt32LE(b, 4);
    return bytes;
  };
  const padding = (n: number) => Buffer.alloc(pad8(n) - n);
  try {
    await put(Buffer.from(magic, 'latin1'));
    await put(header(metaBytes.length, 0));
    await put(Buffer.concat([metaBytes, padding(metaBytes.length)]));
    await put(header(arrays.length, 0));
    for (const array of arrays) {
      await put(header(array instanceof Int32Array ? KIND_INT32 : KIND_FLOAT64, array.length));
      await put(bytesOf(array));
      await put(padding(array.byteLength));
    }
    await handle.write(hash.digest());
  } finally {
    await handle.close();
  }
  await rename(`${file}.tmp`, file);
}

/**
 * Reads a file written by writeIndexFile (or packSections) with one of `magics`; throws IndexFormatError when it is
 * not intact.
 */
export async function readIndexFile(
  file: string,
  magics: string | readonly string[],
  progress?: Progress,
  chunkBytes = CHUNK_BYTES,
): Promise<{ meta: unknown; arrays: SectionArray[] }> {
  const accepted = typeof magics === 'string' ? [magics] : magics;
  const handle = await open(file, 'r');
  try {
    const size = (await handle.stat()).size - DIGEST_BYTES;
    if (size < 24) throw new IndexFormatError(`not a ${accepted.join(' or ')} file`);
    // The magic, read before the rest, says which check the file ends in (and is itself checked).
    const magicBytes = Buffer.alloc(8);
    await readFully(handle, magicBytes, 0);
    const magic = magicBytes.toString('latin1');
    if (!accepted.includes(magic)) throw new IndexFormatError(`not a ${accepted.join(' or ')} file`);
    const hash = fileCheck(magic);
    // The magic's bytes are checked as read above, not read a second time.
    hash.update(magicBytes);
    let at = magicBytes.length;
    const read = async (target: Uint8Array): Promise<void> => {
      if (at + target.length > size) throw new IndexFormatError('index file truncated');
      let previous: Uint8Array | null = null;
      for (let done = 0; done < target.length; ) {
        const length = Math.min(chunkBytes, target.length - done);
        // Read and hashed where it lands (shared memory included): no chunk to allocate, zero and copy from, which
        // was most of a cold load's CPU. The chunk before is hashed while this one is read (on libuv's threads).
        const chunk = target.subarray(done, done + length);
        const reading = readFully(handle, chunk, at);
        if (previous) hash.update(previous);
        await reading;
        previous = chunk;
        done += length;
        at += length;
        progress?.(at, size);
      }
      if (previous) hash.update(previous);
    };
    const header = async () => {
      const bytes = Buffer.alloc(8);
      await read(bytes);
      return [bytes.readUInt32LE(0), bytes.readUInt32LE(4)] as const;
    };
    const [metaLength] = await header();
    const metaBytes = Buffer.alloc(pad8(metaLength));
    await read(metaBytes);
    const meta: unknown = JSON.parse(metaBytes.toString('utf8', 0, metaLength));
    const [count] = await header();
    const arrays: SectionArray[] = [];
    for (let i = 0; i < count; i++) {
      const [kind, length] = await header();
      if (kind !== KIND_INT32 && kind !== KIND_FLOAT64) throw new IndexFormatError(`unknown section kind ${kind}`);
      const byteLength = length * (kind === KIND_INT32 ? 4 : 8);
      if (at + byteLength > size) throw new IndexFormatError('index file truncated');
      // Straight into shared memory: tracing threads read the arrays where they land.
      const memory = new SharedArrayBuffer(byteLength);
      await read(new Uint8Array(memory));
      await read(Buffer.alloc(pad8(byteLength) - byteLength));
      arrays.push(kind === KIND_INT32 ? new Int32Array(memory) : new Float64Array(memory));
    }
    const digest = Buffer.alloc(DIGEST_BYTES);
    await readFully(handle, digest, size);
    if (at !== size || !hash.digest().equals(digest)) throw new IndexFormatError('index file checksum mismatch');
    return { meta, arrays };
  } finally {
    await handle.close();
  }
}

async function readFully(handle: FileHandle, target: Uint8Array, position: number): Promise<void> {
  for (let done = 0; done < target.length; ) {
    const { bytesRead } = await handle.read(target, done, target.length - done, position + done);
    if (bytesRead === 0) throw new IndexFormatError('index file truncated');
    done += bytesRead;
  }
}
