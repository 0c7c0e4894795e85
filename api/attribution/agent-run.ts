import type { AttributionShape } from './attribution-shape.js';
import type { ModelTraining } from './model-reach.js';

/**
 * Agent runs (docs/architecture.md#agent-runs): the steps an agent took before its final output, as a small DAG, and
 * how they change the output's credit. Pure: the caller reads the records and models the steps name.
 *
 * - A RETRIEVAL step's records become traceable for this output alone, through a path of their own (a pseudo-adapter
 *   per step, `retrievalPath`), so they earn credit for the spans they explain like any record the model learned,
 *   but only the records the agent actually fetched, not the rest of their datanet.
 * - A MODEL_CALL step adds the called model's training snapshots: spans the sub-model could have learned are credited
 *   through its own adapters, datanets, contributors and records (its lineage), by the same split.
 * - TOOL_CALL and PARTIAL_OUTPUT steps are recorded (lineage, the log's digest) and earn nothing themselves.
 */
export const AGENT_STEP_KINDS = ['TOOL_CALL', 'RETRIEVAL', 'MODEL_CALL', 'PARTIAL_OUTPUT'] as const;
export type AgentStepKind = (typeof AGENT_STEP_KINDS)[number];

/** Bounds of one run: a run is evidence attached to one output, not a trace store. */
export const AGENT_RUN_LIMITS = { steps: 64, dependsOn: 16, recordsPerStep: 50, records: 200, modelCalls: 8 } as const;

/** One step as the agent reported it (ids already decoded to local ids). */
export interface AgentStepInput {
  /** The agent's own name for the step, unique in the run. */
  id: string;
  kind: AgentStepKind;
  /** The tool's name (TOOL_CALL) or a label. */
  name: string | null;
  /** What the step produced: a tool's result, a sub-model's answer, a partial output. */
  text: string | null;
  /** RETRIEVAL: the records fetched (local ids). */
  recordIds: string[];
  /** MODEL_CALL: the model called (local id). */
  modelId: string | null;
  /** Ids of the steps whose results this one used. */
  dependsOn: string[];
}

/** A problem with the steps, located like a zod issue (`steps.3.dependsOn.0`). */
export interface StepProblem {
  path: Array<string | number>;
  message: string;
}

/**
 * The shape rules: kinds carry what they need, ids are unique, every dependency names a step of the run, and the
 * dependencies form no cycle (the first cycle found is named step by step).
 */
export function stepProblems(steps: readonly AgentStepInput[]): StepProblem[] {
  const problems: StepProblem[] = [];
  const at = new Map<string, number>();
  steps.forEach((s, i) => {
    if (at.has(s.id)) problems.push({ path: ['steps', i, 'id'], message: `repeats the id "${s.id}" of step ${at.get(s.id)}` });
    else at.set(s.id, i);
    if (s.kind === 'RETRIEVAL' && s.recordIds.length === 0) problems.push({ path: ['steps', i, 'recordIds'], message: 'a RETRIEVAL step names the records it fetched' });
    if (s.kind !== 'RETRIEVAL' && s.recordIds.length > 0) problems.push({ path: ['steps', i, 'recordIds'], message: `only a RETRIEVAL step names records (this is ${s.kind})` });
    if (s.kind === 'MODEL_CALL' && s.modelId === null) problems.push({ path: ['steps', i, 'modelId'], message: 'a MODEL_CALL step names the model it called' });
    if (s.kind !== 'MODEL_CALL' && s.modelId !== null) problems.push({ path: ['steps', i, 'modelId'], message: `only a MODEL_CALL step names a model (this is ${s.kind})` });
  });
  steps.forEach((s, i) =>
    s.dependsOn.forEach((d, j) => {
      if (d === s.id) problems.push({ path: ['steps', i, 'dependsOn', j], message: `step "${s.id}" cannot depend on itself` });
      else if (!at.has(d)) problems.push({ path: ['steps', i, 'dependsOn', j], message: `names no step of this run ("${d}")` });
    }),
  );
  if (problems.length > 0) return problems;
  const cycle = findCycle(steps);
  if (cycle) problems.push({ path: ['steps', at.get(cycle[0]!)!, 'dependsOn'], message: `the steps depend on each other in a cycle (${cycle.map((id) => `"${id}"`).join(' → ')}): a run's steps form a DAG` });
  return problems;
}

/** A cycle of the dependency graph as step ids (first id repeated at the end), or null. Iterative DFS. */
function findCycle(steps: readonly AgentStepInput[]): string[] | null {
  const deps = new Map(steps.map((s) => [s.id, s.dependsOn]));
  const state = new Map<string, 1 | 2>(); // 1 on the stack, 2 done
  for (const root of steps) {
    if (state.has(root.id)) continue;
    const stack: Array<{ id: string; next: number }> = [{ id: root.id, next: 0 }];
    state.set(root.id, 1);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const list = deps.get(top.id) ?? [];
      if (top.next >= list.length) {
        state.set(top.id, 2);
        stack.pop();
        continue;
      }
      const d = list[top.next++]!;
      if (state.get(d) === 1) {
        const from = stack.findIndex((f) => f.id === d);
        return [...stack.slice(from).map((f) => f.id), d];
      }
      if (!state.has(d)) {
        state.set(d, 1);
        stack.push({ id: d, next: 0 });
      }
    }
  }
  return null;
}

