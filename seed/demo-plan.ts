import { clusterReachFor, recordPaths, type AcceptedRecordMeta, type ModelTraining } from '../api/attribution/model-reach.js';
import { attributeTrace } from '../api/attribution/attribute-text.js';
import type { AttributionShape } from '../api/attribution/attribution-shape.js';
import { CorpusIndex } from '../api/attribution/trace/corpus-index.js';
import { CURRENT_TRACE_METHOD, type TraceMethod } from '../api/attribution/trace/trace-method.js';
import { fingerprint, isNearDuplicate, type Fingerprint } from '../api/dedup/fingerprint.js';
import { contentHash } from '../api/core/normalize.js';
import type { Role } from '../api/core/roles.js';
import { demoCorpus, demoOutputs } from './corpus/index.js';
import { CLASSIC_OVERLAP_EXAMPLE } from './classic-overlap-example.js';
import { planAgentOutput, type PlanAgentOutput } from './demo-agent-run.js';

/**
 * The demo contribution graph as plain data, computed in memory and deterministically: who contributed what, the
 * dedup clusters, the adapters' training snapshots, two versions of a model, and outputs attributed by the real
 * engine (span trace + Owen split). demo-graph.ts writes it to Neo4j.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const localId = (prefix: string, key: string) => `${prefix}_${key.replace(/[^A-Za-z0-9_.-]/g, '.')}`;

export interface PlanContributor { id: string; handle: string; roles: Role[]; createdAt: string }
export interface PlanDatanet { id: string; name: string; description: string; domain: string; admission: 'OPEN' | 'REVIEWED'; createdAt: string }
export interface PlanRecord {
  id: string; key: string; text: string; license: string; contentHash: string; datanetId: string; contributorId: string;
  status: 'PENDING' | 'ACCEPTED' | 'REJECTED'; submittedAt: string; acceptedAt: string | null; reviewerId: string | null; clusterId: string;
}
export interface PlanCluster { id: string; contentHash: string; ownerRecordId: string | null; fingerprint: Fingerprint }
export interface PlanAdapter { id: string; name: string; baseModelId: string; builderId: string; derivedFromId: string | null; createdAt: string; trainedOn: Array<{ datanetId: string; snapshotSize: number; snapshotAt: string }> }
export interface PlanModel { id: string; name: string; version: string; baseModelId: string; ownerId: string; previousVersionId: string | null; createdAt: string; adapters: Array<{ adapterId: string; weight: number }> }
export interface PlanOutput {
  id: string; key: string; text: string; prompt: string; contentHash: string; modelId: string; createdAt: string; attribution: AttributionShape;
  /** The corpus the attribution was computed over, as recordOutput stores it: its accepted records and the latest acceptance. */
  corpus: { records: number; asOfMs: number };
}

export interface DemoPlan {
  contributors: PlanContributor[];
  datanets: PlanDatanet[];
  records: PlanRecord[];
  clusters: PlanCluster[];
  baseModel: { id: string; name: string; family: string; createdAt: string };
  adapters: PlanAdapter[];
  models: PlanModel[];
  outputs: PlanOutput[];
  /** Outputs an agent made, with their steps (seed/demo-agent-run.ts); not in `outputs`, which a model made alone. */
  agentOutputs: PlanAgentOutput[];
  /** Dataset-level Shapley demo: the classic overlap example as coalition scores of three datanets of model v2. */
  coalitionScores: PlanCoalitionScores;
}

export interface PlanCoalitionScores {
  modelId: string;
  submittedBy: string;
  submittedAt: string;
  datanetIds: string[];
  scores: Array<{ datanetIds: string[]; score: number }>;
}

const VALIDATORS = ['esi', 'goran'];
const REVIEWED_DATANETS = new Set(['licenses', 'legal-glossary']);

let cached: DemoPlan | null = null;

/**
 * The plan is deterministic, so it is computed once per process (tests re-seed often). Treat it as read-only.
 * `method` attributes the outputs with an earlier tracing method instead (tests of verifying old attributions).
 */
export function buildDemoPlan(method?: TraceMethod): DemoPlan {
  if (method && method !== CURRENT_TRACE_METHOD) return computeDemoPlan(method);
  cached ??= computeDemoPlan(CURRENT_TRACE_METHOD);
  return cached;
}

