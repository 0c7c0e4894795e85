/**
 * The trace index at scale (issue 16, item 1): a full rebuild (document shards of up to 2^28 tokens, progress), the
 * first-token table on and off (identical spans checked), tracing on a thread (round trip, and the event loop's worst
 * delay while 60 KB traces run), 500-record batches added as tiers while the merge thread merges (time from the batch
 * to its first hit on a tracing thread), the index saved one file per tier and cold-loaded, and peak RSS. Times at
 * larger corpora are also given as ratios to the first size of the same run. Memory is given per structure (the
 * index's arrays, the JS heap: vocabulary, record ids and their maps), as the rebuild's peak RSS and the steady RSS
 * after it, and again with a tracing thread's replica (it shares the arrays and tables, so RSS barely moves). The cold
 * load runs after the built index is dropped, so its RSS is one index's.
 *
 *   node --expose-gc node_modules/.bin/tsx bench/trace-index.ts                 # 10^7 tokens
 *   node --expose-gc node_modules/.bin/tsx bench/trace-index.ts 1e7 1e8         # and 10^8 (~1.2 GiB, minutes)
 *   node --expose-gc node_modules/.bin/tsx bench/trace-index.ts 1e7 1e9 --1e9   # 10^9: 8 shards, ~10 GiB, ~1 h; a quiet machine
 * (STRATA_BENCH_1E9=1 does what --1e9 does.) Writes its section of bench/RESULTS.md (--out) and its target rows to
 * bench/results-trace-index.json (--json), which `npm run bench` keeps and lists; --no-write prints only.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { isDeepStrictEqual } from 'node:util';
import { CorpusIndex, type CorpusRecord } from '../api/attribution/trace/corpus-index.js';
import { SuffixArray } from '../api/attribution/trace/suffix-array.js';
import { traceText, type TraceCorpus } from '../api/attribution/trace/trace.js';
import { loadTieredIndex, saveTieredIndex } from '../api/corpus/tier-files.js';
import { TierMerger } from '../api/corpus/tier-merger.js';
import { ReplicaPublisher } from '../api/trace-pool/corpus-replica.js';
import { TracePool } from '../api/trace-pool/trace-pool.js';
import { generateRecords } from '../test/unit/trace/synthetic-corpus.js';
import { OUTPUT_TOKENS, outputsOf } from './trace-workload.js';
import { writeResultsSection } from './graph/results-section.js';
import type { ResultRow, SeparateResults } from './graph/results-json.js';
import { repoRoot } from '../tools/neo4j-local/local-neo4j.js';
import { hasHugePages, withHugePages } from '../tools/huge-pages.js';

// The API runs with huge pages (`npm run serve`, tools/huge-pages.ts), and so does this run: glibc reads the tunable
// at start-up, so the script starts itself again with it.
if (process.platform === 'linux' && !hasHugePages()) {
  const again = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit', env: withHugePages(process.env) });
  process.exit(again.status ?? 1);
}

const TRACES = 200;
const WARMUP = 50;

/** Records from `source` until they hold `target` words (the source goes on where they stop). */
function* recordsWithWords(source: Iterator<CorpusRecord>, target: number): Generator<CorpusRecord> {
  let words = 0;
  while (words < target) {
    const next = source.next();
    if (next.done) return;
    yield next.value;
    words += next.value.text.split(' ').length;
  }
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
/** What one corpus size measured, for the RESULTS.md section and bench/results-trace-index.json. */
interface SizeResult {
  size: number;
  tokens: number;
  records: number;
  shards: number;
  rebuildMs: number;
  arrayBytesPerToken: number;
  rebuildPeakRss: number;
  steadyRss: number;
  trace: { median: number; p99: number };
  identical: boolean;
  thread: { median: number; p99: number };
  searchable: { median: number; max: number };
  saveMs: number;
  loadMs: number;
  loadedTiers: number;
  sameAfterLoad: boolean;
  peakRss: number;
}
const results: SizeResult[] = [];
const BATCH = 500;
const BATCHES = 8;
const rows: Row[] = [];
const threadRows: Array<{ median: number; p99: number }> = [];

async function exercise(targetWords: number) {
  console.log(`\n== ~${targetWords.toExponential(0)} word tokens ==`);
  let t0 = performance.now();
  // A full rebuild, as after a lost index: records streamed into document shards, each suffix array sorted once.
  const source = generateRecords({ seed: 11, records: Number.MAX_SAFE_INTEGER });
  const sample: CorpusRecord[] = [];
  let lastLog = t0;
  const records = (function* () {
    for (const record of recordsWithWords(source, targetWords)) {
      if (sample.length < 20_000) sample.push(record);
      yield record;
    }
  })();
  const index = CorpusIndex.build(records, { merges: 'deferred' }, (done, tokens) => {
    if (performance.now() - lastLog < 30_000) return;
    lastLog = performance.now();
    console.log(`  building: ${done} records, ${tokens} tokens in shards, ${((lastLog - t0) / 1000).toFixed(0)} s`);
  });
  const rebuildMs = performance.now() - t0;
  const peakBuild = process.resourceUsage().maxRSS * 1024;
  await settle();
  const bytesOf = (pick: (s: SuffixArray) => Int32Array) => index.shards.reduce((n, { index: s }) => n + pick(s).byteLength, 0);
  const parts = { tokens: bytesOf((s) => s.tokens), sa: bytesOf((s) => s.sa), docStarts: bytesOf((s) => s.docStarts), firstTokens: bytesOf((s) => s.firstTokens) };
  const arrayBytes = parts.tokens + parts.sa + parts.docStarts + parts.firstTokens;
  const perToken = (bytes: number) => (bytes / index.tokenCount).toFixed(2);
  const mem = process.memoryUsage();
  const result: Partial<SizeResult> = { size: targetWords, tokens: index.tokenCount, records: index.documentCount, shards: index.shards.length, rebuildMs, arrayBytesPerToken: arrayBytes / index.tokenCount, rebuildPeakRss: peakBuild, steadyRss: mem.rss };
  console.log(`full rebuild: ${ms(rebuildMs)}, ${index.tokenCount} tokens, ${index.documentCount} records, ${index.shards.length} shard(s), ${(rebuildMs / 1000 / (index.tokenCount / 1e6)).toFixed(2)} s per 10^6 tokens`);
  console.log(
    `memory per token: arrays ${perToken(arrayBytes)} (tokens ${perToken(parts.tokens)}, suffix array ${perToken(parts.sa)}, document starts ${perToken(parts.docStarts)}, first-token tables ${perToken(parts.firstTokens)}), ` +
      `JS heap ${perToken(mem.heapUsed)} (vocabulary, record ids, clusters and their maps); rss ${gb(mem.rss)} (${perToken(mem.rss)} bytes/token), rebuild peak rss ${gb(peakBuild)} (${perToken(peakBuild)} bytes/token)`,
  );

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
  Object.assign(result, { trace: on, identical });
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
  await settle();
  console.log(`on a tracing thread: publish ${ms(publishMs)}, first task (replica built) ${ms(firstMs)}, round trip median ${ms(onThread.median)}, p99 ${ms(onThread.p99)}; rss with the thread's replica ${gb(process.memoryUsage().rss)} (${perToken(process.memoryUsage().rss)} bytes/token)`);
  threadRows.push(onThread);
  result.thread = onThread;
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

  // 500-record batches as tiers while the merge thread works: from the batch to its first hit on a tracing thread. A
  // first batch of 20,000 records (a catch-up's worth) is added before, so a big merge is under way at 10^7.
  const merger = new TierMerger({ current: () => index });
  const batchPool = new TracePool(1);
  const batchPublisher = new ReplicaPublisher('batches');
  await batchPool.trace(batchPublisher.publish(index), outputs[0]!); // the thread's replica, built once
  const catchUp = [...recordsWithWords(source, 20_000 * 150)].slice(0, 20_000);
  index.addBatch(catchUp);
  merger.schedule();
  const searchable: number[] = [];
  let duringMerge = 0;
  const tierMs: number[] = [];
  // The event loop's delay while batches wait to be searchable and merges run (our own addBatch is timed apart).
  const batchDelay = monitorEventLoopDelay({ resolution: 1 });
  for (let b = 0; b < BATCHES; b++) {
    const batch: CorpusRecord[] = [];
    while (batch.length < BATCH) {
      const next = source.next();
      if (next.done) break;
      batch.push(next.value);
    }
    // A record of the batch whose passage the index does not hold yet (not a near-copy of an older record).
    const passage = (r: CorpusRecord) => r.text.split(' ').slice(0, 40).join(' ');
    const probe = [...batch].reverse().find((r) => index.trace(passage(r)).spans.length === 0) ?? batch[BATCH - 1]!;
    const probeText = passage(probe);
    if (merger.busy) duringMerge++;
    const started = performance.now();
    index.addBatch(batch);
    tierMs.push(performance.now() - started);
    merger.schedule();
    batchDelay.enable();
    for (;;) {
      const found = await batchPool.trace(batchPublisher.publish(index), probeText);
      if (found.spans.some((span) => span.recordIds.includes(probe.recordId))) break;
      if (performance.now() - started > 60_000) throw new Error(`batch ${b} not searchable after 60 s`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    searchable.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 500));
    batchDelay.disable();
  }
  const mergeStarted = performance.now();
  batchDelay.enable();
  await merger.idle();
  batchDelay.disable();
  console.log(
    `500-record batch searchable on a thread: median ${ms(pct([...searchable].sort((a, b) => a - b), 0.5))}, max ${ms(Math.max(...searchable))} ` +
      `(${duringMerge}/${BATCHES} added while a merge ran; its tier built on the event loop in ${ms(pct([...tierMs].sort((a, b) => a - b), 0.5))} median; ` +
      `worst event-loop delay otherwise ${ms(batchDelay.max / 1e6)}; merges settled ${ms(performance.now() - mergeStarted)} later, ${index.shards.length} tiers)`,
  );
  await merger.close();
  await batchPool.close();
  result.searchable = { median: pct([...searchable].sort((a, b) => a - b), 0.5), max: Math.max(...searchable) };

  const dir = mkdtempSync(join(tmpdir(), 'strata-bench-index-'));
  const file = join(dir, 'index.bin');
  t0 = performance.now();
  await saveTieredIndex(file, index);
  const saveMs = performance.now() - t0;
  const probes = outputs.slice(0, 10);
  result.saveMs = saveMs;
  return { dir, file, saveMs, tiers: index.shards.length, probes, expected: probes.map((o) => index.trace(o)), result };
}

/** Everything above, then the cold load once the built index is gone (so the load's RSS is one index's). */
async function bench(targetWords: number): Promise<void> {
  const saved = await exercise(targetWords);
  await settle();
  const before = process.memoryUsage().rss;
  const t0 = performance.now();
  const loaded = await loadTieredIndex(saved.file);
  const loadMs = performance.now() - t0;
  const same = saved.probes.every((o, i) => isDeepStrictEqual(loaded.trace(o), saved.expected[i]));
  await settle();
  console.log(
    `index one file per tier: save ${ms(saved.saveMs)}, cold load of ${loaded.shards.length} tiers ${ms(loadMs)} (traces identical: ${same}), ` +
      `rss before the load ${gb(before)}, after ${gb(process.memoryUsage().rss)} (${(process.memoryUsage().rss / loaded.tokenCount).toFixed(2)} bytes/token)`,
  );
  rmSync(saved.dir, { recursive: true, force: true });
  console.log(`peak rss so far ${gb(process.resourceUsage().maxRSS * 1024)}`);
  results.push({ ...saved.result, loadMs, loadedTiers: loaded.shards.length, sameAfterLoad: same, peakRss: process.resourceUsage().maxRSS * 1024 } as SizeResult);
}

/** A full GC, and a moment for array buffers to be swept and their memory returned. */
async function settle(): Promise<void> {
  global.gc?.();
  await new Promise((resolve) => setTimeout(resolve, 200));
  global.gc?.();
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    '1e9': { type: 'boolean', default: false },
    out: { type: 'string', default: join(repoRoot, 'bench', 'RESULTS.md') },
    json: { type: 'string', default: join(repoRoot, 'bench', 'results-trace-index.json') },
    'no-write': { type: 'boolean', default: false },
  },
});
const sizes = positionals.map(Number).filter((n) => n > 0);
const allow1e9 = values['1e9'] || Boolean(process.env.STRATA_BENCH_1E9);
const startedAt = new Date();
const loadNow = () => loadavg().map((x) => x.toFixed(1)).join(' / ');
const loadAtStart = loadNow();
for (const size of sizes.length > 0 ? sizes : [1e7]) {
  if (size >= 1e9 && !allow1e9) {
    console.log('\n10^9 tokens needs --1e9 (or STRATA_BENCH_1E9=1), ~12 GiB of memory (4 shards of 2^28 tokens) and about an hour.');
    continue;
  }
  await bench(size);
}
if (rows.length > 1) {
  const base = rows[0]!;
  for (const row of rows.slice(1)) {
    const k = rows.indexOf(row);
    const thread = threadRows[k] && threadRows[0] ? `; on a thread: median ${(threadRows[k]!.median / threadRows[0]!.median).toFixed(2)}×, p99 ${(threadRows[k]!.p99 / threadRows[0]!.p99).toFixed(2)}×` : '';
    console.log(`\n${row.size.toExponential(0)} vs ${base.size.toExponential(0)} (table on): median ${(row.on.median / base.on.median).toFixed(2)}×, p99 ${(row.on.p99 / base.on.p99).toFixed(2)}×${thread}`);
  }
}

