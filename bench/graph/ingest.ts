import { randomBytes } from 'node:crypto';
import neo4j, { type Driver } from 'neo4j-driver';
import { shingleHashes } from '../../api/dedup/shingles.js';
import { contentHash } from '../../api/core/normalize.js';
import { lengthAround, rng } from '../../seed/scale/random.js';
import { recase, TextGenerator } from '../../seed/scale/words.js';
import { stats, type Stats } from './measure.js';

/**
 * Ingest: records/s of `submitRecords` (HTTP → GraphQL → validation → NFKC/SHA-256 → MinHash/LSH fingerprint →
 * locks → exact and near dedup against the graph → one transaction) against raw UNWIND inserts of the same kind of
 * batches by the driver. Batches carry ~5 % exact copies of records already in the scale graph, ~3 % near-duplicates
 * (re-cased, re-punctuated) of records submitted earlier in the run and ~2 % copies within the batch.
 * Every contender writes into its own new OPEN datanet; everything written is deleted afterwards.
 */

export interface IngestOptions {
  apiUrl: string;
  adminKey: string;
  driver: Driver;
  batchSize: number;
  batchesPerRound: number;
  rounds: number;
  log: (line: string) => void;
}

export interface IngestResult {
  name: string;
  note: string;
  recordsPerSecond: number;
  batchMs: Stats;
  records: number;
  duplicatesFound: number;
}

async function gql(url: string, query: string, variables: Record<string, unknown>, key?: string): Promise<any> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: any; errors?: Array<{ message: string }> };
  if (body.errors?.length) throw new Error(`GraphQL error: ${body.errors.map((e) => e.message).join('; ')}`);
  return body.data;
}

/** Batches of new texts with planted duplicates, deterministic per contender. */
class BatchSource {
  private readonly text = new TextGenerator();
  private readonly rand;
  private readonly submitted: string[] = [];
  constructor(seed: number, private readonly existing: readonly string[]) {
    this.rand = rng(seed);
  }

  next(size: number): Array<{ text: string; license: string }> {
    const batch: string[] = [];
    for (let i = 0; i < size; i++) {
      const roll = this.rand();
      let text: string;
      if (roll < 0.05 && this.existing.length > 0) text = this.existing[Math.floor(this.rand() * this.existing.length)]!;
      else if (roll < 0.08 && this.submitted.length > 0) text = recase(this.submitted[Math.floor(this.rand() * this.submitted.length)]!, this.rand);
      else if (roll < 0.1 && batch.length > 0) text = batch[Math.floor(this.rand() * batch.length)]!;
      else text = this.text.passage(this.rand, 5000 + Math.floor(this.rand() * 50), lengthAround(this.rand, 4, 10, 40));
      batch.push(text);
    }
    this.submitted.push(...batch);
    return batch.map((text) => ({ text, license: 'CC-BY-4.0' }));
  }
}

const SUBMIT = /* GraphQL */ `
  mutation Submit($input: SubmitRecordsInput!) {
    submitRecords(input: $input) { records { id } duplicates { index kind } }
  }`;

/** The floor: records and their CONTRIBUTED / IN edges, nothing else (no cluster, so no dedup). */
const RAW_CREATE = /* Cypher */ `
MATCH (c:Contributor {id: $contributorId}), (d:Datanet {id: $datanetId})
WITH c, d, datetime.statement() AS now
UNWIND $rows AS row
CREATE (r:Record {id: row.id, contentHash: row.contentHash, text: row.text, license: row.license, status: 'ACCEPTED',
  submittedAt: now, acceptedAt: now, datanetId: d.id, contributorId: c.id})
CREATE (c)-[:CONTRIBUTED]->(r), (r)-[:IN]->(d)`;

/** Exact dedup the way a hand-written loader does it: one cluster per contentHash (index seek), MERGEd. */
const RAW_MERGE = /* Cypher */ `
MATCH (c:Contributor {id: $contributorId}), (d:Datanet {id: $datanetId})
WITH c, d, datetime.statement() AS now
UNWIND $rows AS row
MERGE (cl:ContentCluster {contentHash: row.contentHash})
  ON CREATE SET cl.id = row.clusterId, cl.ownerRecordId = row.id, cl.shingles = row.shingles
CREATE (r:Record {id: row.id, contentHash: row.contentHash, text: row.text, license: row.license, status: 'ACCEPTED',
  submittedAt: now, acceptedAt: now, datanetId: d.id, contributorId: c.id, clusterId: cl.id})
CREATE (c)-[:CONTRIBUTED]->(r), (r)-[:IN]->(d), (r)-[:MEMBER_OF]->(cl)
RETURN sum(CASE WHEN cl.ownerRecordId = row.id THEN 0 ELSE 1 END) AS duplicates`;

