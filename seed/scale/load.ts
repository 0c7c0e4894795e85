import { FINGERPRINT_VERSION } from '../../api/dedup/fingerprint.js';
import { applyConstraints } from '../../api/store/constraints.js';
import { importContributors } from '../../api/store/contributors.js';
import { importDatanets } from '../../api/store/datanets.js';
import { checkFingerprintScheme } from '../../api/store/fingerprint-scheme.js';
import { graphHasNodes, wipeGraph, writeScaleInfo } from '../../api/store/graph-admin.js';
import type { GraphStore } from '../../api/store/graph-store.js';
import { importAdapters, importBaseModels, importModels } from '../../api/store/models.js';
import { importInfluences, importOutputs } from '../../api/store/outputs.js';
import { withWordsHashes } from '../words-hashes.js';
import { claimClusterOwners, importClusters, importRecords, importReviews } from '../../api/store/records.js';
import type { ManagedTransaction } from '../../api/store/transaction.js';
import { unusableApiKeyHash } from '../demo-graph.js';
import { ScalePlan, type OutputBatch, type RecordBatch } from './plan.js';

/**
 * Writes a ScalePlan to Neo4j through the store's bulk writers (the property maps of the API's own writers), UNWIND
 * batches, one managed transaction per batch, printing progress and rows/s. A `ScaleInfo` node written last says
 * which scale and seed the graph holds, so a benchmark can tell a complete load from a partial one.
 */

type Log = (line: string) => void;

export { graphScaleInfo } from '../../api/store/graph-admin.js';

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** Progress lines at most every 2 s, and a summary per step. */
class Progress {
  private readonly t0 = performance.now();
  private lastPrint = this.t0;
  private lastDone = 0;
  constructor(private readonly step: string, private readonly total: number, private readonly log: Log) {}

  update(done: number): void {
    const now = performance.now();
    if (now - this.lastPrint < 2000 && done < this.total) return;
    const rate = ((done - this.lastDone) * 1000) / Math.max(1, now - this.lastPrint);
    const avg = (done * 1000) / Math.max(1, now - this.t0);
    this.log(`  ${this.step.padEnd(12)} ${fmt(done).padStart(10)}/${fmt(this.total)} ${((100 * done) / this.total).toFixed(0).padStart(3)}%  ${fmt(rate)} rows/s (avg ${fmt(avg)})`);
    this.lastPrint = now;
    this.lastDone = done;
  }

  seconds(): number {
    return (performance.now() - this.t0) / 1000;
  }
}

export interface LoadOptions {
  scale: number;
  seed: number;
  /** Records per transaction (other nodes use the same batch size, outputs a fifth of it). */
  batch: number;
  lsh: boolean;
  log?: Log;
}

export interface LoadResult {
  info: ReturnType<ScalePlan['info']>;
  seconds: number;
  steps: Array<{ step: string; rows: number; seconds: number }>;
}

export async function loadScaleGraph(graph: GraphStore, options: LoadOptions): Promise<LoadResult> {
  const log = options.log ?? console.log;
  const t0 = performance.now();
  const plan = new ScalePlan(options.scale, options.seed, { lsh: options.lsh });
  const sizes = plan.sizes;
  log(`Scale ${options.scale} (seed ${options.seed}${options.lsh ? ', with LSH bands' : ''}): ${fmt(sizes.contributors)} contributors, ${fmt(sizes.datanets)} datanets, ` +
    `${fmt(sizes.records)} records, ${sizes.baseModels} base models, ${fmt(sizes.adapters)} adapters, ${fmt(sizes.models)} models, ${fmt(sizes.outputs)} outputs.`);

  if (await graphHasNodes(graph)) {
    log('Wiping the existing graph…');
    await wipeGraph(graph);
  }
  await applyConstraints(graph);
  await checkFingerprintScheme(graph, FINGERPRINT_VERSION);

  const steps: LoadResult['steps'] = [];
  const runBatches = async <B>(
    step: string,
    total: number,
    size: number,
    make: (start: number, end: number) => Promise<B> | B,
    write: (tx: ManagedTransaction, batch: B) => Promise<number>,
    after?: (batch: B) => Promise<void>,
  ) => {
    const progress = new Progress(step, total, log);
    let rows = 0;
    let inFlight: Promise<void> | null = null;
    for (let start = 0; start < total; start += size) {
      // The next batch is computed while the previous one is written.
      const batch = await make(start, Math.min(total, start + size));
      if (inFlight) await inFlight;
      const end = Math.min(total, start + size);
      inFlight = graph.write((tx) => write(tx, batch)).then(async (n) => {
        if (after) await after(batch);
        rows += n;
        progress.update(end);
      });
    }
    if (inFlight) await inFlight;
    if (total === 0) progress.update(0);
    steps.push({ step, rows, seconds: progress.seconds() });
  };
  /** Runs a bulk writer and counts its rows. */
  const run = async <R>(tx: ManagedTransaction, writer: (tx: ManagedTransaction, rows: R[]) => Promise<void>, rows: R[]) => {
    await writer(tx, rows);
    return rows.length;
  };

  const b = options.batch;
  await runBatches('contributors', sizes.contributors, b, (s, e) => plan.contributors(s, e).map((c) => ({ ...c, apiKeyHash: unusableApiKeyHash() })), (tx, rows) => run(tx, importContributors, rows));
  await runBatches('datanets', sizes.datanets, b, (s, e) => plan.datanets().slice(s, e), (tx, rows) => run(tx, importDatanets, rows));
  await runBatches('base models', sizes.baseModels, b, (s, e) => plan.baseModels().slice(s, e), (tx, rows) => run(tx, importBaseModels, rows));
  await runBatches<RecordBatch>('records', sizes.records, b, (s, e) => plan.recordBatch(s, e), async (tx, batch) => {
    // The 32 band keys per cluster (one indexed string) only with --lsh: without, seeded clusters are found by exact
    // hash only, as in the benchmarks' default graph.
    await importClusters(tx, batch.clusters.map((c) => ({ ...c, bandHashes: options.lsh ? c.bandHashes : null })), FINGERPRINT_VERSION);
    await importRecords(tx, batch.records);
    await importReviews(tx, batch.reviews);
    return batch.records.length;
  });
  const fixups = plan.clusterOwnerFixups();
  // The clusters had no accepted record when written: their first accepted record claims them, as reviewRecords does.
  await runBatches('owners', fixups.length, b, (s, e) => fixups.slice(s, e), (tx, rows) => run(tx, claimClusterOwners, rows));

  const adapters = plan.adapterRows();
  await runBatches('adapters', adapters.length, b, (s, e) => adapters.slice(s, e), (tx, rows) => run(tx, importAdapters, rows));
  const models = plan.modelRows();
  await runBatches('models', models.length, b, (s, e) => models.slice(s, e), (tx, rows) => run(tx, importModels, rows));
  await runBatches<OutputBatch>('outputs', sizes.outputs, Math.max(100, Math.floor(b / 5)), (s, e) => plan.outputBatch(s, e), async (tx, batch) => {
    await importOutputs(tx, await withWordsHashes(batch.outputs));
    await importInfluences(tx, batch.influences);
    return batch.outputs.length;
  });

  const seconds = (performance.now() - t0) / 1000;
  const info = plan.info();
  await graph.write((tx) => writeScaleInfo(tx, { ...info, loadSeconds: seconds }));
  log(`Loaded scale ${options.scale} in ${seconds.toFixed(1)} s: ` + steps.map((s) => `${s.step} ${s.seconds.toFixed(1)} s`).join(', ') + '.');
  return { info, seconds, steps };
}
