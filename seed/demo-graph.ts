import { randomBytes } from 'node:crypto';
import { attributionEvent } from '../api/attribution/attribution-event.js';
import { FINGERPRINT_VERSION } from '../api/dedup/fingerprint.js';
import { appendLogEntry } from '../api/log/log-service.js';
import { importCoalitionScores } from '../api/store/coalitions.js';
import { applyConstraints } from '../api/store/constraints.js';
import { importContributors } from '../api/store/contributors.js';
import { importDatanets } from '../api/store/datanets.js';
import { checkFingerprintScheme } from '../api/store/fingerprint-scheme.js';
import { wipeGraph } from '../api/store/graph-admin.js';
import type { GraphStore } from '../api/store/graph-store.js';
import { importAdapters, importBaseModels, importModels } from '../api/store/models.js';
import { importInfluences, importOutputs, influencesOf, setOutputLogIndex } from '../api/store/outputs.js';
import { withWordsHashes } from './words-hashes.js';
import { importClusters, importRecords, importReviews } from '../api/store/records.js';
import { mergeDefaultRewardPolicy } from '../api/store/rewards.js';
import type { Transaction } from '../api/store/transaction.js';
import { buildDemoPlan, type DemoPlan, type PlanOutput } from './demo-plan.js';
import { writeDemoGovernance } from './demo-governance.js';
import type { PlanAgentOutput } from './demo-agent-run.js';
import { agentRunEvent } from '../api/attribution/agent-run.js';
import { agentStepsDigest } from '../api/log/agent-steps-digest.js';
import { agentStepNodeId, createAgentSteps } from '../api/store/agent-steps.js';
import { contentHash } from '../api/core/normalize.js';

/**
 * A hash no API key is known for: seeded contributors have the apiKeyHash every contributor has (the unique index
 * and the parity with createContributor hold), but nobody can authenticate as them.
 */
export function unusableApiKeyHash(): string {
  return randomBytes(32).toString('hex');
}

/**
 * Writes the plan through the store's bulk writers (the same property maps as the API's writers), in ONE transaction:
 * a seed that fails halfway leaves nothing behind.
 */
export async function writeDemoPlan(tx: Transaction, plan: DemoPlan): Promise<void> {
  await importContributors(tx, plan.contributors.map((c) => ({ ...c, apiKeyHash: unusableApiKeyHash() })));
  await importDatanets(tx, plan.datanets);
  const clusters = plan.clusters.map((c) => ({ id: c.id, contentHash: c.contentHash, ownerRecordId: c.ownerRecordId, ...c.fingerprint }));
  // With their LSH band keys (indexed): a near-duplicate of a demo record is found like any other.
  await importClusters(tx, clusters, FINGERPRINT_VERSION);
  await importRecords(tx, plan.records);
  await importReviews(tx, plan.records.flatMap((r) => (r.reviewerId ? [{ id: r.id, reviewerId: r.reviewerId, verdict: 'ACCEPT' as const, at: r.acceptedAt!, reason: null }] : [])));
  await importBaseModels(tx, [plan.baseModel]);
  await importAdapters(tx, plan.adapters);
  await importModels(tx, plan.models);
  await importPlanOutputs(tx, plan.outputs);
  await importPlanAgentOutputs(tx, plan.agentOutputs);
  // The default reward policy (the API MERGEs the same one at start) and the Shapley demo table.
  await mergeDefaultRewardPolicy(tx);
  const cs = plan.coalitionScores;
  await importCoalitionScores(tx, { modelId: cs.modelId, players: cs.datanetIds, scores: cs.scores, submittedBy: cs.submittedBy, submittedAt: cs.submittedAt });
  await logPlanOutputs(tx, plan.outputs);
  await logPlanAgentOutputs(tx, plan.agentOutputs);
  // One open proposal, so governance has something to show after `npm start`.
  await writeDemoGovernance(tx, plan);
}

/** Writes planned outputs with their attributions (influences); their log entries come after the policy. */
export async function importPlanOutputs(tx: Transaction, outputs: readonly PlanOutput[]): Promise<void> {
  await importOutputs(
    tx,
    await withWordsHashes(outputs.map((o) => ({
      id: o.id, modelId: o.modelId, contentHash: o.contentHash, text: o.text, prompt: o.prompt, fee: null, createdAt: o.createdAt,
      method: o.attribution.method, methodVersion: o.attribution.methodVersion, coverage: o.attribution.coverage,
      coverageByKind: JSON.stringify(o.attribution.coverageByKind ?? []), spans: JSON.stringify(o.attribution.spans), corpusRecords: o.corpus.records, corpusAsOf: o.corpus.asOfMs,
    }))),
  );
  for (const o of outputs) await importInfluences(tx, influencesOf(o.id, o.attribution));
}

/** Agent-made outputs: the output as any other, then its steps through the same writer recordOutput uses. */
export async function importPlanAgentOutputs(tx: Transaction, outputs: readonly PlanAgentOutput[]): Promise<void> {
  await importPlanOutputs(tx, outputs);
  for (const o of outputs) {
    const steps = o.steps.map((s, position) => ({
      ...s,
      nodeId: agentStepNodeId(o.id, position),
      position,
      textHash: s.text === null ? null : contentHash(s.text),
      share: o.stepShares.get(s.id) ?? null,
    }));
    await createAgentSteps(tx, { outputId: o.id, digest: agentStepsDigest(o.steps), steps });
  }
}

/** Their log entries carry the digest of their steps, as recordOutput's do. */
export async function logPlanAgentOutputs(tx: Transaction, outputs: readonly PlanAgentOutput[]): Promise<void> {
  for (const o of outputs) {
    const event = attributionEvent({ outputId: o.id, contentHash: o.contentHash, modelId: o.modelId, attribution: o.attribution });
    const entry = await appendLogEntry(tx, { ...event, ...agentRunEvent(agentStepsDigest(o.steps), o.steps, o.stepShares) });
    await setOutputLogIndex(tx, o.id, entry.index);
  }
}

/** Every attribution goes into the transparency log, in the same transaction as the output it describes. */
export async function logPlanOutputs(tx: Transaction, outputs: readonly PlanOutput[]): Promise<void> {
  for (const o of outputs) {
    const entry = await appendLogEntry(tx, attributionEvent({ outputId: o.id, contentHash: o.contentHash, modelId: o.modelId, attribution: o.attribution }));
    await setOutputLogIndex(tx, o.id, entry.index);
  }
}

export async function seedDemoGraph(graph: GraphStore, options: { log?: (line: string) => void } = {}): Promise<DemoPlan> {
  const log = options.log ?? (() => {});
  const plan = buildDemoPlan();
  await wipeGraph(graph);
  await applyConstraints(graph);
  await checkFingerprintScheme(graph, FINGERPRINT_VERSION);
  await graph.write((tx) => writeDemoPlan(tx, plan));
  log(
    `Seeded ${plan.contributors.length} contributors, ${plan.datanets.length} datanets, ${plan.records.length} records ` +
      `(${plan.clusters.length} content clusters), ${plan.adapters.length} adapters, ${plan.models.length} model versions, ${plan.outputs.length} outputs and ${plan.agentOutputs.length} made by an agent.`,
  );
  return plan;
}
