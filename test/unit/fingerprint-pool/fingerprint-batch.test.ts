/**
 * A batch's fingerprints from the event loop and the fingerprint thread together (api/fingerprint-pool/): the same
 * values as `fingerprint` of each text, in order, whoever computed which chunk.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fingerprint } from '../../../api/dedup/fingerprint.js';
import { CHUNK_SIZE, FingerprintBatch, MIN_THREADED } from '../../../api/fingerprint-pool/fingerprint-batch.js';
import { packFingerprints, unpackFingerprints } from '../../../api/fingerprint-pool/packed-fingerprints.js';
import { ChunkClaims } from '../../../api/fingerprint-pool/shared-chunks.js';

const WORDS = ['the', 'river', 'Fluss', 'über', 'naïve', 'café', '東京', 'data', 'set', 'model', 'adapter', '42', 'ünïcödé', 'résumé'];

function texts(count: number, seed: number): string[] {
  let state = seed;
  const next = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0), state);
  return Array.from({ length: count }, () => {
    const words = Array.from({ length: 3 + (next() % 30) }, () => WORDS[next() % WORDS.length]!);
    return words.join(next() % 3 === 0 ? ', ' : ' ') + '.';
  });
}

describe('packed fingerprints', () => {
  it('unpack what was packed, each at its position', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 80 }), { minLength: 1, maxLength: 20 }), (batch) => {
        const prints = batch.map((text) => fingerprint(text));
        // Packed out of order (as a thread's chunks come), unpacked into place.
        const order = prints.map((print, index) => ({ index, print })).reverse();
        const into = new Array(batch.length);
        unpackFingerprints(packFingerprints(order), into);
        expect(into).toEqual(prints);
      }),
      { numRuns: 50 },
    );
  });
});

describe('chunk claims', () => {
  it('hand every chunk out once, across claimers sharing the counter', () => {
    const first = new ChunkClaims(70, 10);
    const second = new ChunkClaims(70, 10, first.buffer);
    const claimed: number[] = [];
    for (;;) {
      const a = first.claim();
      const b = second.claim();
      if (a !== null) claimed.push(a);
      if (b !== null) claimed.push(b);
      if (a === null && b === null) break;
    }
    expect(claimed.sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('visit every position once, whichever side claimed its chunk', () => {
    const thread = new ChunkClaims(70, 32);
    const loop = new ChunkClaims(70, 32, thread.buffer);
    const visited: number[] = [];
    const threadChunk = thread.claim();
    expect(loop.workClaimed((index) => visited.push(index))).toEqual([1, 2]);
    const { from, to } = thread.range(threadChunk!);
    for (let index = from; index < to; index++) visited.push(index);
    expect(visited.sort((x, y) => x - y)).toEqual(Array.from({ length: 70 }, (_, i) => i));
  });

  it('cover a batch with its chunks, the last one short', () => {
    const claims = new ChunkClaims(70, 32);
    expect(claims.chunks).toBe(3);
    expect(claims.range(0)).toEqual({ from: 0, to: 32 });
    expect(claims.range(2)).toEqual({ from: 64, to: 70 });
  });
});

describe('FingerprintBatch', () => {
  it('gives what the thread computed when the thread got to every chunk first', async () => {
    const batch = texts(500, 1);
    const prints = new FingerprintBatch(batch);
    await prints.threadSettled;
    const all = await prints.all();
    // The event loop claimed nothing: every value came across from the thread.
    expect(prints.ownChunks).toBe(0);
    expect(all).toEqual(batch.map((text) => fingerprint(text)));
  });

  it('gives the same values when both sides compute, and when batches overlap on the one thread', async () => {
    const batches = [texts(500, 2), texts(333, 3), texts(MIN_THREADED, 4)];
    const started = batches.map((batch) => new FingerprintBatch(batch));
    const answers = await Promise.all(started.map((b) => b.all()));
    answers.forEach((all, k) => expect(all).toEqual(batches[k]!.map((text) => fingerprint(text))));
    // Asked at once, the event loop started on the first before the thread could take all of it.
    expect(started[0]!.ownChunks).toBeGreaterThan(0);
  });

  it('keeps small batches in the event loop, and computes once however often it is asked', async () => {
    const batch = texts(MIN_THREADED - 1, 5);
    const prints = new FingerprintBatch(batch);
    const first = await prints.all();
    expect(prints.ownChunks).toBe(Math.ceil(batch.length / CHUNK_SIZE));
    expect(await prints.all()).toBe(first);
    expect(first).toEqual(batch.map((text) => fingerprint(text)));
  });

  it('stays in the event loop when told to', async () => {
    const batch = texts(400, 6);
    const prints = new FingerprintBatch(batch, { thread: false });
    expect(await prints.all()).toEqual(batch.map((text) => fingerprint(text)));
    expect(prints.ownChunks).toBe(Math.ceil(400 / CHUNK_SIZE));
  });
});