/** The pseudo-adapter a retrieval step's records are reached through (never stored as an adapter share). */
export const retrievalPath = (stepId: string) => `(retrieval:${stepId})`;
const isRetrievalPath = (adapterId: string) => adapterId.startsWith('(retrieval:') && adapterId.endsWith(')');

/** What the graph says about the things the steps name. */
export interface StepReferences {
  /** Datanet of each retrieved record. */
  recordDatanets: ReadonlyMap<string, string>;
  /** Training snapshots of each called model. */
  modelTraining: ReadonlyMap<string, readonly ModelTraining[]>;
}

/**
 * The training the output is traced against: the agent's model's own, each called model's, and one path per
 * retrieval step and datanet that reaches only the records fetched (at any acceptance time: they were fetched now).
 */
export function agentTraining(own: readonly ModelTraining[], steps: readonly AgentStepInput[], refs: StepReferences): ModelTraining[] {
  const training = [...own];
  // A called model may share adapters with the agent's model (or another called one): one path each, not two.
  const seen = new Set(own.map((t) => `${t.adapterId}\u0000${t.datanetId}`));
  for (const s of steps) {
    if (s.kind === 'MODEL_CALL' && s.modelId !== null) {
      for (const t of refs.modelTraining.get(s.modelId) ?? []) {
        const key = `${t.adapterId}\u0000${t.datanetId}`;
        if (!seen.has(key)) training.push(t);
        seen.add(key);
      }
    }
    if (s.kind !== 'RETRIEVAL') continue;
    const byDatanet = new Map<string, Set<string>>();
    for (const r of s.recordIds) {
      const datanetId = refs.recordDatanets.get(r);
      if (datanetId === undefined) continue;
      const set = byDatanet.get(datanetId) ?? new Set<string>();
      set.add(r);
      byDatanet.set(datanetId, set);
    }
    for (const [datanetId, recordIds] of byDatanet) training.push({ adapterId: retrievalPath(s.id), datanetId, snapshotAtMs: Number.MAX_SAFE_INTEGER, recordIds });
  }
  return training;
}

export interface AgentCredit {
  /** The attribution as stored and served: adapter shares of real adapters only (retrieval paths are steps, not adapters). */
  attribution: AttributionShape;
  /** The same with the retrieval paths among the adapters: the fee split pays their builder part to the model owner, who ran the retrieval. */
  forFeeSplit: AttributionShape;
  /**
   * Part of the attributed credit that reached the output through each RETRIEVAL and MODEL_CALL step (by step id);
   * the rest came through the agent's own model. An adapter both the agent's model and called models use is shared
   * equally among them.
   */
  stepShares: Map<string, number>;
}

/** Splits an attribution traced over `agentTraining` into what the steps earned. */
export function agentCredit(traced: AttributionShape, own: readonly ModelTraining[], steps: readonly AgentStepInput[], refs: StepReferences): AgentCredit {
  const holders = new Map<string, Set<string>>(); // adapter → holders: '' (the agent's model) or a MODEL_CALL step id
  const hold = (adapterId: string, holder: string) => holders.set(adapterId, (holders.get(adapterId) ?? new Set()).add(holder));
  for (const t of own) hold(t.adapterId, '');
  for (const s of steps) {
    if (s.kind === 'MODEL_CALL' && s.modelId !== null) for (const t of refs.modelTraining.get(s.modelId) ?? []) hold(t.adapterId, s.id);
  }
  const stepShares = new Map<string, number>();
  for (const s of steps) if (s.kind === 'RETRIEVAL' || s.kind === 'MODEL_CALL') stepShares.set(s.id, 0);
  for (const a of traced.adapters) {
    if (isRetrievalPath(a.id)) {
      const stepId = a.id.slice('(retrieval:'.length, -1);
      stepShares.set(stepId, (stepShares.get(stepId) ?? 0) + a.share);
      continue;
    }
    const of = holders.get(a.id);
    if (!of) continue;
    for (const h of of) if (h !== '') stepShares.set(h, (stepShares.get(h) ?? 0) + a.share / of.size);
  }
  return {
    attribution: { ...traced, adapters: traced.adapters.filter((a) => !isRetrievalPath(a.id)) },
    forFeeSplit: traced,
    stepShares,
  };
}

/**
 * The part of an agent output's log entry about its run: the digest of the steps (api/log/agent-steps-digest.ts),
 * how many there were, and the credit of the steps that can earn any. Plain outputs' entries have no such part.
 */
export function agentRunEvent(stepsDigest: string, steps: readonly AgentStepInput[], stepShares: ReadonlyMap<string, number>) {
  return {
    agentRun: {
      stepsDigest,
      steps: steps.length,
      stepShares: [...stepShares].map(([id, share]) => ({ id, share })),
    },
  };
}