export async function benchIngest(options: IngestOptions): Promise<IngestResult[]> {
  const { apiUrl, adminKey, driver, log } = options;
  await removeLeftovers(driver, log);
  const runId = randomBytes(4).toString('hex');
  const existing = (
    await driver.executeQuery('MATCH (r:Record) WHERE r.status = "ACCEPTED" WITH r SKIP 1000 LIMIT 2000 RETURN r.text AS text', {}, { database: 'neo4j' })
  ).records.map((r) => r.get('text') as string);

  const created = await gql(
    apiUrl,
    `mutation($input: CreateContributorInput!) { createContributor(input: $input) { contributor { id } apiKey } }`,
    { input: { handle: `bench-ingest-${runId}` } },
    adminKey,
  );
  const apiKey = created.createContributor.apiKey as string;
  const contributorId = String(created.createContributor.contributor.id).replace(/^Contributor:/, '');
  const datanet = async (name: string) =>
    String(
      (await gql(apiUrl, `mutation($input: CreateDatanetInput!) { createDatanet(input: $input) { datanet { id } } }`, { input: { name: `${name} ${runId}`, admission: 'OPEN' } }, adminKey))
        .createDatanet.datanet.id,
    ).replace(/^Datanet:/, '');

  let stalled: string | null = null;
  interface Contender {
    name: string;
    note: string;
    datanetId: string;
    /** More datanets for a contender that sends `parallel` batches at once (one each). */
    extraDatanetIds?: string[];
    parallel?: number;
    source: BatchSource;
    write(batch: Array<{ text: string; license: string }>, datanetId: string, extraDatanetIds?: string[]): Promise<number>;
  }
  let serial = 0;
  const rawRows = (batch: Array<{ text: string; license: string }>) =>
    batch.map((r) => {
      const hash = contentHash(r.text);
      const id = `rec_bench${runId}_${serial++}`;
      return { id, text: r.text, license: r.license, contentHash: hash, clusterId: `cl_bench${runId}_${serial}`, shingles: shingleHashes(r.text) };
    });
  const rawWrite = (cypher: string) => async (batch: Array<{ text: string; license: string }>, datanetId: string) => {
    const rows = rawRows(batch);
    const session = driver.session({ database: 'neo4j' });
    try {
      const result = await session.executeWrite((tx) => tx.run(cypher, { contributorId, datanetId, rows }));
      const duplicates = result.records[0]?.get('duplicates');
      return duplicates == null ? 0 : neo4j.integer.toNumber(duplicates);
    } finally {
      await session.close();
    }
  };
  const contenders: Contender[] = [
    {
      name: 'Strata submitRecords (HTTP)',
      note: 'exact + near dedup (SHA-256; MinHash/LSH fingerprints shared between the event loop and a fingerprint thread; band keys in a per-process in-memory band index caught up under one sequence lock; candidates read by lshSeq; new clusters and records in one statement), idempotent-ready, one transaction per call',
      datanetId: await datanet('Bench ingest (Strata)'),
      source: new BatchSource(101, existing),
      write: async (batch, datanetId) => {
        const data = await withWatchdog(driver, () => gql(apiUrl, SUBMIT, { input: { datanetId: `Datanet:${datanetId}`, records: batch } }, apiKey));
        return data.submitRecords.duplicates.length as number;
      },
    },
    {
      name: `Strata submitRecords (HTTP), ${PARALLEL_SUBMITTERS} submitters in parallel`,
      note: `${PARALLEL_SUBMITTERS} batches of 500 at once, each into its own OPEN datanet (one datanet's writes are ordered by its lock); the same dedup, ordered by the cluster sequence lock`,
      datanetId: await datanet('Bench ingest (Strata parallel)'),
      extraDatanetIds: await Promise.all(Array.from({ length: PARALLEL_SUBMITTERS - 1 }, (_, k) => datanet(`Bench ingest (Strata parallel ${k + 2})`))),
      parallel: PARALLEL_SUBMITTERS,
      source: new BatchSource(404, existing),
      write: async (batch, datanetId, extra = []) => {
        const nets = [datanetId, ...extra];
        const size = Math.ceil(batch.length / nets.length);
        const answers = await withWatchdog(driver, () =>
          Promise.all(nets.map((net, k) => gql(apiUrl, SUBMIT, { input: { datanetId: `Datanet:${net}`, records: batch.slice(k * size, (k + 1) * size) } }, apiKey))),
        );
        return answers.reduce((sum, data) => sum + (data.submitRecords.duplicates.length as number), 0);
      },
    },
    {
      name: 'raw UNWIND + MERGE on contentHash',
      note: 'exact dedup only (index seek per row), no fingerprints, no locks',
      datanetId: await datanet('Bench ingest (raw MERGE)'),
      source: new BatchSource(202, existing),
      write: rawWrite(RAW_MERGE),
    },
    {
      name: 'raw UNWIND CREATE',
      note: 'the floor: records with their CONTRIBUTED and IN edges, no cluster, no dedup',
      datanetId: await datanet('Bench ingest (raw CREATE)'),
      source: new BatchSource(303, existing),
      write: rawWrite(RAW_CREATE),
    },
  ];

  const samples = new Map<string, { ms: number[]; records: number; duplicates: number; seconds: number }>(
    contenders.map((c) => [c.name, { ms: [], records: 0, duplicates: 0, seconds: 0 }]),
  );
  try {
    // Warm-up: one batch each (plans, JIT, pools).
    for (const c of contenders) {
      try {
        await c.write(c.source.next(options.batchSize * (c.parallel ?? 1)), c.datanetId, c.extraDatanetIds);
      } catch (error) {
        if (!(error instanceof Stalled)) throw error;
        stalled = error.message;
        log(`    ${c.name} (warm-up): ${stalled}`);
      }
    }
    for (let round = 0; round < options.rounds; round++) {
      for (let k = 0; k < contenders.length; k++) {
        const c = contenders[(round + k) % contenders.length]!;
        const s = samples.get(c.name)!;
        for (let b = 0; b < options.batchesPerRound; b++) {
          if (stalled && c.name.startsWith('Strata')) break;
          const batch = c.source.next(options.batchSize * (c.parallel ?? 1));
          const t0 = performance.now();
          try {
            s.duplicates += await c.write(batch, c.datanetId, c.extraDatanetIds);
          } catch (error) {
            if (!(error instanceof Stalled)) throw error;
            stalled = error.message;
            log(`    ${c.name}: ${stalled}`);
            break;
          }
          const elapsed = performance.now() - t0;
          s.ms.push(elapsed);
          s.seconds += elapsed / 1000;
          s.records += batch.length;
        }
      }
      log(`    round ${round + 1}/${options.rounds}: ` + contenders.map((c) => {
        const s = samples.get(c.name)!;
        return `${c.name} ${Math.round(s.records / s.seconds)} records/s`;
      }).join(', '));
    }
  } finally {
    await cleanup(driver, contributorId, contenders.flatMap((c) => [c.datanetId, ...(c.extraDatanetIds ?? [])]), log);
  }
  return contenders.map((c) => {
    const s = samples.get(c.name)!;
    const note = stalled && c.name.startsWith('Strata') ? `${c.note}. STALLED: ${stalled}` : c.note;
    return { name: c.name, note, recordsPerSecond: s.records / s.seconds, batchMs: stats(s.ms), records: s.records, duplicatesFound: s.duplicates };
  });
}