if (!values['no-write']) writeResults();

/**
 * The run's section of bench/RESULTS.md (between its markers; `npm run bench` keeps it) and its target rows in
 * bench/results-trace-index.json, which `npm run bench` lists in results.json beside its own.
 */
function writeResults(): void {
  if (results.length === 0) return;
  const base = results[0]!;
  const size = (r: SizeResult) => (Number.isInteger(Math.log10(r.size)) ? `10^${Math.log10(r.size)}` : r.size.toExponential(0));
  const rowsOut: ResultRow[] = [];
  const ratioRow = (r: SizeResult, what: 'median' | 'p99', bound: number) => {
    const ratio = r.trace[what] / base.trace[what];
    rowsOut.push({
      name: `trace ${what === 'median' ? 'p50' : 'p99'} at ${size(r)} tokens (exact + NEAR, first-token tables)`, unit: 'ms', median: r.trace.median, p99: r.trace.p99,
      reference: { name: `the ${size(base)}-token row of the same run, ${what === 'median' ? 'p50' : 'p99'}`, median: base.trace[what] }, ratio, target: `ratio <= ${bound}`, met: ratio <= bound,
    });
  };
  for (const r of results) {
    if (r === base) continue;
    if (r.size >= 1e9) {
      ratioRow(r, 'median', 10);
      ratioRow(r, 'p99', 30);
      rowsOut.push({ name: `RSS at ${size(r)} tokens, after the rebuild`, unit: 'GiB', median: r.steadyRss / 2 ** 30, p99: null, reference: null, ratio: null, target: 'median <= 12', met: r.steadyRss / 2 ** 30 <= 12 });
    } else ratioRow(r, 'median', 2.5);
  }
  for (const r of results) {
    rowsOut.push({ name: `500-record batch searchable after acceptance, ${size(r)} tokens (worst of ${BATCHES})`, unit: 's', median: r.searchable.median / 1000, p99: r.searchable.max / 1000, reference: null, ratio: null, target: 'p99 <= 5', met: r.searchable.max <= 5000 });
    rowsOut.push({ name: `cold load of the saved index, ${size(r)} tokens`, unit: 's', median: r.loadMs / 1000, p99: null, reference: null, ratio: null, target: 'median <= 60', met: r.loadMs <= 60_000 });
    rowsOut.push({ name: `full rebuild, ${size(r)} tokens`, unit: 'min', median: r.rebuildMs / 60_000, p99: null, reference: null, ratio: null, target: 'median <= 45', met: r.rebuildMs <= 45 * 60_000 });
  }
  const command = `node --expose-gc node_modules/.bin/tsx bench/trace-index.ts ${process.argv.slice(2).join(' ')}`.trim();
  const separate: SeparateResults = { command, startedAt: startedAt.toISOString(), load: loadAtStart, rows: rowsOut };
  writeFileSync(values.json!, `${JSON.stringify(separate, null, 2)}\n`);
  const f = (x: number, digits = 1) => x.toFixed(digits);
  const lines = [
    `### The trace index at scale (\`${command}\`, ${startedAt.toISOString().slice(0, 16).replace('T', ' ')}–${new Date().toISOString().slice(11, 16)} UTC)`,
    '',
    `Load average (1 / 5 / 15 min) ${loadAtStart} at the start, ${loadNow()} at the end, on ${cpus().length} cores and ${f(totalmem() / 2 ** 30)} GiB. ` +
      'Synthetic records (test/unit/trace/synthetic-corpus.ts), one process with huge pages as `npm run serve` has them (tools/huge-pages.ts); a trace is exact + NEAR over every tier, with the first-token tables. ' +
      `Ratios are to the ${size(base)}-token row of this run. What the index is: docs/architecture.md#the-trace-index-in-tiers.`,
    '',
    '| corpus | records / shards | full rebuild | arrays | rebuild peak RSS / steady RSS | trace p50 / p99 (ratio) | on a thread p50 / p99 | 500-record batch searchable, median / worst | save / cold load (tiers) | peak RSS |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...results.map((r) => `| ${size(r)} tokens (${(r.tokens / 1e6).toFixed(1)} M) | ${r.records.toLocaleString('en-US')} / ${r.shards} | ${f(r.rebuildMs / 1000, 0)} s | ${f(r.arrayBytesPerToken, 2)} bytes/token | ${gb(r.rebuildPeakRss)} / ${gb(r.steadyRss)} | ` +
      `${ms(r.trace.median)} / ${ms(r.trace.p99)} (${f(r.trace.median / base.trace.median, 2)}× / ${f(r.trace.p99 / base.trace.p99, 2)}×)${r.identical ? '' : ' **spans differ with the tables off**'} | ${ms(r.thread.median)} / ${ms(r.thread.p99)} | ` +
      `${ms(r.searchable.median)} / ${ms(r.searchable.max)} | ${f(r.saveMs / 1000)} s / ${f(r.loadMs / 1000)} s (${r.loadedTiers})${r.sameAfterLoad ? '' : ' **traces differ after the load**'} | ${gb(r.peakRss)} |`),
    '',
    ...(results.some((r) => r.size >= 1e9) ? [] : ['10^9 tokens was not part of this run: it takes `--1e9`, ~11 GiB and about an hour on a quiet machine.', '']),
  ];
  writeResultsSection(values.out!, 'trace-index', 'bench/trace-index.ts', lines.join('\n'));
  console.log(`\nwrote ${values.out} (section trace-index) and ${values.json}`);
}