function computeDemoPlan(method: TraceMethod): DemoPlan {
  const corpus = demoCorpus();
  const start = Date.parse('2026-01-05T09:00:00.000Z');
  const iso = (ms: number) => new Date(ms).toISOString();

  const contributors: PlanContributor[] = corpus.contributors.map((c) => ({
    id: localId('ctb', c.key),
    handle: c.handle,
    roles: ['CONTRIBUTOR', ...(VALIDATORS.includes(c.key) ? ['VALIDATOR' as const] : []), ...(c.key === 'hana' ? ['VOTER' as const] : [])],
    createdAt: iso(start - 30 * DAY),
  }));
  const datanets: PlanDatanet[] = corpus.datanets.map((d) => ({
    id: localId('dn', d.key),
    name: d.name,
    description: d.description,
    domain: d.domain,
    admission: REVIEWED_DATANETS.has(d.key) ? 'REVIEWED' : 'OPEN',
    createdAt: iso(start - 20 * DAY),
  }));

  // Records in submission order: that order decides which copy owns a cluster.
  const submitted = corpus.datanets
    .flatMap((d) => d.records.map((r) => ({ datanetKey: d.key, record: r })))
    .sort((a, b) => a.record.submittedAt.localeCompare(b.record.submittedAt) || a.record.key.localeCompare(b.record.key));
  const lastGlossary = submitted.filter((s) => s.datanetKey === 'legal-glossary').at(-1)?.record.key;
  const quoted = new Set(demoOutputs().flatMap((o) => o.passages.flatMap((p) => p.matchingRecordKeys)));

  const clusters: PlanCluster[] = [];
  const clusterByHash = new Map<string, PlanCluster>();
  const records: PlanRecord[] = submitted.map(({ datanetKey, record }) => {
    const reviewed = REVIEWED_DATANETS.has(datanetKey);
    // One record still waits for a validator, to show REVIEWED admission; never one an output quotes.
    const pending = record.key === lastGlossary && !quoted.has(record.key);
    const submittedMs = Date.parse(record.submittedAt);
    const hash = contentHash(record.text);
    const print = fingerprint(record.text);
    let cluster = clusterByHash.get(hash) ?? clusters.find((c) => isNearDuplicate(print, c.fingerprint));
    const id = localId('rec', record.key);
    if (!cluster) {
      cluster = { id: localId('cl', hash.slice(0, 16)), contentHash: hash, ownerRecordId: null, fingerprint: print };
      clusters.push(cluster);
    }
    clusterByHash.set(hash, cluster);
    if (!pending && cluster.ownerRecordId === null) cluster.ownerRecordId = id;
    const reviewer = reviewed ? VALIDATORS.find((v) => v !== record.contributorKey)! : null;
    return {
      id,
      key: record.key,
      text: record.text,
      license: record.license,
      contentHash: hash,
      datanetId: localId('dn', datanetKey),
      contributorId: localId('ctb', record.contributorKey),
      status: pending ? 'PENDING' : 'ACCEPTED',
      submittedAt: record.submittedAt,
      acceptedAt: pending ? null : iso(submittedMs + (reviewed ? 2 * HOUR : 0)),
      reviewerId: reviewed && !pending ? localId('ctb', reviewer!) : null,
      clusterId: cluster.id,
    };
  });

  const lastAccepted = Math.max(...records.filter((r) => r.acceptedAt).map((r) => Date.parse(r.acceptedAt!)));
  const baseModel = { id: 'bm_open-base-7b', name: 'Open Base 7B', family: 'decoder-only transformer', createdAt: iso(start - 60 * DAY) };
  const snapshot = (datanetKey: string, at: number) => ({
    datanetId: localId('dn', datanetKey),
    snapshotSize: records.filter((r) => r.datanetId === localId('dn', datanetKey) && r.acceptedAt && Date.parse(r.acceptedAt) <= at).length,
    snapshotAt: iso(at),
  });
  const t1 = lastAccepted + DAY;
  const t2 = lastAccepted + 10 * DAY;
  const adapter = (key: string, name: string, builder: string, at: number, datanetKeys: string[], derivedFrom: string | null): PlanAdapter => ({
    id: localId('ad', key),
    name,
    baseModelId: baseModel.id,
    builderId: localId('ctb', builder),
    derivedFromId: derivedFrom ? localId('ad', derivedFrom) : null,
    createdAt: iso(at),
    trainedOn: datanetKeys.map((k) => snapshot(k, at)),
  });
  const adapters = [
    adapter('legal-lora', 'Legal clauses LoRA', 'dmitri', t1, ['licenses'], null),
    adapter('geo-lora', 'Country profiles LoRA', 'farah', t1, ['factbook'], null),
    adapter('legal-lora-2', 'Legal clauses LoRA 2 (adds the glossary)', 'dmitri', t2, ['licenses', 'legal-glossary'], 'legal-lora'),
    adapter('lexicon-lora', 'Definitions LoRA', 'bo', t2, ['wordnet'], null),
  ];
  const models: PlanModel[] = [
    {
      id: 'mdl_atlas-assistant-1', name: 'Atlas Assistant', version: '1.0', baseModelId: baseModel.id, ownerId: localId('ctb', 'hana'),
      previousVersionId: null, createdAt: iso(t1 + HOUR),
      adapters: [{ adapterId: localId('ad', 'legal-lora'), weight: 0.6 }, { adapterId: localId('ad', 'geo-lora'), weight: 0.4 }],
    },
    {
      id: 'mdl_atlas-assistant-2', name: 'Atlas Assistant', version: '2.0', baseModelId: baseModel.id, ownerId: localId('ctb', 'hana'),
      previousVersionId: 'mdl_atlas-assistant-1', createdAt: iso(t2 + HOUR),
      adapters: [
        { adapterId: localId('ad', 'legal-lora-2'), weight: 0.5 },
        { adapterId: localId('ad', 'geo-lora'), weight: 0.3 },
        { adapterId: localId('ad', 'lexicon-lora'), weight: 0.2 },
      ],
    },
  ];

  const acceptedRecords = records.filter((r) => r.status === 'ACCEPTED');
  const index = CorpusIndex.build(acceptedRecords.map((r) => ({ recordId: r.id, clusterId: r.clusterId, text: r.text })), { method });
  // What the corpus service reports for this index (api/corpus/): its size and its latest acceptance.
  const indexed = { records: acceptedRecords.length, asOfMs: lastAccepted };
  const outputs: PlanOutput[] = demoOutputs().map((o, i) => {
    // Outputs quoting definitions or the glossary need version 2 (only it learned them); others alternate.
    const needsV2 = o.sourceRecordKeys.some((k) => k.startsWith('wordnet/') || k.startsWith('legal-glossary/'));
    const model = needsV2 || i % 2 === 1 ? models[1]! : models[0]!;
    const { reach, eligibleRecordIds } = modelClusterReach(model, adapters, records, clusters);
    const trace = index.trace(o.text, { eligible: (id) => eligibleRecordIds.has(id), prompt: o.prompt });
    return {
      id: localId('out', o.key),
      key: o.key,
      text: o.text,
      prompt: o.prompt,
      contentHash: contentHash(o.text),
      modelId: model.id,
      createdAt: iso(Date.parse(model.createdAt) + (i + 1) * HOUR),
      attribution: attributeTrace(trace, reach),
      corpus: indexed,
    };
  });

  // The two legal datanets overlap (the glossary restates the licenses' terms), the factbook is unique: A, B, C of
  // CLASSIC_OVERLAP_EXAMPLE, submitted by the model's owner. Shapley gives each 0.3.
  const roles: Record<string, string> = { A: localId('dn', 'licenses'), B: localId('dn', 'legal-glossary'), C: localId('dn', 'factbook') };
  const coalitionScores: PlanCoalitionScores = {
    modelId: models[1]!.id,
    submittedBy: models[1]!.ownerId,
    submittedAt: iso(t2 + 2 * HOUR),
    datanetIds: Object.values(roles).sort(),
    scores: CLASSIC_OVERLAP_EXAMPLE.coalitionScores.map((c) => ({ datanetIds: c.datanetIds.map((k) => roles[k]!).sort(), score: c.score })),
  };

  const agentOutputs = [planAgentOutput({ index, corpus: indexed, models, adapters, records })];
  return { contributors, datanets, records, clusters, baseModel, adapters, models, outputs, agentOutputs, coalitionScores };
}

