import neo4j, { type ManagedTransaction } from 'neo4j-driver';
import { applyConstraints } from '../../api/store/constraints.js';
import type { GraphStore } from '../../api/store/graph-store.js';
import { wipeGraph } from '../demo-graph.js';
import { ScalePlan, type OutputBatch, type RecordBatch } from './plan.js';

/**
 * Writes a ScalePlan to Neo4j with UNWIND batches, one managed transaction per batch, printing progress and rows/s.
 * The statements create the same shapes as seed/demo-graph.ts (and the write path); a `ScaleInfo` node written last
 * says which scale and seed the graph holds, so a benchmark can tell a complete load from a partial one.
 */

type Log = (line: string) => void;

const S = {
  contributors: `UNWIND $rows AS row CREATE (:Contributor {id: row.id, handle: row.handle, roles: row.roles, createdAt: datetime(row.createdAt)})`,
  datanets: `UNWIND $rows AS row CREATE (:Datanet {id: row.id, name: row.name, description: row.description, domain: row.domain, admission: row.admission, createdAt: datetime(row.createdAt)})`,
  baseModels: `UNWIND $rows AS row CREATE (:BaseModel {id: row.id, name: row.name, family: row.family, createdAt: datetime(row.createdAt)})`,
  clusters: `UNWIND $rows AS row CREATE (:ContentCluster {id: row.id, contentHash: row.contentHash, ownerRecordId: row.ownerRecordId, shingles: row.shingles})`,
  // LSH band keys as shared nodes, as the seed and submitRecords store them: a near-duplicate lookup is an index seek.
  bands: `UNWIND $rows AS row MATCH (c:ContentCluster {id: row.id})
    UNWIND row.bandKeys AS key MERGE (b:LshBand {key: key}) CREATE (c)-[:HAS_BAND]->(b)`,
  records: `UNWIND $rows AS row
    MATCH (c:Contributor {id: row.contributorId}), (d:Datanet {id: row.datanetId}), (cl:ContentCluster {id: row.clusterId})
    CREATE (r:Record {id: row.id, contentHash: row.contentHash, text: row.text, license: row.license, status: row.status,
      submittedAt: datetime(row.submittedAt), acceptedAt: CASE WHEN row.acceptedAt IS NULL THEN null ELSE datetime(row.acceptedAt) END,
      datanetId: row.datanetId, contributorId: row.contributorId, clusterId: row.clusterId})
    CREATE (c)-[:CONTRIBUTED]->(r), (r)-[:IN]->(d), (r)-[:MEMBER_OF]->(cl)`,
  reviews: `UNWIND $rows AS row MATCH (v:Contributor {id: row.reviewerId}), (r:Record {id: row.id})
    CREATE (v)-[:REVIEWED {verdict: row.verdict, at: datetime(row.at)}]->(r)`,
  owners: `UNWIND $rows AS row MATCH (cl:ContentCluster {id: row.clusterId}) SET cl.ownerRecordId = row.recordId`,
  adapters: `UNWIND $rows AS row MATCH (b:BaseModel {id: row.baseModelId}), (builder:Contributor {id: row.builderId})
    CREATE (a:Adapter {id: row.id, name: row.name, baseModelId: row.baseModelId, builderId: row.builderId, derivedFromId: row.derivedFromId, createdAt: datetime(row.createdAt)})
    CREATE (a)-[:ADAPTS]->(b), (builder)-[:BUILT]->(a)
    WITH a, row UNWIND row.trainedOn AS t MATCH (d:Datanet {id: t.datanetId})
    CREATE (a)-[:TRAINED_ON {snapshotSize: t.snapshotSize, snapshotAt: datetime(t.snapshotAt)}]->(d)`,
  derived: `UNWIND $rows AS row MATCH (a:Adapter {id: row.id}), (parent:Adapter {id: row.derivedFromId}) CREATE (a)-[:DERIVED_FROM]->(parent)`,
  models: `UNWIND $rows AS row MATCH (b:BaseModel {id: row.baseModelId})
    CREATE (m:Model {id: row.id, name: row.name, version: row.version, baseModelId: row.baseModelId, ownerId: row.ownerId,
      previousVersionId: row.previousVersionId, createdAt: datetime(row.createdAt)})
    CREATE (m)-[:BASED_ON]->(b)
    WITH m, row UNWIND row.adapters AS u MATCH (a:Adapter {id: u.adapterId}) CREATE (m)-[:USES {weight: u.weight}]->(a)`,
  previous: `UNWIND $rows AS row MATCH (m:Model {id: row.id}), (prev:Model {id: row.previousVersionId}) CREATE (m)-[:PREVIOUS_VERSION]->(prev)`,
  outputs: `UNWIND $rows AS row MATCH (m:Model {id: row.modelId})
    CREATE (o:Output {id: row.id, contentHash: row.contentHash, text: row.text, prompt: row.prompt, modelId: row.modelId,
      createdAt: datetime(row.createdAt), attributionMethod: row.method, attributionMethodVersion: row.methodVersion,
      coverage: row.coverage, attributionSpans: row.spans})
    CREATE (o)-[:GENERATED_BY]->(m)`,
  influence: (label: string) => `UNWIND $rows AS row MATCH (o:Output {id: row.outputId}), (x:${label} {id: row.id})
    CREATE (o)-[:INFLUENCED_BY {share: row.share, method: o.attributionMethod, methodVersion: o.attributionMethodVersion}]->(x)`,
  info: `CREATE (s:ScaleInfo) SET s = $info, s.completedAt = datetime()`,
};

