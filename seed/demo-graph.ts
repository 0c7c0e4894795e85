import neo4j from 'neo4j-driver';
import type { GraphStore } from '../api/store/graph-store.js';
import { applyConstraints } from '../api/store/constraints.js';
import { FINGERPRINT_VERSION } from '../api/dedup/fingerprint.js';
import { checkFingerprintScheme } from '../api/store/fingerprint-scheme.js';
import { buildDemoPlan, type DemoPlan } from './demo-plan.js';
import type { AttributionShape } from '../api/attribution/attribution-shape.js';
import { attributionEvent } from '../api/attribution/attribution-event.js';
import { appendLogEntry } from '../api/log/log-service.js';
import { DEFAULT_REWARD_POLICY } from '../api/rewards/reward-policy.js';
import { setOutputLogIndex } from '../api/store/outputs.js';
import { mergeRewardPolicy } from '../api/store/rewards.js';

const influencesOf = (a: AttributionShape, label: 'Datanet' | 'Adapter' | 'Contributor' | 'Record') =>
  ({ Datanet: a.datanets, Adapter: a.adapters, Contributor: a.contributors, Record: a.records })[label];

/** True when the graph has no Strata data yet (so `npm start` seeds it). */
export async function graphIsEmpty(graph: GraphStore): Promise<boolean> {
  const rows = await graph.read<{ n: unknown }>('MATCH (c:Contributor) RETURN count(c) AS n');
  return Number(rows[0]?.n ?? 0) === 0;
}

/** Wipes the graph (the demo is a reset, not a migration) in bounded transactions. */
export async function wipeGraph(graph: GraphStore): Promise<void> {
  // CALL … IN TRANSACTIONS needs an auto-commit transaction, which only session.run gives.
  const session = graph.driver.session({ database: graph.database });
  try {
    await session.run('MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS');
  } finally {
    await session.close();
  }
}

/**
 * The seed's statements, each an UNWIND batch anchored on unique ids. They run in ONE transaction: a seed that
 * fails halfway leaves nothing behind.
 */
