/**
 * A batch's fingerprints, computed by the event loop and one fingerprint thread together
 * (docs/architecture.md#near-duplicates-under-concurrency). `submitRecords` starts the batch when the call arrives,
 * which hands the texts to the thread; the event loop does its share after sending the transaction's first statements,
 * while Neo4j answers them. Both claim chunks from one shared counter (`ChunkClaims`), so a thread that is still
 * starting, or busy with another request's batch, costs nothing but the message.
 */
import { Piscina } from 'piscina';
import { fingerprint, type Fingerprint } from '../dedup/fingerprint.js';
import { typescriptThread } from '../threads/typescript-thread.js';
import type { FingerprintTask } from './fingerprint-thread.js';
import { unpackFingerprints } from './packed-fingerprints.js';
import { ChunkClaims } from './shared-chunks.js';

/** Texts per chunk: ~1 ms of work for short records, so neither side waits long for the other's last chunk. */
export const CHUNK_SIZE = 32;
/**
 * Smaller batches stay in the event loop: they take a few ms at most, and the thread's share would come back with the
 * cost of two messages, the packing and the copy of the texts (~1–2 ms for 500 records) on top.
 */
export const MIN_THREADED = 4 * CHUNK_SIZE;

// One thread per process, started by the first batch that needs it and kept while batches come (an idle thread does
// not keep the process alive: piscina unrefs it).
let pool: Piscina | null = null;
const IDLE_MS = 5 * 60_000;

function threadPool(): Piscina {
  pool ??= new Piscina({ ...typescriptThread(new URL('./fingerprint-thread.ts', import.meta.url)), minThreads: 0, maxThreads: 1, idleTimeout: IDLE_MS });
  return pool;
}

export class FingerprintBatch {
  private readonly claims: ChunkClaims;
  private readonly thread: Promise<Uint32Array> | null;
  private prints: Promise<Fingerprint[]> | null = null;
  /** Chunks the event loop computed (the tests read it). */
  ownChunks = 0;

  constructor(
    private readonly texts: readonly string[],
    options: { thread?: boolean } = {},
  ) {
    this.claims = new ChunkClaims(texts.length, CHUNK_SIZE);
    const threaded = (options.thread ?? true) && texts.length >= MIN_THREADED;
    this.thread = threaded ? (threadPool().run({ texts: texts as string[], chunkSize: CHUNK_SIZE, claims: this.claims.buffer } satisfies FingerprintTask) as Promise<Uint32Array>) : null;
    // Awaited only when the thread claimed a chunk; a failure is handled there (the event loop redoes its chunks).
    this.threadSettled = this.thread ? this.thread.then(() => {}, () => {}) : Promise.resolve();
  }

  /** Settles when the thread's task has ended, whether it claimed chunks or not (tests wait for it). */
  readonly threadSettled: Promise<void>;

  /** Every text's fingerprint, in order; computed once, however often it is asked for (a retried transaction). */
  all(): Promise<Fingerprint[]> {
    this.prints ??= this.compute();
    return this.prints;
  }

  private async compute(): Promise<Fingerprint[]> {
    const prints = new Array<Fingerprint>(this.texts.length);
    const compute = (index: number) => {
      prints[index] = fingerprint(this.texts[index]!);
    };
    const mine = new Set(this.claims.workClaimed(compute));
    this.ownChunks = mine.size;
    if (mine.size === this.claims.chunks) return prints;
    // The rest was claimed by the thread: every claim was made before the counter ran out, so its answer holds them.
    try {
      unpackFingerprints(await this.thread!, prints);
    } catch (error) {
      warnOnce(error);
      for (let chunk = 0; chunk < this.claims.chunks; chunk++) {
        if (mine.has(chunk)) continue;
        const { from, to } = this.claims.range(chunk);
        for (let index = from; index < to; index++) compute(index);
      }
    }
    return prints;
  }
}

let warned = false;

/** A failed thread slows ingest down (the event loop does its chunks) without failing it: said once per process. */
function warnOnce(error: unknown): void {
  if (warned) return;
  warned = true;
  process.emitWarning(`the fingerprint thread failed; batches are fingerprinted in the event loop: ${error instanceof Error ? error.message : String(error)}`, 'StrataWarning');
}
