import { z } from 'zod';
import {
  AGENT_RUN_LIMITS, AGENT_STEP_KINDS, agentCredit, agentRunEvent, agentTraining, stepProblems, type AgentCredit, type AgentStepInput, type StepReferences,
} from '../attribution/agent-run.js';
import type { AttributionShape } from '../attribution/attribution-shape.js';
import type { ModelTraining } from '../attribution/model-reach.js';
import { strataError } from '../core/errors.js';
import { encodeGlobalId } from '../core/global-id.js';
import { contentHash } from '../core/normalize.js';
import { eligibleTraining } from '../governance/eligibility.js';
import { agentStepsDigest } from '../log/agent-steps-digest.js';
import { agentStepNodeId, stepReferences, type AgentStepToCreate } from '../store/agent-steps.js';
import { modelTraining } from '../store/corpus.js';
import type { GraphStore } from '../store/graph-store.js';
import type { AgentStepShape } from '../store/reads/agent-steps.js';
import { distinctList, globalIdOf, lineField, optional, textField } from './validation.js';

/**
 * The steps of an agent run, as recordOutput takes them (docs/architecture.md#agent-runs): validated here, resolved
 * against the graph, and turned into the training the output is traced against and the credit each step earned.
 */
const stepId = lineField(64, { regex: /^[A-Za-z0-9_.:-]+$/, description: 'may hold only letters, digits and _ . : -' });

export const agentStepField = z
  .object({
    id: stepId,
    kind: z.enum(AGENT_STEP_KINDS),
    name: optional(lineField(200)),
    text: optional(textField({ maxBytes: 16 * 1024 })),
    recordIds: optional(distinctList(globalIdOf('Record'), { min: 0, max: AGENT_RUN_LIMITS.recordsPerStep, what: 'records per step' })),
    modelId: optional(globalIdOf('Model')),
    dependsOn: optional(distinctList(stepId, { min: 0, max: AGENT_RUN_LIMITS.dependsOn, what: 'dependencies per step' })),
  })
  .transform((s): AgentStepInput => ({ ...s, recordIds: s.recordIds ?? [], dependsOn: s.dependsOn ?? [] }));

export const agentStepsField = optional(
  z
    .array(agentStepField)
    .max(AGENT_RUN_LIMITS.steps, `an agent run takes at most ${AGENT_RUN_LIMITS.steps} steps`)
    .superRefine((steps, ctx) => {
      const records = steps.reduce((n, s) => n + s.recordIds.length, 0);
      if (records > AGENT_RUN_LIMITS.records) ctx.addIssue({ code: 'custom', message: `names ${records} retrieved records; a run names at most ${AGENT_RUN_LIMITS.records}` });
      const models = new Set(steps.flatMap((s) => (s.modelId === null ? [] : [s.modelId])));
      if (models.size > AGENT_RUN_LIMITS.modelCalls) ctx.addIssue({ code: 'custom', message: `calls ${models.size} models; a run calls at most ${AGENT_RUN_LIMITS.modelCalls}` });
      for (const p of stepProblems(steps)) ctx.addIssue({ code: 'custom', path: p.path.slice(1), message: p.message });
    }),
).transform((steps) => (steps === null || steps.length === 0 ? null : steps));

/** A run resolved against the graph: what to trace against, and how to read the credit afterwards. */
export interface PreparedAgentRun {
  steps: AgentStepInput[];
  references: StepReferences;
  training: ModelTraining[];
}

/**
 * Checks that every record and model the steps name exists (NOT_FOUND, naming the step's field), reads the called
 * models' training, and builds the training to trace against, without the datanets suspended (`suspended`).
 */
export async function prepareAgentRun(
  graph: GraphStore,
  steps: AgentStepInput[],
  own: readonly ModelTraining[],
  suspended: ReadonlySet<string>,
): Promise<PreparedAgentRun> {
  const recordIds = [...new Set(steps.flatMap((s) => s.recordIds))];
  const modelIds = [...new Set(steps.flatMap((s) => (s.modelId === null ? [] : [s.modelId])))];
  const found = await stepReferences(graph, { recordIds, modelIds });
  steps.forEach((s, i) => {
    s.recordIds.forEach((r, j) => {
      if (!found.recordDatanets.has(r)) throw missing(`steps.${i}.recordIds.${j}`, i, `names no record (${encodeGlobalId('Record', r)})`);
    });
    if (s.modelId !== null && !found.models.has(s.modelId)) throw missing(`steps.${i}.modelId`, i, `names no model (${encodeGlobalId('Model', s.modelId)})`);
  });
  const trainings = new Map<string, ModelTraining[]>();
  for (const id of modelIds) trainings.set(id, eligibleTraining((await modelTraining(graph, id)) ?? [], suspended));
  const references: StepReferences = { recordDatanets: found.recordDatanets, modelTraining: trainings };
  return { steps, references, training: eligibleTraining(agentTraining(own, steps, references), suspended) };
}

/** The credit the steps earned in an attribution traced over `run.training`. */
export function creditSteps(traced: AttributionShape, own: readonly ModelTraining[], run: PreparedAgentRun): AgentCredit {
  return agentCredit(traced, own, run.steps, run.references);
}

/** The steps as written with the output, and the digest its log entry carries. */
export function stepsToWrite(outputId: string, run: PreparedAgentRun, credit: AgentCredit): { digest: string; steps: AgentStepToCreate[] } {
  return {
    digest: agentStepsDigest(run.steps),
    steps: run.steps.map((s, position) => ({
      ...s,
      nodeId: agentStepNodeId(outputId, position),
      position,
      textHash: s.text === null ? null : contentHash(s.text),
      share: credit.stepShares.get(s.id) ?? null,
    })),
  };
}

/** The log entry's part about the run (api/attribution/agent-run.ts#agentRunEvent). */
export function loggedAgentRun(digest: string, run: PreparedAgentRun, credit: AgentCredit) {
  return agentRunEvent(digest, run.steps, credit.stepShares);
}

function missing(field: string, index: number, message: string) {
  return strataError('NOT_FOUND', `${field} ${message}.`, { field, index });
}

/** A stored run's steps back in the form recordOutput took them (dependencies by the agent's step ids). */
export function storedRunSteps(steps: readonly AgentStepShape[]): AgentStepInput[] {
  const stepIdOf = new Map(steps.map((s) => [s.id, s.stepId]));
  return steps.map((s) => ({
    id: s.stepId,
    kind: s.kind,
    name: s.name ?? null,
    text: s.text ?? null,
    recordIds: s.recordIds ?? [],
    modelId: s.modelId ?? null,
    dependsOn: (s.dependsOn ?? []).map((d) => stepIdOf.get(d) ?? d),
  }));
}

/** How the stored credit of each step differs from a recomputation's (shares compared to 1e-9, like the attribution's). */
export function stepShareDifferences(steps: readonly AgentStepShape[], recomputed: ReadonlyMap<string, number>): string[] {
  const differences: string[] = [];
  for (const s of steps) {
    const again = recomputed.get(s.stepId) ?? null;
    const stored = s.share ?? null;
    if (stored === null && again === null) continue;
    if (stored === null || again === null || Math.abs(stored - again) > 1e-9) differences.push(`steps: step "${s.stepId}" share stored ${stored}, recomputed ${again}`);
  }
  return differences;
}