/** Concurrent submitters in the parallel row. */
const PARALLEL_SUBMITTERS = 4;

/** A submitRecords call that ran past STALL_MS; its transaction was terminated. */
class Stalled extends Error {}
const STALL_MS = 60_000;

/**
 * Runs one submitRecords call; past STALL_MS it terminates the server-side transactions of the write path still
 * running (so locks are released and the cleanup can run) and reports what they were doing instead of hanging.
 */
async function withWatchdog<T>(driver: Driver, call: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const watchdog = new Promise<never>((_, reject) => {
    timer = setTimeout(async () => {
      const rows = (
        await driver.executeQuery(
          `SHOW TRANSACTIONS YIELD transactionId, currentQuery, elapsedTime, currentQueryPageHits
           WHERE elapsedTime.milliseconds > $ms AND NOT currentQuery STARTS WITH 'SHOW'
           RETURN transactionId, left(currentQuery, 90) AS query, elapsedTime.seconds AS seconds, currentQueryPageHits AS pageHits`,
          { ms: neo4j.int(STALL_MS / 2) },
          { database: 'neo4j' },
        )
      ).records.map((r) => r.toObject());
      const ids = rows.map((r) => r.transactionId as string);
      if (ids.length > 0) await driver.executeQuery('TERMINATE TRANSACTIONS $ids', { ids }, { database: 'neo4j' }).catch(() => {});
      const what = rows.map((r) => `"${String(r.query).replace(/\s+/g, ' ')}…" (${r.seconds} s, ${r.pageHits} page hits)`).join('; ');
      reject(new Stalled(`a batch ran past ${STALL_MS / 1000} s; terminated ${ids.length} transaction(s): ${what || 'none found'}`));
    }, STALL_MS);
  });
  try {
    const work = call();
    work.catch(() => {}); // when the watchdog wins, the call still settles (its transaction was terminated)
    return await Promise.race([work, watchdog]);
  } finally {
    clearTimeout(timer);
  }
}

