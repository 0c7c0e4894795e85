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

/** What bench/outputs.ts prints on its last line. */
export interface OutputsResult {
  concurrency: number;
  sequential: { perSecond: number; median: number; p99: number };
  concurrent: { perSecond: number; median: number; p99: number };
}

const div = (a: number | null | undefined, b: number | null | undefined) => (a == null || b == null || !Number.isFinite(a) || !Number.isFinite(b) || b === 0 ? null : a / b);
const cmp = (value: number | null, op: '<=' | '>=', bound: number) => (value === null ? null : op === '<=' ? value <= bound : value >= bound);

export function resultRows(r: BenchReport & { outputs?: OutputsResult | null }): ResultRow[] {
  const rows: ResultRow[] = [];
  const strata = r.lookup?.get('strata');
  const raw = r.lookup?.get('raw');
  if (strata && raw) {
    const ratio = div(strata.median, raw.median);
    rows.push({ name: 'provenance lookup, one at a time (Strata over HTTP vs the raw query by the driver)', unit: 'ms', median: strata.median, p99: strata.p99,
      reference: { name: 'raw query', median: raw.median }, ratio, target: 'ratio <= 1.5', met: cmp(ratio, '<=', 1.5) });
  }
  const tput = (name: string) => r.throughput.find((t) => t.name === name);
  const s = tput('strata');
  const managed = tput('raw executeQuery');
  if (s && managed) {
    const ratio = div(s.requestsPerSecond, managed.requestsPerSecond);
    rows.push({ name: `provenance lookups/s, ${s.connections} in flight, cache warm (the 400 sampled outputs repeated)`, unit: 'lookups/s', median: s.requestsPerSecond, p99: s.latencyP99,
      reference: { name: 'bare driver, managed transactions', median: managed.requestsPerSecond }, ratio, target: 'ratio >= 2', met: cmp(ratio, '>=', 2) });
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
export function renderResultRows(rows: readonly ResultRow[]): string[] {
  if (rows.length === 0) return [];
  const f = (x: number | null, digits = 1) => (x === null ? '—' : x.toFixed(digits));
  return [
    '## Targets (also in bench/results.json)',
    '',
    '| row | unit | median | p99 | reference | ratio | target | met |',
    '|---|---|---:|---:|---|---:|---|---|',
    ...rows.map((r) => `| ${r.name} | ${r.unit} | ${f(r.median)} | ${f(r.p99)} | ${r.reference ? `${r.reference.name}: ${f(r.reference.median)}` : '—'} | ${f(r.ratio, 2)} | ${r.target} | ${r.met === null ? '—' : r.met ? '**met**' : '**missed**'} |`),
    '',
    'Measured under load: the machine has 2 cores shared with other agents\' builds and tests, so every row is noisy and pessimistic ' +
      '(see the load averages above); rows and their references are measured in the same run so the ratios share that noise.',
    '',
  ];
}
