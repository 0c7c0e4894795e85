import { builder } from '../builder.js';
import { OutputRef } from '../refs.js';
import { idempotencyKeyInput, loadWritten } from './mutation-support.js';
import { actorOf } from '../../use-cases/actor.js';
import { recordOutput, recordOutputInput, type RecordOutputResult } from '../../use-cases/record-output.js';
import { parseInput } from '../../use-cases/validation.js';

const RecordOutputInput = builder.inputType('RecordOutputInput', {
  fields: (t) => ({
    modelId: t.id({ required: true }),
    text: t.string({ required: true, description: 'The generated text: at most 32 KB of UTF-8, not empty.' }),
    prompt: t.string({ required: false }),
    fee: t.field({ type: 'BigInt', required: false, description: 'What the caller paid for this output, in integer base units (≥ 0).' }),
    idempotencyKey: idempotencyKeyInput(t),
  }),
});

const RecordOutputPayload = builder.objectRef<RecordOutputResult>('RecordOutputPayload').implement({
  fields: (t) => ({
    output: t.field({
      type: OutputRef,
      resolve: async (r, _a, ctx) => (await loadWritten(ctx.loaders.Output, [r.outputId], 'the new output'))[0]!,
    }),
  }),
});

builder.mutationField('recordOutput', (t) =>
  t.field({
    type: RecordOutputPayload,
    description:
      'The model\'s owner (or an admin) records an output of the model. Strata computes its attribution, splits the fee (if given) by the reward policy in force, and appends both to the transparency log, all in one transaction.',
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: RecordOutputInput, required: true }) },
    resolve: (_root, args, ctx) => recordOutput(ctx.graph, actorOf(ctx.viewer), parseInput(recordOutputInput, args.input), ctx.corpus),
  }),
);