/** What an interrupted earlier run left behind (its cleanup never ran): removed before measuring. */
async function removeLeftovers(driver: Driver, log: (line: string) => void): Promise<void> {
  const rows = (
    await driver.executeQuery(
      `OPTIONAL MATCH (d:Datanet) WHERE d.name STARTS WITH 'Bench ingest' WITH collect(d.id) AS datanetIds
       OPTIONAL MATCH (c:Contributor) WHERE c.handle STARTS WITH 'bench-ingest-'
       RETURN datanetIds, collect(c.id) AS contributorIds`,
      {},
      { database: 'neo4j' },
    )
  ).records[0]!;
  const datanetIds = rows.get('datanetIds') as string[];
  const contributorIds = rows.get('contributorIds') as string[];
  if (datanetIds.length === 0 && contributorIds.length === 0) return;
  log(`    removing what an interrupted ingest run left (${datanetIds.length} datanets, ${contributorIds.length} contributors)…`);
  for (const [k, contributorId] of (contributorIds.length > 0 ? contributorIds : ['']).entries()) {
    await cleanup(driver, contributorId, k === 0 ? datanetIds : [], log);
  }
}

/** Deletes what the ingest benchmark wrote, so the scale graph stays as generated. */
async function cleanup(driver: Driver, contributorId: string, datanetIds: string[], log: (line: string) => void): Promise<void> {
  const session = driver.session({ database: 'neo4j' });
  try {
    const clusterIds = (
      await session.run(
        `MATCH (d:Datanet) WHERE d.id IN $datanetIds MATCH (d)<-[:IN]-(:Record)-[:MEMBER_OF]->(cl:ContentCluster) RETURN collect(DISTINCT cl.id) AS ids`,
        { datanetIds },
      )
    ).records[0]?.get('ids') as string[];
    await session.run(
      `MATCH (d:Datanet) WHERE d.id IN $datanetIds MATCH (d)<-[:IN]-(r:Record)
       CALL (r) { DETACH DELETE r } IN TRANSACTIONS OF 2000 ROWS`,
      { datanetIds },
    );
    // Clusters the deleted records joined lose an owner they took; clusters only they used go, with bands no one else uses.
    await session.run(
      `UNWIND $clusterIds AS id MATCH (cl:ContentCluster {id: id})
       WHERE cl.ownerRecordId IS NOT NULL AND NOT EXISTS { MATCH (r:Record {id: cl.ownerRecordId}) }
       SET cl.ownerRecordId = null`,
      { clusterIds },
    );
    await session.run(
      `UNWIND $clusterIds AS id MATCH (cl:ContentCluster {id: id}) WHERE NOT EXISTS { (cl)<-[:MEMBER_OF]-(:Record) }
       CALL (cl) {
         OPTIONAL MATCH (cl)-[:HAS_BAND]->(b:LshBand)
         WITH cl, collect(b) AS bands
         DETACH DELETE cl
         WITH bands UNWIND bands AS b
         WITH b WHERE NOT EXISTS { (b)<-[:HAS_BAND]-() }
         DELETE b
       } IN TRANSACTIONS OF 1000 ROWS`,
      { clusterIds },
    );
    await session.run(`MATCH (d:Datanet) WHERE d.id IN $datanetIds DETACH DELETE d`, { datanetIds });
    await session.run(`MATCH (c:Contributor {id: $contributorId}) DETACH DELETE c`, { contributorId });
    await session.run(`MATCH (k:IdempotencyKey) WHERE k.scope CONTAINS $contributorId DELETE k`, { contributorId });
    log(`    cleaned up the ingest benchmark's records, clusters and bands (${clusterIds.length} clusters touched).`);
  } catch (error) {
    log(`    cleanup failed (${(error as Error).message}); rerun the generator to restore the scale graph.`);
    throw error;
  } finally {
    await session.close();
  }
}
