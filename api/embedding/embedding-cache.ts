import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Embedder } from '../attribution/semantic/embedder.js';
import type { SentenceVectors } from '../attribution/semantic/semantic-corpus.js';

/**
 * Sentence vectors computed once: a trace never embeds the corpus, only its own output. Vectors are kept in memory
 * as int8 codes with one scale per vector (384 bytes + 4 instead of 1,536 per sentence; cosines move by < 0.01) and
 * persisted to one file under `.strata/`, loaded on start. Keys are `sentenceKey(modelVersion, text)`; a file
 * written for another model version is ignored (and replaced on the next save).
 *
 * File layout (little-endian): "STRATAEMB1" · u32 header length · header JSON {modelVersion, dimensions, count} ·
 * count × 32-byte keys · count × f32 scales · count × dimensions int8 codes.
 */
const MAGIC = Buffer.from('STRATAEMB1', 'ascii');

export interface EmbedProgress {
  done: number;
  total: number;
  perSecond: number;
}

export class EmbeddingCache implements SentenceVectors {
  private readonly slots = new Map<string, number>();
  private keys: string[] = [];
  private codes: Int8Array;
  private scales: Float32Array;
  private changed = false;

  constructor(
    readonly modelVersion: string,
    readonly dimensions: number,
  ) {
    this.codes = new Int8Array(1024 * dimensions);
    this.scales = new Float32Array(1024);
  }

  get size(): number {
    return this.keys.length;
  }

  /** True when vectors were added since the cache was loaded or last saved. */
  get dirty(): boolean {
    return this.changed;
  }

  has(key: string): boolean {
    return this.slots.has(key);
  }

  vectorOf(key: string): Float32Array | undefined {
    const slot = this.slots.get(key);
    if (slot === undefined) return undefined;
    const vector = new Float32Array(this.dimensions);
    const scale = this.scales[slot]!;
    const base = slot * this.dimensions;
    for (let d = 0; d < this.dimensions; d++) vector[d] = this.codes[base + d]! * scale;
    return vector;
  }

  similarity(key: string, vector: Float32Array): number | undefined {
    const slot = this.slots.get(key);
    if (slot === undefined) return undefined;
    const base = slot * this.dimensions;
    let sum = 0;
    for (let d = 0; d < this.dimensions; d++) sum += this.codes[base + d]! * vector[d]!;
    return sum * this.scales[slot]!;
  }

  /** Stores a vector (quantised to int8 with its own scale); a key already present keeps its vector. */
  put(key: string, vector: Float32Array): void {
    if (vector.length !== this.dimensions) throw new Error(`vector of ${vector.length} values, the cache holds ${this.dimensions}`);
    if (this.slots.has(key)) return;
    const slot = this.keys.length;
    this.grow(slot + 1);
    let max = 0;
    for (let d = 0; d < vector.length; d++) max = Math.max(max, Math.abs(vector[d]!));
    const scale = max > 0 ? max / 127 : 1;
    const base = slot * this.dimensions;
    for (let d = 0; d < vector.length; d++) this.codes[base + d] = Math.round(vector[d]! / scale);
    this.scales[slot] = scale;
    this.keys.push(key);
    this.slots.set(key, slot);
    this.changed = true;
  }

  /**
   * Embeds the sentences whose key is not cached yet, in chunks, reporting progress after each chunk. Returns how
   * many were embedded.
   */
  async embedMissing(
    sentences: Iterable<{ key: string; text: string }>,
    embedder: Embedder,
    options: { chunk?: number; onProgress?: (progress: EmbedProgress) => void } = {},
  ): Promise<number> {
    if (embedder.modelVersion !== this.modelVersion) throw new Error(`the cache holds ${this.modelVersion} vectors, the embedder is ${embedder.modelVersion}`);
    const missing = new Map<string, string>();
    for (const s of sentences) if (!this.slots.has(s.key) && !missing.has(s.key)) missing.set(s.key, s.text);
    const todo = [...missing];
    const chunk = options.chunk ?? 256;
    const started = performance.now();
    for (let from = 0; from < todo.length; from += chunk) {
      const part = todo.slice(from, from + chunk);
      const vectors = await embedder.embed(part.map(([, text]) => text));
      part.forEach(([key], i) => this.put(key, vectors[i]!));
      const done = Math.min(todo.length, from + chunk);
      options.onProgress?.({ done, total: todo.length, perSecond: done / ((performance.now() - started) / 1000) });
    }
    return todo.length;
  }

  /** Writes the cache to `file` (a temporary file renamed over it, so a crash never leaves half a cache). */
  save(file: string): void {
    const count = this.keys.length;
    const header = Buffer.from(JSON.stringify({ modelVersion: this.modelVersion, dimensions: this.dimensions, count }), 'utf8');
    const headerLength = Buffer.alloc(4);
    headerLength.writeUInt32LE(header.length);
    const keys = Buffer.alloc(count * 32);
    this.keys.forEach((key, i) => keys.write(key, i * 32, 'hex'));
    const scales = Buffer.from(this.scales.buffer, this.scales.byteOffset, count * 4);
    const codes = Buffer.from(this.codes.buffer, this.codes.byteOffset, count * this.dimensions);
    mkdirSync(dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, Buffer.concat([MAGIC, headerLength, header, keys, scales, codes]));
    renameSync(temporary, file);
    this.changed = false;
  }

  /**
   * The cache stored in `file`, or an empty one when the file is missing, unreadable or for another model (`reason`
   * says which, for the start-up log).
   */
  static load(file: string, modelVersion: string, dimensions: number): { cache: EmbeddingCache; reason: string | null } {
    const cache = new EmbeddingCache(modelVersion, dimensions);
    let data: Buffer;
    try {
      data = readFileSync(file);
    } catch {
      return { cache, reason: `no embedding cache at ${file} yet` };
    }
    try {
      if (!data.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error('not an embedding cache');
      const headerLength = data.readUInt32LE(MAGIC.length);
      let at = MAGIC.length + 4;
      const header = JSON.parse(data.toString('utf8', at, at + headerLength)) as { modelVersion: string; dimensions: number; count: number };
      at += headerLength;
      if (header.modelVersion !== modelVersion || header.dimensions !== dimensions) {
        return { cache, reason: `${file} holds vectors of ${header.modelVersion}, not ${modelVersion}: starting empty` };
      }
      const count = header.count;
      if (data.length !== at + count * (32 + 4 + dimensions)) throw new Error('truncated');
      cache.grow(count);
      for (let i = 0; i < count; i++) {
        const key = data.toString('hex', at + i * 32, at + (i + 1) * 32);
        cache.keys.push(key);
        cache.slots.set(key, i);
      }
      at += count * 32;
      cache.scales.set(new Float32Array(data.buffer.slice(data.byteOffset + at, data.byteOffset + at + count * 4)));
      at += count * 4;
      cache.codes.set(new Int8Array(data.buffer, data.byteOffset + at, count * dimensions));
      return { cache, reason: null };
    } catch (error) {
      return { cache: new EmbeddingCache(modelVersion, dimensions), reason: `${file} is unreadable (${error instanceof Error ? error.message : String(error)}): starting empty` };
    }
  }

  private grow(count: number): void {
    if (count <= this.scales.length) return;
    const capacity = Math.max(count, this.scales.length * 2);
    const codes = new Int8Array(capacity * this.dimensions);
    codes.set(this.codes);
    const scales = new Float32Array(capacity);
    scales.set(this.scales);
    this.codes = codes;
    this.scales = scales;
  }
}
