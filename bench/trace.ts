/**
 * Span-trace benchmark: index build time, index size, and trace latency for a 500-token output over corpora of
 * ~10^6 and ~10^7 tokens from the deterministic synthetic generator.
 *
 *   npx tsx bench/trace.ts                 # both sizes
 *   npx tsx bench/trace.ts 1e6             # one size
 */
import { CorpusIndex } from '../api/attribution/trace/corpus-index.js';
import { generateRecords } from '../test/unit/trace/synthetic-corpus.js';
import { OUTPUT_TOKENS, outputsOf, recordsWithWords } from './trace-workload.js';

const TRACES = 200;
const WARMUP = 50;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

function latency(run: () => void): { median: number; p99: number } {
  const times: number[] = [];
  for (let i = 0; i < WARMUP + TRACES; i++) {
    const t0 = performance.now();
    run();
    if (i >= WARMUP) times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { median: percentile(times, 0.5), p99: percentile(times, 0.99) };
}

const fmtMs = (ms: number) => `${ms.toFixed(ms < 10 ? 2 : 0)} ms`;
const fmtMB = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

function bench(targetWords: number): void {
  console.log(`\n== corpus of ~${targetWords.toExponential(0)} word tokens ==`);
  let t0 = performance.now();
  const records = recordsWithWords(targetWords, 11);
  console.log(`generated ${records.length} records in ${fmtMs(performance.now() - t0)}`);

  global.gc?.();
  t0 = performance.now();
  const index = CorpusIndex.build(records);
  const buildMs = performance.now() - t0;
  console.log(
    `build (tokenise + vocabulary + suffix array): ${fmtMs(buildMs)} — ${index.tokenCount} stream tokens ` +
      `(incl. separators), ${index.vocabulary.size} distinct words, rss ${fmtMB(process.memoryUsage().rss)}`,
  );

  t0 = performance.now();
  const file = index.serialize();
  const serializeMs = performance.now() - t0;
  t0 = performance.now();
  const restored = CorpusIndex.deserialize(file);
  console.log(
    `index size ${fmtMB(file.length)} (${(file.length / index.tokenCount).toFixed(1)} bytes/token); ` +
      `serialize ${fmtMs(serializeMs)}, deserialize ${fmtMs(performance.now() - t0)}`,
  );

  const outputs = outputsOf(records, 50);
  let k = 0;
  let spans = 0;
  let covered = 0;
  const all = latency(() => {
    const result = restored.trace(outputs[k++ % outputs.length]!);
    spans += result.spans.length;
    covered += result.tokens.length;
  });
  const runs = WARMUP + TRACES;
  console.log(
    `trace ${OUTPUT_TOKENS}-token output, all records eligible: median ${fmtMs(all.median)}, p99 ${fmtMs(all.p99)} ` +
      `(avg ${(spans / runs).toFixed(1)} spans, ${((100 * covered) / runs / OUTPUT_TOKENS).toFixed(1)}% tokens covered)`,
  );
  const exactOnly = latency(() => restored.trace(outputs[k++ % outputs.length]!, { near: false }));
  console.log(
    `trace, exact tier only (span-trace/2 without NEAR): median ${fmtMs(exactOnly.median)}, p99 ${fmtMs(exactOnly.p99)}; ` +
      `exact + NEAR / exact = ${(all.median / exactOnly.median).toFixed(2)}× (median)`,
  );
  const half = (id: string) => Number(id.slice(4)) % 2 === 0;
  const filtered = latency(() => restored.trace(outputs[k++ % outputs.length]!, { eligible: half }));
  console.log(`trace with an eligibility predicate (half the records): median ${fmtMs(filtered.median)}, p99 ${fmtMs(filtered.p99)}`);

  const batch = [...generateRecords({ seed: 12345, records: 500 })].map((r) => ({ ...r, recordId: `new-${r.recordId}` }));
  t0 = performance.now();
  const { merged } = restored.addBatch(batch);
  console.log(`addBatch of 500 new records: ${fmtMs(performance.now() - t0)} (${merged ? 'merged into main' : 'delta only'})`);
  console.log(`rss after: ${fmtMB(process.memoryUsage().rss)}`);
}

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
for (const size of sizes.length > 0 ? sizes : [1e6, 1e7]) bench(size);
