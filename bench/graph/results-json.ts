import { semanticLines, type BenchReport } from './report.js';

/**
 * bench/results.json: the targeted rows of one run, machine-readable, each beside the reference it is a ratio of,
 * measured in the same run. `met` is null when the run did not measure the row's section.
 */
export interface ResultRow {
  name: string;
  unit: string;
  median: number | null;
  p99: number | null;
  /** What the row is compared with (its name and its median, same unit unless said). */
  reference: { name: string; median: number | null } | null;
  /** median / reference.median (for rates), or the row's own figure when it has no reference. */
  ratio: number | null;
  /** The target, e.g. "ratio <= 1.5" or "median >= 100". */
  target: string;
  met: boolean | null;
}

/** Rows measured by a benchmark of their own (bench/trace-index.ts), with its command and when it ran. */
export interface SeparateResults {
  command: string;
  startedAt: string;
  /** Load average (1 / 5 / 15 min) at the start of that run. */
  load: string;
  rows: ResultRow[];
}

/** What bench/outputs.ts prints on its last line. */
export interface OutputsResult {
  concurrency: number;
  sequential: { perSecond: number; median: number; p99: number };
  concurrent: { perSecond: number; median: number; p99: number };
  /** The windows of `window` outputs at full concurrency run before both rows (outputs/s each); absent from runs before warm-ups. */
  warmUp?: { window: number; windows: number[]; seconds: number; settled: boolean };
}

/** What RESULTS.md says under the targets about the recordOutput rows' warm-up. */
export function outputsWarmUpNote(o: OutputsResult | null | undefined): string[] {
  if (!o?.warmUp) return [];
  const w = o.warmUp;
  return [
    `The recordOutput rows run on a Neo4j started for them (a throwaway store with the demo graph), whose JVM starts cold; both were measured after a warm-up ` +
      `of ${(w.window * w.windows.length).toLocaleString('en-US')} outputs at ${o.concurrency} in flight (${w.seconds.toFixed(0)} s), in windows of ${w.window}: ` +
      `${w.windows.map((x) => x.toFixed(0)).join(' → ')} outputs/s (${w.settled ? 'stopped when two windows in a row agreed within 10%' : 'stopped at the time limit before two windows agreed'}).`,
    '',
  ];
}

const div = (a: number | null | undefined, b: number | null | undefined) => (a == null || b == null || !Number.isFinite(a) || !Number.isFinite(b) || b === 0 ? null : a / b);
const cmp = (value: number | null, op: '<=' | '>=', bound: number) => (value === null ? null : op === '<=' ? value <= bound : value >= bound);

