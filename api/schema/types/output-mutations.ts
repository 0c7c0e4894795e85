import { OutputRef } from '../refs.js';
import { mutationField } from '../mutation-field.js';
import { linkField } from '../nodes.js';
import { actorOf } from '../../use-cases/actor.js';
import { recordOutput, recordOutputInput, type RecordOutputResult } from '../../use-cases/record-output.js';
import { parseInput } from '../../use-cases/validation.js';
import { textCost } from './trace.js';
import { AgentStepInput } from './agent-step.js';

mutationField('recordOutput', {
  description:
    'The model\'s owner (or an admin) records an output of the model. Strata computes its attribution, splits the fee (if given) by the reward policy in force, and appends both to the transparency log, all in one transaction.',
  scope: 'authenticated',
  input: (t) => ({
    modelId: t.id({ required: true }),
    text: t.string({ required: true, description: 'The generated text: at most 32 KB of UTF-8, not empty.' }),
    prompt: t.string({ required: false }),
    fee: t.field({ type: 'BigInt', required: false, description: 'What the caller paid for this output, in integer base units (≥ 0).' }),
    steps: t.field({
      type: [AgentStepInput],
      required: false,
      description: 'When an agent made the output: the steps it took, a DAG (docs/architecture.md#agent-runs). Retrieved records and called models take part in the attribution.',
    }),
  }),
  // It traces its text like traceText does, so it costs like traceText (docs/architecture.md#bounded-requests).
  // An agent's steps are stored, not traced: a point each, and one per 256 characters of their text.
  complexity: (input) => textCost(typeof input?.text === 'string' ? input.text.length : 0) + stepsCost(input?.steps),
  run: async (input, ctx): Promise<RecordOutputResult> => {
    const result = await recordOutput(ctx.graph, actorOf(ctx.viewer), parseInput(recordOutputInput, input), ctx.corpus, ctx.notifications);
    // The write answered with the output and its log entry as committed: the payload reads neither again.
    if (result.written) {
      ctx.loaders.Output.prime(result.outputId, result.written.output);
      ctx.loaders.logEntry.prime(result.written.logEntry.index, result.written.logEntry);
    }
    return { outputId: result.outputId };
  },
  payload: (t) => ({
    output: linkField(t, OutputRef, (r) => r.outputId, 'the new output'),
  }),
});

function stepsCost(steps: unknown): number {
  if (!Array.isArray(steps)) return 0;
  const chars = steps.reduce((n: number, s: { text?: unknown }) => n + (typeof s?.text === 'string' ? s.text.length : 0), 0);
  return steps.length + Math.ceil(chars / 256);
}