const STATEMENTS: Array<[string, (plan: DemoPlan) => unknown[]]> = [
  [
    `UNWIND $rows AS row CREATE (c:Contributor {id: row.id, handle: row.handle, roles: row.roles, createdAt: datetime(row.createdAt)})`,
    (p) => p.contributors,
  ],
  [
    `UNWIND $rows AS row CREATE (:Datanet {id: row.id, name: row.name, description: row.description, domain: row.domain, admission: row.admission, createdAt: datetime(row.createdAt)})`,
    (p) => p.datanets,
  ],
  [
    `UNWIND $rows AS row CREATE (:ContentCluster {id: row.id, contentHash: row.contentHash, ownerRecordId: row.ownerRecordId,
       shingles: row.shingles, signature: row.signature, fingerprintVersion: row.fingerprintVersion})`,
    (p) => p.clusters.map((c) => ({ id: c.id, contentHash: c.contentHash, ownerRecordId: c.ownerRecordId, shingles: c.fingerprint.shingles, signature: c.fingerprint.signature, fingerprintVersion: FINGERPRINT_VERSION })),
  ],
  [
    // LSH band keys as shared nodes: a near-duplicate lookup is an index seek per band, not a scan.
    `UNWIND $rows AS row MATCH (c:ContentCluster {id: row.id})
     UNWIND row.bandKeys AS key MERGE (b:LshBand {key: key}) CREATE (c)-[:HAS_BAND]->(b)`,
    (p) => p.clusters.map((c) => ({ id: c.id, bandKeys: c.fingerprint.bandKeys })),
  ],
  [
    `UNWIND $rows AS row
     MATCH (c:Contributor {id: row.contributorId}), (d:Datanet {id: row.datanetId}), (cl:ContentCluster {id: row.clusterId})
     CREATE (r:Record {id: row.id, contentHash: row.contentHash, text: row.text, license: row.license, status: row.status,
       submittedAt: datetime(row.submittedAt), acceptedAt: CASE WHEN row.acceptedAt IS NULL THEN null ELSE datetime(row.acceptedAt) END,
       datanetId: row.datanetId, contributorId: row.contributorId, clusterId: row.clusterId})
     CREATE (c)-[:CONTRIBUTED]->(r), (r)-[:IN]->(d), (r)-[:MEMBER_OF]->(cl)`,
    (p) => p.records,
  ],
  [
    `UNWIND $rows AS row MATCH (v:Contributor {id: row.reviewerId}), (r:Record {id: row.id})
     CREATE (v)-[:REVIEWED {verdict: 'ACCEPT', at: r.acceptedAt}]->(r)`,
    (p) => p.records.filter((r) => r.reviewerId),
  ],
  [`UNWIND $rows AS row CREATE (:BaseModel {id: row.id, name: row.name, family: row.family, createdAt: datetime(row.createdAt)})`, (p) => [p.baseModel]],
  [
    `UNWIND $rows AS row MATCH (b:BaseModel {id: row.baseModelId}), (builder:Contributor {id: row.builderId})
     CREATE (a:Adapter {id: row.id, name: row.name, baseModelId: row.baseModelId, builderId: row.builderId, derivedFromId: row.derivedFromId, createdAt: datetime(row.createdAt)})
     CREATE (a)-[:ADAPTS]->(b), (builder)-[:BUILT]->(a)
     WITH a, row UNWIND row.trainedOn AS t MATCH (d:Datanet {id: t.datanetId})
     CREATE (a)-[:TRAINED_ON {snapshotSize: t.snapshotSize, snapshotAt: datetime(t.snapshotAt)}]->(d)`,
    (p) => p.adapters.map((a) => ({ ...a, trainedOn: a.trainedOn.map((t) => ({ ...t, snapshotSize: neo4j.int(t.snapshotSize) })) })),
  ],
  [
    `UNWIND $rows AS row MATCH (a:Adapter {id: row.id}), (parent:Adapter {id: row.derivedFromId}) CREATE (a)-[:DERIVED_FROM]->(parent)`,
    (p) => p.adapters.filter((a) => a.derivedFromId),
  ],
  [
    `UNWIND $rows AS row MATCH (b:BaseModel {id: row.baseModelId})
     CREATE (m:Model {id: row.id, name: row.name, version: row.version, baseModelId: row.baseModelId, ownerId: row.ownerId,
       previousVersionId: row.previousVersionId, createdAt: datetime(row.createdAt)})
     CREATE (m)-[:BASED_ON]->(b)
     WITH m, row UNWIND row.adapters AS u MATCH (a:Adapter {id: u.adapterId}) CREATE (m)-[:USES {weight: u.weight}]->(a)`,
    (p) => p.models,
  ],
  [
    `UNWIND $rows AS row MATCH (m:Model {id: row.id}), (prev:Model {id: row.previousVersionId}) CREATE (m)-[:PREVIOUS_VERSION]->(prev)`,
    (p) => p.models.filter((m) => m.previousVersionId),
  ],
  [
    `UNWIND $rows AS row MATCH (m:Model {id: row.modelId})
     CREATE (o:Output {id: row.id, contentHash: row.contentHash, text: row.text, prompt: row.prompt, modelId: row.modelId,
       createdAt: datetime(row.createdAt), attributionMethod: row.method, attributionMethodVersion: row.methodVersion,
       coverage: row.coverage, attributionSpans: row.spans})
     CREATE (o)-[:GENERATED_BY]->(m)`,
    (p) =>
      p.outputs.map((o) => ({
        id: o.id, contentHash: o.contentHash, text: o.text, prompt: o.prompt, modelId: o.modelId, createdAt: o.createdAt,
        method: o.attribution.method, methodVersion: o.attribution.methodVersion, coverage: o.attribution.coverage,
        spans: JSON.stringify(o.attribution.spans),
      })),
  ],
  ...(['Datanet', 'Adapter', 'Contributor', 'Record'] as const).map(
    (label): [string, (plan: DemoPlan) => unknown[]] => [
      `UNWIND $rows AS row MATCH (o:Output {id: row.outputId}), (x:${label} {id: row.id})
       CREATE (o)-[:INFLUENCED_BY {share: row.share, method: o.attributionMethod, methodVersion: o.attributionMethodVersion}]->(x)`,
      (p) => p.outputs.flatMap((o) => influencesOf(o.attribution, label).map((s) => ({ outputId: o.id, ...s }))),
    ],
  ),
];

export async function seedDemoGraph(graph: GraphStore, options: { log?: (line: string) => void } = {}): Promise<DemoPlan> {
  const log = options.log ?? (() => {});
  const plan = buildDemoPlan();
  await wipeGraph(graph);
  await applyConstraints(graph);
  await checkFingerprintScheme(graph, FINGERPRINT_VERSION);
  await graph.write(async (tx) => {
    for (const [cypher, rows] of STATEMENTS) await tx.run(cypher, { rows: rows(plan) });
    // The default reward policy (the API MERGEs the same one at start) and the Shapley demo table.
    await mergeRewardPolicy(tx, DEFAULT_REWARD_POLICY);
    const cs = plan.coalitionScores;
    await tx.run(
      `MATCH (m:Model {id: $modelId})
       CREATE (m)-[:HAS_COALITION_SCORES]->(:CoalitionScores {modelId: $modelId, datanetIds: $datanetIds, scores: $scores,
         coalitionCount: $count, submittedBy: $submittedBy, submittedAt: datetime($submittedAt)})`,
      { ...cs, scores: JSON.stringify(cs.scores), count: neo4j.int(cs.scores.length) },
    );
    // Every attribution goes into the transparency log, in the same transaction as the output it describes.
    for (const o of plan.outputs) {
      const entry = await appendLogEntry(tx, attributionEvent({ outputId: o.id, contentHash: o.contentHash, modelId: o.modelId, attribution: o.attribution }));
      await setOutputLogIndex(tx, o.id, entry.index);
    }
  });
  log(
    `Seeded ${plan.contributors.length} contributors, ${plan.datanets.length} datanets, ${plan.records.length} records ` +
      `(${plan.clusters.length} content clusters), ${plan.adapters.length} adapters, ${plan.models.length} model versions, ${plan.outputs.length} outputs.`,
  );
  return plan;
}