export function resultRows(r: BenchReport & { outputs?: OutputsResult | null }): ResultRow[] {
  const rows: ResultRow[] = [];
  const raw = r.lookup?.get('raw');
  const lookupRow = (key: string, name: string) => {
    const x = r.lookup?.get(key);
    if (!x || !raw) return;
    const ratio = div(x.median, raw.median);
    rows.push({ name, unit: 'ms', median: x.median, p99: x.p99, reference: { name: 'raw query by the driver', median: raw.median }, ratio, target: 'ratio <= 1.5', met: cmp(ratio, '<=', 1.5) });
  };
  lookupRow('strata', 'provenance lookup, one at a time: POST, provenance cache warm (GraphQL executed)');
  lookupRow('strataGet', 'provenance lookup, one at a time: GET of the trusted document by hash, answer kept (warm)');
  lookupRow('strataGetCold', 'provenance lookup, one at a time: GET by hash, caches off (cold)');
  lookupRow('strataCold', 'provenance lookup, one at a time: POST, caches off (cold)');
  const tput = (name: string) => r.throughput.find((t) => t.name === name);
  const managed = tput('raw executeQuery');
  const loadRow = (key: string, name: string, bound: number) => {
    const x = tput(key);
    if (!x || !managed) return;
    const ratio = div(x.requestsPerSecond, managed.requestsPerSecond);
    rows.push({ name: `${name}, ${x.connections} in flight`, unit: 'lookups/s', median: x.requestsPerSecond, p99: x.latencyP99,
      reference: { name: 'bare driver, managed transactions', median: managed.requestsPerSecond }, ratio, target: `ratio >= ${bound}`, met: cmp(ratio, '>=', bound) });
  };
  loadRow('strata GET', 'provenance lookups/s: GET by hash, cache warm (the 400 sampled outputs repeated)', 2);
  loadRow('strata', 'provenance lookups/s: POST, provenance cache warm', 2);
  loadRow('strata GET, 2 processes', 'provenance lookups/s: GET by hash, cache warm, 2 API processes', 2);
  loadRow('strata GET cold', 'provenance lookups/s: GET by hash, caches off (cold)', 0.6);
  loadRow('strata POST cold', 'provenance lookups/s: POST, caches off (cold)', 0.6);
  if (r.caches) {
    for (const [key, label] of [['provenance', 'provenance cache'], ['responses', 'whole GET answers']] as const) {
      const c = r.caches[key];
      const total = c.hits + c.misses;
      rows.push({ name: `hit rate of the warm process's ${label} over the load tests`, unit: '%', median: total === 0 ? null : (100 * c.hits) / total, p99: null,
        reference: null, ratio: null, target: 'reported', met: null });
    }
  }
  for (const run of r.startup?.runs ?? []) {
    const withFile = run.name.startsWith('with');
    rows.push({ name: `start-up to /readyz 200 on this graph: ${run.name}`, unit: 's', median: run.readySeconds, p99: null, reference: null, ratio: null,
      target: withFile ? 'median <= 30' : 'reported', met: withFile ? cmp(run.readySeconds, '<=', 30) : null });
  }
  const ingest = r.ingest.find((i) => i.name.startsWith('Strata'));
  const merge = r.ingest.find((i) => i.name.startsWith('raw UNWIND + MERGE'));
  if (ingest && merge) {
    const ratio = div(ingest.recordsPerSecond, merge.recordsPerSecond);
    rows.push({ name: 'ingest with exact and near dedup (submitRecords, batches of 500)', unit: 'records/s', median: ingest.recordsPerSecond, p99: null,
      reference: { name: merge.name, median: merge.recordsPerSecond }, ratio, target: 'ratio >= 0.5', met: cmp(ratio, '>=', 0.5) });
  }
  const o = r.outputs;
  if (o) {
    const ratio = div(o.concurrent.perSecond, o.sequential.perSecond);
    rows.push({ name: `recordOutput with log proofs, ${o.concurrency} in flight vs one at a time`, unit: 'outputs/s', median: o.concurrent.perSecond, p99: null,
      reference: { name: 'recordOutput one at a time', median: o.sequential.perSecond }, ratio, target: 'ratio >= 4', met: cmp(ratio, '>=', 4) });
    rows.push({ name: `recordOutput with log proofs, ${o.concurrency} in flight: rate`, unit: 'outputs/s', median: o.concurrent.perSecond, p99: null,
      reference: null, ratio: null, target: 'median >= 100', met: cmp(o.concurrent.perSecond, '>=', 100) });
    rows.push({ name: `recordOutput with log proofs, ${o.concurrency} in flight: latency`, unit: 'ms', median: o.concurrent.median, p99: o.concurrent.p99,
      reference: null, ratio: null, target: 'p99 <= 1000', met: cmp(o.concurrent.p99, '<=', 1000) });
  }
  if (r.semantic) {
    const x = semanticLines(r.semantic.output);
    const ms = (v: string) => (Number.isFinite(parseFloat(v)) ? parseFloat(v) : null);
    const median = ms(x.allTiersMedian);
    rows.push({ name: `trace with all tiers (EXACT + NEAR + semantic/${x.allTiersVersion}) of a 500-token output (bench/semantic.ts)`, unit: 'ms', median, p99: ms(x.allTiersP99),
      reference: { name: 'EXACT + NEAR alone', median: ms(x.exactNearMedian) }, ratio: null, target: 'median <= 150', met: cmp(median, '<=', 150) });
  }
  return rows;
}

/** The rows as RESULTS.md shows them. */
export function renderResultRows(rows: readonly ResultRow[], separately: readonly SeparateResults[] = [], notes: readonly string[] = []): string[] {
  if (rows.length === 0) return [];
  const f = (x: number | null, digits = 1) => (x === null ? '—' : x.toFixed(digits));
  const line = (r: ResultRow) => `| ${r.name} | ${r.unit} | ${f(r.median)} | ${f(r.p99)} | ${r.reference ? `${r.reference.name}: ${f(r.reference.median)}` : '—'} | ${f(r.ratio, 2)} | ${r.target} | ${r.met === null ? '—' : r.met ? '**met**' : '**missed**'} |`;
  return [
    '## Targets (also in bench/results.json)',
    '',
    '| row | unit | median | p99 | reference | ratio | target | met |',
    '|---|---|---:|---:|---|---:|---|---|',
    ...rows.map(line),
    '',
    ...notes,
    ...separately.flatMap((x) => [
      `Measured apart, by \`${x.command}\` on ${x.startedAt} (load average ${x.load} at its start; its section is at the end of this file):`,
      '',
      '| row | unit | median | p99 | reference | ratio | target | met |',
      '|---|---|---:|---:|---|---:|---|---|',
      ...x.rows.map(line),
      '',
    ]),
    'Every row and its reference are measured in the same run, so they share the machine\'s conditions; the load averages (below, and in each ' +
      'separate run\'s line) say how busy the 2 cores were: well above 2 means other work ran and the numbers are pessimistic.',
    '',
  ];
}
