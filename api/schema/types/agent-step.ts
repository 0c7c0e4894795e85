import { builder } from '../builder.js';
import { loadedNodeType, optionalLinkField } from '../nodes.js';
import { ModelRef, OutputRef, RecordRef } from '../refs.js';
import { linked } from '../nodes.js';
import { AGENT_STEP_KINDS } from '../../attribution/agent-run.js';
import type { AgentStepShape } from '../../store/reads/agent-steps.js';

export const AgentStepRef = builder.objectRef<AgentStepShape>('AgentStep');
export const AgentStepKindEnum = builder.enumType('AgentStepKind', {
  values: AGENT_STEP_KINDS,
  description: 'What an agent did in one step of a run (docs/architecture.md#agent-runs).',
});

/** One step of an agent run, as recordOutput takes it: ids are global ids, except step ids, which are the agent's own. */
export const AgentStepInput = builder.inputType('AgentStepInput', {
  description:
    'One step of the agent run that made an output: a tool call, a retrieval of records, a call to another registered model, or a partial output. ' +
    'Steps form a DAG through dependsOn (at most 64 steps, 200 retrieved records and 8 called models per run): docs/architecture.md#agent-runs.',
  fields: (t) => ({
    id: t.string({ required: true, description: 'The agent\'s own name for the step, unique in the run (letters, digits, _ . : -; at most 64).' }),
    kind: t.field({ type: AgentStepKindEnum, required: true }),
    name: t.string({ required: false, description: 'The tool\'s name, or a label.' }),
    text: t.string({ required: false, description: 'What the step produced (a tool\'s result, the called model\'s answer, a partial output): at most 16 KB.' }),
    recordIds: t.idList({ required: false, description: 'RETRIEVAL: the records fetched. They earn credit for the spans of the output they explain.' }),
    modelId: t.id({ required: false, description: 'MODEL_CALL: the model called. Spans it could have learned are credited through its own lineage.' }),
    dependsOn: t.stringList({ required: false, description: 'Ids of the steps whose results this one used.' }),
  }),
});

loadedNodeType(AgentStepRef, 'One step of the agent run that made an output (docs/architecture.md#agent-runs).', (t) => ({
  stepId: t.exposeString('stepId', { description: 'The agent\'s own name for the step.' }),
  position: t.exposeInt('position', { description: 'Its place in the run as the agent reported it, from 0.' }),
  kind: t.field({ type: AgentStepKindEnum, resolve: (s) => s.kind }),
  name: t.string({ nullable: true, resolve: (s) => s.name ?? null }),
  text: t.string({ nullable: true, resolve: (s) => s.text ?? null }),
  textHash: t.string({ nullable: true, description: 'contentHash of text: what the run\'s digest in the log covers.', resolve: (s) => s.textHash ?? null }),
  share: t.float({
    nullable: true,
    description:
      'RETRIEVAL and MODEL_CALL: the part of the output\'s attributed credit that came through this step (its records, or the called model\'s lineage); the rest came through the agent\'s own model. Null for steps that cannot earn credit.',
    resolve: (s) => s.share ?? null,
  }),
  output: t.field({ type: OutputRef, resolve: (s, _a, ctx) => linked(ctx.loaders.Output, s.outputId, 'the output of an agent step') }),
  records: t.field({ type: [RecordRef], resolve: (s, _a, ctx) => Promise.all((s.recordIds ?? []).map((id) => linked(ctx.loaders.Record, id, 'a retrieved record'))) }),
  model: optionalLinkField(t, ModelRef, (s) => s.modelId, 'MODEL_CALL: the model called.'),
  dependsOn: t.field({
    type: [AgentStepRef],
    resolve: (s, _a, ctx) => Promise.all((s.dependsOn ?? []).map((id) => linked(ctx.loaders.AgentStep, id, 'an agent step'))),
  }),
}));

builder.objectFields(OutputRef, (t) => ({
  steps: t.field({
    type: [AgentStepRef],
    description: 'The steps of the agent run that made this output, in the order reported; empty for an output not made by an agent.',
    resolve: (o, _a, ctx) => ctx.loaders.agentSteps.load(o.id),
  }),
  agentStepsDigest: t.string({
    nullable: true,
    description: 'SHA-256 of the run\'s steps as its log entry carries it (docs/architecture.md#agent-runs); null for an output not made by an agent.',
    resolve: (o) => (o as { agentStepsDigest?: string | null }).agentStepsDigest ?? null,
  }),
}));