/** LSH band rows per transaction: 32 MERGEs per cluster. */
const BAND_CLUSTERS_PER_TX = 1_500;

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

export async function graphScaleInfo(graph: GraphStore): Promise<Record<string, unknown> | null> {
  const rows = await graph.read<{ s: { properties: Record<string, unknown> } }>('MATCH (s:ScaleInfo) RETURN s LIMIT 1');
  if (!rows[0]) return null;
  return Object.fromEntries(Object.entries(rows[0].s.properties).map(([k, v]) => [k, neo4j.isInt(v) ? (v as { toNumber(): number }).toNumber() : v]));
}

export async function loadScaleGraph(graph: GraphStore, options: LoadOptions): Promise<LoadResult> {
  const log = options.log ?? console.log;
  const t0 = performance.now();
  const plan = new ScalePlan(options.scale, options.seed, { lsh: options.lsh });
  const sizes = plan.sizes;
  log(`Scale ${options.scale} (seed ${options.seed}${options.lsh ? ', with LSH bands' : ''}): ${fmt(sizes.contributors)} contributors, ${fmt(sizes.datanets)} datanets, ` +
    `${fmt(sizes.records)} records, ${sizes.baseModels} base models, ${fmt(sizes.adapters)} adapters, ${fmt(sizes.models)} models, ${fmt(sizes.outputs)} outputs.`);

  const empty = await graph.read<{ n: unknown }>('MATCH (n) RETURN count(n) > 0 AS n');
  if (empty[0]?.n === true) {
    log('Wiping the existing graph…');
    await wipeGraph(graph);
  }
  await applyConstraints(graph);

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
  const run = async (tx: ManagedTransaction, cypher: string, rows: unknown[]) => {
    if (rows.length > 0) await tx.run(cypher, { rows });
    return rows.length;
  };

  const b = options.batch;
  await runBatches('contributors', sizes.contributors, b, (s, e) => plan.contributors(s, e), (tx, rows) => run(tx, S.contributors, rows));
  await runBatches('datanets', sizes.datanets, b, (s, e) => plan.datanets().slice(s, e), (tx, rows) => run(tx, S.datanets, rows));
  await runBatches('base models', sizes.baseModels, b, (s, e) => plan.baseModels().slice(s, e), (tx, rows) => run(tx, S.baseModels, rows));
  await runBatches<RecordBatch>('records', sizes.records, b, (s, e) => plan.recordBatch(s, e), async (tx, batch) => {
    await run(tx, S.clusters, batch.clusters);
    await run(tx, S.records, batch.records);
    await run(tx, S.reviews, batch.reviews);
    return batch.records.length;
  }, async (batch) => {
    // 32 band keys per cluster: in their own, smaller transactions (the server caps transaction memory).
    if (!options.lsh) return;
    for (let k = 0; k < batch.clusters.length; k += BAND_CLUSTERS_PER_TX) {
      const rows = batch.clusters.slice(k, k + BAND_CLUSTERS_PER_TX).map((c) => ({ id: c.id, bandKeys: c.bandKeys }));
      await graph.write((tx) => run(tx, S.bands, rows));
    }
  });
  const fixups = plan.clusterOwnerFixups();
  await runBatches('owners', fixups.length, b, (s, e) => fixups.slice(s, e), (tx, rows) => run(tx, S.owners, rows));

  const adapters = plan.adapterRows().map((a) => ({ ...a, trainedOn: a.trainedOn.map((t) => ({ ...t, snapshotSize: neo4j.int(t.snapshotSize) })) }));
  await runBatches('adapters', adapters.length, b, (s, e) => adapters.slice(s, e), async (tx, rows) => {
    await run(tx, S.adapters, rows);
    await run(tx, S.derived, rows.filter((a) => a.derivedFromId));
    return rows.length;
  });
  const models = plan.modelRows();
  await runBatches('models', models.length, b, (s, e) => models.slice(s, e), async (tx, rows) => {
    await run(tx, S.models, rows);
    await run(tx, S.previous, rows.filter((m) => m.previousVersionId));
    return rows.length;
  });
  await runBatches<OutputBatch>('outputs', sizes.outputs, Math.max(100, Math.floor(b / 5)), (s, e) => plan.outputBatch(s, e), async (tx, batch) => {
    await run(tx, S.outputs, batch.outputs);
    for (const label of ['Datanet', 'Adapter', 'Contributor', 'Record'] as const) await run(tx, S.influence(label), batch.influences[label]);
    return batch.outputs.length;
  });

  const seconds = (performance.now() - t0) / 1000;
  const info = plan.info();
  await graph.write((tx) => tx.run(S.info, { info: { ...info, loadSeconds: seconds } }));
  log(`Loaded scale ${options.scale} in ${seconds.toFixed(1)} s: ` + steps.map((s) => `${s.step} ${s.seconds.toFixed(1)} s`).join(', ') + '.');
  return { info, seconds, steps };
}
