/**
 * The trace index at scale (issue 16, item 1): the first-token table on and off (identical spans checked), tracing on
 * a thread (round trip, and the event loop's worst delay while 60 KB traces run), and the index file written and
 * read in pieces. Times at larger corpora are also given as ratios to the first size of the same run.
 *
 *   node --expose-gc node_modules/.bin/tsx bench/trace-index.ts            # 10^7 tokens
 *   node --expose-gc node_modules/.bin/tsx bench/trace-index.ts 1e7 1e8    # and 10^8 (~2.5 GB, minutes)
 *   STRATA_BENCH_1E9=1 … bench/trace-index.ts 1e7 1e9                      # 10^9: ~25 GB, a bigger machine
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { isDeepStrictEqual } from 'node:util';
import { CorpusIndex, INDEX_MAGIC, type CorpusRecord } from '../api/attribution/trace/corpus-index.js';
import { SuffixArray } from '../api/attribution/trace/suffix-array.js';
import { tokenize } from '../api/attribution/trace/tokenize.js';
import { traceText, type TraceCorpus } from '../api/attribution/trace/trace.js';
import { readIndexFile, writeIndexFile } from '../api/corpus/index-file.js';
import { ReplicaPublisher } from '../api/trace-pool/corpus-replica.js';
import { TracePool } from '../api/trace-pool/trace-pool.js';
import { plantOutputs } from '../test/unit/trace/planted-outputs.js';
import { generateRecords } from '../test/unit/trace/synthetic-corpus.js';

const OUTPUT_TOKENS = 500;
const TRACES = 200;
const WARMUP = 50;

function* recordsWithWords(target: number, seed: number): Generator<CorpusRecord> {
  let words = 0;
  for (const record of generateRecords({ seed, records: Number.MAX_SAFE_INTEGER })) {
    yield record;
    words += record.text.split(' ').length;
    if (words >= target) return;
  }
}

function outputsOf(records: CorpusRecord[], count: number): string[] {
  return plantOutputs(records, { seed: 7, outputs: count, minPassages: 12, maxPassages: 12 }).map(({ text }) => {
    const tokens = tokenize(text);
    return text.slice(0, tokens[Math.min(tokens.length, OUTPUT_TOKENS) - 1]!.end);
  });
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
async function latency(run: () => unknown): Promise<{ median: number; p99: number }> {
  const times: number[] = [];
  for (let i = 0; i < WARMUP + TRACES; i++) {
    const t0 = performance.now();
    await run();
    if (i >= WARMUP) times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { median: pct(times, 0.5), p99: pct(times, 0.99) };
}
const ms = (x: number) => `${x.toFixed(x < 10 ? 2 : 0)} ms`;
const gb = (bytes: number) => `${(bytes / 2 ** 30).toFixed(2)} GiB`;

interface Row { size: number; off: { median: number; p99: number }; on: { median: number; p99: number } }
const rows: Row[] = [];

async function bench(targetWords: number): Promise<void> {
  console.log(`\n== ~${targetWords.toExponential(0)} word tokens ==`);
  let t0 = performance.now();
  // Built in batches of 20,000 records, as the API's catch-up adds them (deltas merged geometrically).
  const index = new CorpusIndex();
  const sample: CorpusRecord[] = [];
  let batch: CorpusRecord[] = [];
  let lastLog = t0;
  for (const record of recordsWithWords(targetWords, 11)) {
    if (sample.length < 20_000) sample.push(record);
    batch.push(record);
    if (batch.length === 20_000) {
      index.addBatch(batch);
      batch = [];
      if (performance.now() - lastLog > 30_000) {
        lastLog = performance.now();
        console.log(`  building: ${index.tokenCount} tokens, ${((lastLog - t0) / 1000).toFixed(0)} s`);
      }
    }
  }
  index.addBatch(batch);
  global.gc?.();
  console.log(`build: ${ms(performance.now() - t0)}, ${index.tokenCount} tokens, ${index.documentCount} records, rss ${gb(process.memoryUsage().rss)}`);

  const outputs = outputsOf(sample, 50);
  const tableOff: TraceCorpus = {
    method: index.method, vocabulary: index.vocabulary, documentCount: index.documentCount,
    recordIdOf: (d) => index.recordIdOf(d), clusterOf: (d) => index.clusterOf(d), clusterName: (c) => index.clusterName(c),
    shards: index.shards.map(({ index: s, docBase }) => ({ index: new SuffixArray(s.tokens, s.sa, s.docStarts, new Int32Array(0)), docBase })),
  };
  const identical = outputs.every((o) => isDeepStrictEqual(traceText(tableOff, o), index.trace(o)));
  let k = 0;
  const off = await latency(() => traceText(tableOff, outputs[k++ % outputs.length]!));
  const on = await latency(() => index.trace(outputs[k++ % outputs.length]!));
  rows.push({ size: targetWords, off, on });
  console.log(`trace (exact + NEAR), first-token table off: median ${ms(off.median)}, p99 ${ms(off.p99)}`);
  console.log(`trace (exact + NEAR), first-token table on:  median ${ms(on.median)}, p99 ${ms(on.p99)} (spans identical: ${identical})`);

  const pool = new TracePool(1);
  const publisher = new ReplicaPublisher('bench');
  t0 = performance.now();
  const handle = publisher.publish(index);
  const publishMs = performance.now() - t0;
  t0 = performance.now();
  await pool.trace(handle, outputs[0]!);
  const firstMs = performance.now() - t0;
  const onThread = await latency(() => pool.trace(handle, outputs[k++ % outputs.length]!));
  console.log(`on a tracing thread: publish ${ms(publishMs)}, first task (replica built) ${ms(firstMs)}, round trip median ${ms(onThread.median)}, p99 ${ms(onThread.p99)}`);
  const big = Array.from({ length: 8 }, (_, i) => outputs.slice(i * 6, i * 6 + 6).join(' ').repeat(4).slice(0, 60_000));
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  for (const text of big) {
    index.trace(text);
    await new Promise((resolve) => setImmediate(resolve));
  }
  delay.disable();
  const inProcessMax = delay.max / 1e6;
  delay.reset();
  delay.enable();
  await Promise.all(big.map((text) => pool.trace(handle, text)));
  delay.disable();
  console.log(`8 traces of 60 KB: worst event-loop delay in-process ${ms(inProcessMax)}, on a thread ${ms(delay.max / 1e6)}`);
  await pool.close();

  const dir = mkdtempSync(join(tmpdir(), 'strata-bench-index-'));
  const file = join(dir, 'index.bin');
  t0 = performance.now();
  const { meta, arrays } = index.toSections();
  await writeIndexFile(file, INDEX_MAGIC, meta, arrays);
  const saveMs = performance.now() - t0;
  t0 = performance.now();
  const read = await readIndexFile(file, INDEX_MAGIC);
  CorpusIndex.fromSections(read.meta, read.arrays);
  console.log(`index file in pieces: save ${ms(saveMs)}, load ${ms(performance.now() - t0)}, rss ${gb(process.memoryUsage().rss)}`);
  rmSync(dir, { recursive: true, force: true });
}

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
for (const size of sizes.length > 0 ? sizes : [1e7]) {
  if (size >= 1e9 && !process.env.STRATA_BENCH_1E9) {
    console.log('\n10^9 tokens needs STRATA_BENCH_1E9=1 (and ~25 GiB of memory).');
    continue;
  }
  await bench(size);
}
if (rows.length > 1) {
  const base = rows[0]!;
  for (const row of rows.slice(1)) {
    console.log(`\n${row.size.toExponential(0)} vs ${base.size.toExponential(0)} (table on): median ${(row.on.median / base.on.median).toFixed(2)}×, p99 ${(row.on.p99 / base.on.p99).toFixed(2)}×`);
  }
}
