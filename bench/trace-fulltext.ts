/**
 * The trace's two candidate searches side by side (issue 16, item 2; docs/architecture.md#the-full-text-candidate-path):
 * the in-memory suffix array, and Neo4j's full-text (Lucene) index with exact alignment on the candidates in Strata.
 * Same corpus (bench/trace.ts's generator), same 500-token planted outputs: whether the EXACT spans are identical
 * (whole results compared: spans, sources, covered words and their weights), latency of each, and build time of each.
 *
 *   npx tsx bench/trace-fulltext.ts                      # 10^7 word tokens, 50 outputs (~20-40 min on a loaded box)
 *   npx tsx bench/trace-fulltext.ts --tokens 1e6         # a smoke run
 *   options: --outputs N, --port P (a Neo4j of its own on that port, store kept and reused when it holds this corpus;
 *            default a free port and a throwaway store), --out FILE (default bench/RESULTS.md)
 *
 * Prints its RESULTS.md section and writes it into --out, replacing the section between the `trace-fulltext` markers
 * (appended with them when the file has none).
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { isDeepStrictEqual } from 'node:util';
import { CorpusIndex } from '../api/attribution/trace/corpus-index.js';
import { FullTextTracer } from '../api/corpus/fulltext-trace.js';
import { applyConstraints } from '../api/store/constraints.js';
import { graphScaleInfo, wipeGraph, writeScaleInfo } from '../api/store/graph-admin.js';
import { createGraphStore } from '../api/store/graph-store.js';
import { loadTraceRecords, loadTraceTokens } from '../seed/trace-corpus.js';
import { OUTPUT_TOKENS, outputsOf, recordsWithWords } from './trace-workload.js';
import { writeResultsSection } from './graph/results-section.js';
import { repoRoot } from '../tools/neo4j-local/local-neo4j.js';
import { startThrowawayNeo4j } from '../tools/neo4j-local/throwaway-neo4j.js';

const { values } = parseArgs({
  options: {
    tokens: { type: 'string', default: '1e7' },
    outputs: { type: 'string', default: '50' },
    port: { type: 'string' },
    out: { type: 'string', default: join(repoRoot, 'bench', 'RESULTS.md') },
  },
});
const TARGET = Number(values.tokens);
const OUTPUTS = Number(values.outputs);
const WARMUP = 5;

const log = (line: string) => console.log(`[trace-fulltext ${new Date().toISOString().slice(11, 19)}] ${line}`);
const load = () => loadavg().map((x) => x.toFixed(1)).join(' / ');
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
const ms = (x: number) => `${x.toFixed(x < 10 ? 2 : x < 100 ? 1 : 0)} ms`;
const s = (x: number) => `${(x / 1000).toFixed(1)} s`;


const loadAtStart = load();
const startedAt = new Date();
log(`corpus of ~${TARGET.toExponential(0)} word tokens, ${OUTPUTS} outputs; load average ${loadAtStart} on ${cpus().length} cores`);
let t0 = performance.now();
const records = recordsWithWords(TARGET, 11);
const corpusTag = `trace-fulltext/${TARGET}/${records.length}/${records.at(-1)!.recordId}`;
log(`generated ${records.length} records in ${s(performance.now() - t0)}`);

// 1. The suffix array.
t0 = performance.now();
const index = CorpusIndex.build(records);
const saBuildMs = performance.now() - t0;
log(`suffix array built in ${s(saBuildMs)}: ${index.tokenCount} stream tokens, ${index.vocabulary.size} words`);

// 2. Neo4j: records, then their canonical tokens into the full-text index.
const server = await startThrowawayNeo4j('bench-fulltext', { ...(values.port ? { fixedPort: Number(values.port) } : {}), log });
const graph = createGraphStore({ uri: server.uri, database: 'neo4j', readTimeoutMs: 120_000, writeTimeoutMs: 600_000, maxRetryMs: 60_000 });
let recordsMs: number | null = null;
let tokensMs: number | null = null;
try {
  const info = await graphScaleInfo(graph);
  if (info?.corpus === corpusTag) {
    log(`reusing the store at ${server.uri}: it holds this corpus (load times from then: records ${s(Number(info.recordsMs))}, full-text index ${s(Number(info.tokensMs))})`);
    recordsMs = Number(info.recordsMs);
    tokensMs = Number(info.tokensMs);
  } else {
    log(`loading into ${server.uri}`);
    await wipeGraph(graph);
    await applyConstraints(graph);
    const every = Math.max(1, Math.floor(records.length / 10));
    const progress = (phase: string, done: number, total: number) => {
      if (done % every < 2000 || done === total) log(`  ${phase}: ${done} / ${total}`);
    };
    t0 = performance.now();
    await loadTraceRecords(graph, records, progress);
    recordsMs = performance.now() - t0;
    t0 = performance.now();
    await loadTraceTokens(graph, records, progress);
    await graph.driver.executeQuery('CALL db.awaitIndexes(600)', {}, { database: graph.database });
    tokensMs = performance.now() - t0;
    await graph.write((tx) => writeScaleInfo(tx, { corpus: corpusTag, recordsMs, tokensMs }));
    log(`loaded: records ${s(recordsMs)}, canonical tokens into the full-text index ${s(tokensMs)}`);
  }

  t0 = performance.now();
  const tracer = await FullTextTracer.open(graph);
  const vocabMs = performance.now() - t0;
  const sameVocabulary = isDeepStrictEqual(tracer.vocabulary.snapshot(), index.vocabulary.snapshot());
  log(`unigram model counted from Neo4j in ${s(vocabMs)} (${tracer.vocabulary.size} words; same ids and counts as the suffix array's: ${sameVocabulary})`);

  // 3. Side by side on the same outputs.
  const outputs = outputsOf(records, OUTPUTS + WARMUP);
  const half = (id: string) => Number(id.slice(4)) % 2 === 0;
  const saTimes: number[] = [];
  const ftTimes: number[] = [];
  let identical = 0;
  let identicalHalf = 0;
  let spans = 0;
  let queries = 0;
  let rounds = 0;
  let candidates = 0;
  let firstDifference: string | null = null;
  for (let k = 0; k < outputs.length; k++) {
    const text = outputs[k]!;
    let t = performance.now();
    const expected = index.trace(text, { near: false });
    const saMs = performance.now() - t;
    t = performance.now();
    const { result, stats } = await tracer.trace(text);
    const ftMs = performance.now() - t;
    const expectedHalf = index.trace(text, { near: false, eligible: half });
    const { result: resultHalf } = await tracer.trace(text, { eligible: half });
    if (k < WARMUP) continue;
    saTimes.push(saMs);
    ftTimes.push(ftMs);
    if (isDeepStrictEqual(result, expected)) identical++;
    else firstDifference ??= `output ${k}: suffix array ${expected.spans.length} spans, full-text ${result.spans.length}`;
    if (isDeepStrictEqual(resultHalf, expectedHalf)) identicalHalf++;
    else firstDifference ??= `output ${k} (half eligible): suffix array ${expectedHalf.spans.length} spans, full-text ${resultHalf.spans.length}`;
    spans += expected.spans.length;
    queries += stats.queries;
    rounds += stats.rounds;
    candidates += stats.candidates;
    if ((k - WARMUP + 1) % 10 === 0) log(`  ${k - WARMUP + 1} / ${OUTPUTS} outputs: identical so far ${identical} (half eligible ${identicalHalf})`);
  }
  saTimes.sort((a, b) => a - b);
  ftTimes.sort((a, b) => a - b);
  const n = OUTPUTS;
  const loadAtEnd = load();
  const section = `### The full-text candidate path (\`npx tsx bench/trace-fulltext.ts --tokens ${values.tokens} --outputs ${values.outputs}\`, ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC)

Load average (1 / 5 / 15 min) ${loadAtStart} at the start, ${loadAtEnd} at the end, on ${cpus().length} cores and ${(totalmem() / 2 ** 30).toFixed(0)} GiB
(other agents' builds and tests share the machine: compare the two columns of one run, not runs). Corpus: ${records.length}
records, ${index.tokenCount} stream tokens, ${index.vocabulary.size} distinct words; ${n} planted outputs of ${OUTPUT_TOKENS} tokens
(12 passages each), after ${WARMUP} warm-up outputs. Exact tier only on both sides (the NEAR tier is not served by the
full-text path). Neo4j 5.26 Community, the project's local launcher (1 GiB heap, 512 MiB page cache), on the same box.

| | suffix array (in process) | Neo4j full-text index + exact alignment in Strata |
|---|---|---|
| identical EXACT results (spans, sources, covered words), all records eligible | — | ${identical} / ${n} |
| identical, half the records eligible | — | ${identicalHalf} / ${n} |
| trace latency, median / p99 | ${ms(pct(saTimes, 0.5))} / ${ms(pct(saTimes, 0.99))} | ${ms(pct(ftTimes, 0.5))} / ${ms(pct(ftTimes, 0.99))} |
| build | ${s(saBuildMs)} (tokenise + suffix array) | ${tokensMs === null ? '—' : s(tokensMs)} (canonical tokens written, Lucene indexing on commit), after ${recordsMs === null ? '—' : s(recordsMs)} loading the records; + ${s(vocabMs)} counting the unigram model per API process |
| per trace | one process, no I/O | ${(queries / n).toFixed(0)} phrase queries in ${(rounds / n).toFixed(1)} round trips, ${(candidates / n).toFixed(0)} candidate records fetched and indexed |

Average ${(spans / n).toFixed(1)} EXACT spans per output.${firstDifference ? ` First difference: ${firstDifference}.` : ''}
`;
  console.log(`\n${section}`);
  writeResultsSection(values.out!, 'trace-fulltext', 'bench/trace-fulltext.ts', section);
  log(`wrote ${values.out}`);
} finally {
  await graph.close();
  await server.stop();
}