/** How one model sees the clusters, through the engine's own reach rules (api/attribution/model-reach.ts). */
export function modelClusterReach(model: PlanModel, adapters: PlanAdapter[], records: PlanRecord[], clusters: PlanCluster[]) {
  const training: ModelTraining[] = adapters
    .filter((a) => model.adapters.some((u) => u.adapterId === a.id))
    .flatMap((a) => a.trainedOn.map((t) => ({ adapterId: a.id, datanetId: t.datanetId, snapshotAtMs: Date.parse(t.snapshotAt) })));
  const members = new Map<string, AcceptedRecordMeta[]>();
  for (const r of records) {
    if (r.status !== 'ACCEPTED' || !r.acceptedAt) continue;
    const list = members.get(r.clusterId) ?? [];
    list.push({ recordId: r.id, clusterId: r.clusterId, datanetId: r.datanetId, contributorId: r.contributorId, acceptedAtMs: Date.parse(r.acceptedAt) });
    members.set(r.clusterId, list);
  }
  const reach = clusterReachFor(clusters.map((c) => c.id), (id) => members.get(id) ?? [], training);
  const eligibleRecordIds = new Set([...members.values()].flat().filter((m) => recordPaths(m, training).length > 0).map((m) => m.recordId));
  return { reach, eligibleRecordIds };
}
