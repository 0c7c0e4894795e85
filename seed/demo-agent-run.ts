import { agentCredit, agentTraining, type AgentStepInput, type StepReferences } from '../api/attribution/agent-run.js';
import { attributeTrace } from '../api/attribution/attribute-text.js';
import { clusterReachFor, recordPaths, type AcceptedRecordMeta, type ModelTraining } from '../api/attribution/model-reach.js';
import type { CorpusIndex } from '../api/attribution/trace/corpus-index.js';
import { contentHash } from '../api/core/normalize.js';
import type { PlanAdapter, PlanModel, PlanOutput, PlanRecord } from './demo-plan.js';

/** A planned output an agent made: the output, its steps and what each step earned (docs/architecture.md#agent-runs). */
export interface PlanAgentOutput extends PlanOutput {
  steps: AgentStepInput[];
  stepShares: Map<string, number>;
}

const HOUR = 3_600_000;

/** The first sentence of a record: what the agent quotes from it. */
function firstSentence(record: PlanRecord): string {
  const end = record.text.indexOf('. ');
  return end < 0 ? record.text : record.text.slice(0, end + 1);
}

function trainingOf(model: PlanModel, adapters: readonly PlanAdapter[]): ModelTraining[] {
  return adapters
    .filter((a) => model.adapters.some((u) => u.adapterId === a.id))
    .flatMap((a) => a.trainedOn.map((t) => ({ adapterId: a.id, datanetId: t.datanetId, snapshotAtMs: Date.parse(t.snapshotAt) })));
}

/**
 * One agent-made output for the demo graph: Atlas Assistant 1.0 answers as an agent. It searches (a tool call),
 * retrieves a WordNet definition (a datanet 1.0 never trained on), asks Atlas Assistant 2.0 about a legal term (only
 * 2.0 learned the glossary), drafts, and answers with a sentence of each plus one of a country profile it learned
 * itself. Attributed by the engine exactly as recordOutput attributes an agent's output.
 */
export function planAgentOutput(input: {
  index: CorpusIndex;
  corpus: { records: number; asOfMs: number };
  models: readonly PlanModel[];
  adapters: readonly PlanAdapter[];
  records: readonly PlanRecord[];
}): PlanAgentOutput {
  const [v1, v2] = input.models as [PlanModel, PlanModel];
  const record = (key: string) => input.records.find((r) => r.key === key && r.status === 'ACCEPTED')!;
  const own = record('factbook/ar/background');
  const retrieved = record('wordnet/anchor');
  const glossary = record('legal-glossary/contributory-negligence');
  const text = `${firstSentence(own)} On the word you asked about: ${firstSentence(retrieved)} And the legal term: ${firstSentence(glossary)}`;
  const prompt = 'An agent question about Argentina, anchors and negligence.';
  const steps: AgentStepInput[] = [
    { id: 'search', kind: 'TOOL_CALL', name: 'lexicon_search', text: 'anchor: 1 definition found', recordIds: [], modelId: null, dependsOn: [] },
    { id: 'fetch-definition', kind: 'RETRIEVAL', name: 'lexicon', text: null, recordIds: [retrieved.id], modelId: null, dependsOn: ['search'] },
    { id: 'ask-atlas-2', kind: 'MODEL_CALL', name: null, text: firstSentence(glossary), recordIds: [], modelId: v2.id, dependsOn: [] },
    { id: 'draft', kind: 'PARTIAL_OUTPUT', name: null, text: firstSentence(own), recordIds: [], modelId: null, dependsOn: ['fetch-definition', 'ask-atlas-2'] },
  ];
  const ownTraining = trainingOf(v1, input.adapters);
  const refs: StepReferences = {
    recordDatanets: new Map([[retrieved.id, retrieved.datanetId]]),
    modelTraining: new Map([[v2.id, trainingOf(v2, input.adapters)]]),
  };
  const training = agentTraining(ownTraining, steps, refs);

  // The engine's eligibility and reach rules over the agent's training (as api/corpus/ applies them).
  const members = new Map<string, AcceptedRecordMeta[]>();
  for (const r of input.records) {
    if (r.status !== 'ACCEPTED' || !r.acceptedAt) continue;
    const list = members.get(r.clusterId) ?? [];
    list.push({ recordId: r.id, clusterId: r.clusterId, datanetId: r.datanetId, contributorId: r.contributorId, acceptedAtMs: Date.parse(r.acceptedAt) });
    members.set(r.clusterId, list);
  }
  const meta = new Map([...members.values()].flat().map((m) => [m.recordId, m]));
  const trace = input.index.trace(text, { eligible: (id) => { const m = meta.get(id); return m !== undefined && recordPaths(m, training).length > 0; }, prompt });
  const reach = clusterReachFor(new Set(trace.tokens.flatMap((t) => t.clusterIds)), (id) => members.get(id) ?? [], training);
  const credit = agentCredit(attributeTrace(trace, reach), ownTraining, steps, refs);
  return {
    id: 'out_agent-anchor',
    key: 'agent/anchor',
    text,
    prompt,
    contentHash: contentHash(text),
    modelId: v1.id,
    createdAt: new Date(Date.parse(v2.createdAt) + 12 * HOUR).toISOString(),
    attribution: credit.attribution,
    corpus: input.corpus,
    steps,
    stepShares: credit.stepShares,
  };
}
