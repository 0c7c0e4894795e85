import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sentenceKey } from '../../../api/attribution/semantic/sentences.js';
import { dot, normalize } from '../../../api/attribution/semantic/vectors.js';
import { EmbeddingCache } from '../../../api/embedding/embedding-cache.js';
import { TableEmbedder } from '../semantic/table-embedder.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-embeddings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Deterministic pseudo-random unit vectors. */
function unit(seed: number, dimensions = 384): Float32Array {
  const v = new Float32Array(dimensions);
  let x = seed * 2654435761;
  for (let i = 0; i < dimensions; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    v[i] = x / 2 ** 30 - 1;
  }
  return normalize(v);
}

describe('the embedding cache', () => {
  it('keeps int8 vectors whose cosines stay within 0.01 of the exact ones', () => {
    const cache = new EmbeddingCache('m/1', 384);
    const vectors = Array.from({ length: 50 }, (_, i) => unit(i + 1));
    vectors.forEach((v, i) => cache.put(`k${i}`, v));
    expect(cache.size).toBe(50);
    for (let i = 0; i < 49; i++) {
      const exact = dot(vectors[i]!, vectors[i + 1]!);
      expect(Math.abs(cache.similarity(`k${i}`, vectors[i + 1]!)! - exact)).toBeLessThan(0.01);
      expect(Math.abs(dot(cache.vectorOf(`k${i}`)!, vectors[i + 1]!) - exact)).toBeLessThan(0.01);
      expect(cache.similarity(`k${i}`, vectors[i]!)).toBeGreaterThan(0.99);
    }
    expect(cache.vectorOf('absent')).toBeUndefined();
    expect(cache.similarity('absent', vectors[0]!)).toBeUndefined();
    expect(() => cache.put('short', new Float32Array(3))).toThrow(/384/);
  });

  it('embeds only the sentences it lacks, each distinct key once, reporting progress', async () => {
    const embedder = new TableEmbedder(new Map([['one', [1, 0]], ['two', [0, 1]]]));
    const cache = new EmbeddingCache(embedder.modelVersion, embedder.dimensions);
    const sentence = (text: string) => ({ key: sentenceKey(embedder.modelVersion, text), text });
    const progress: number[] = [];
    const first = await cache.embedMissing([sentence('one'), sentence('two'), sentence('one'), sentence('three')], embedder, {
      chunk: 2,
      onProgress: (p) => progress.push(p.done),
    });
    expect(first).toBe(3);
    expect(progress).toEqual([2, 3]);
    expect(await cache.embedMissing([sentence('two'), sentence('four')], embedder)).toBe(1);
    expect(embedder.calls.flat()).toEqual(['one', 'two', 'three', 'four']);
    await expect(cache.embedMissing([], new TableEmbedder(new Map(), 'other/9'))).rejects.toThrow(/other\/9/);
  });

  it('persists to one file and loads it back identically', () => {
    const cache = new EmbeddingCache('m/1', 384);
    for (let i = 0; i < 1500; i++) cache.put(sentenceKey('m/1', `sentence ${i}`), unit(i + 7)); // past the first growth
    const file = join(dir, 'nested', 'cache.bin');
    expect(cache.dirty).toBe(true);
    cache.save(file);
    expect(cache.dirty).toBe(false);
    const { cache: loaded, reason } = EmbeddingCache.load(file, 'm/1', 384);
    expect(reason).toBeNull();
    expect(loaded.size).toBe(1500);
    expect(loaded.dirty).toBe(false);
    for (const i of [0, 1023, 1024, 1499]) {
      const key = sentenceKey('m/1', `sentence ${i}`);
      expect([...loaded.vectorOf(key)!]).toEqual([...cache.vectorOf(key)!]);
    }
  });

  it('starts empty, saying why, when the file is missing, for another model, or damaged', () => {
    const file = join(dir, 'one.bin');
    const cache = new EmbeddingCache('m/1', 384);
    cache.put(sentenceKey('m/1', 'x'), unit(3));
    cache.save(file);
    expect(EmbeddingCache.load(join(dir, 'absent.bin'), 'm/1', 384).reason).toMatch(/no embedding cache/);
    const other = EmbeddingCache.load(file, 'm/2', 384);
    expect(other.cache.size).toBe(0);
    expect(other.reason).toMatch(/holds vectors of m\/1, not m\/2/);
    writeFileSync(join(dir, 'cut.bin'), readFileSync(file).subarray(0, 100));
    expect(EmbeddingCache.load(join(dir, 'cut.bin'), 'm/1', 384).reason).toMatch(/unreadable/);
    writeFileSync(join(dir, 'junk.bin'), 'not a cache at all');
    expect(EmbeddingCache.load(join(dir, 'junk.bin'), 'm/1', 384)).toMatchObject({ reason: expect.stringMatching(/unreadable/) });
  });
});
