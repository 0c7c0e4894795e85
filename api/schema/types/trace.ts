import { builder } from '../builder.js';
import { badInput } from '../../core/errors.js';
import { decodeGlobalIdOf } from '../../core/global-id.js';
import { AttributionRef, TraceSpanRef } from './attribution.js';
import type { AttributionShape } from '../../attribution/attribution-shape.js';
import { modelTraining } from '../../store/corpus.js';
import { normalizeText } from '../../core/normalize.js';

/** Longest text traceText and recordOutput accept (UTF-16 code units, after normalisation): 64 KiB. */
export const MAX_OUTPUT_TEXT = 65_536;

export function checkOutputText(text: string, field = 'text'): void {
  const normalized = normalizeText(text);
  if (normalized.length === 0) throw badInput(`${field} is empty (after normalising whitespace).`, field);
  if (normalized.length > MAX_OUTPUT_TEXT) throw badInput(`${field} is ${normalized.length} characters; the limit is ${MAX_OUTPUT_TEXT}.`, field);
}

/**
 * What tracing a text costs, in the units of the query cost limit: tracing is linear in the text, so a request of a few
 * long texts costs as much as one of many short ones (docs/architecture.md#bounded-requests).
 */
export const textCost = (length: number) => 50 + Math.ceil(length / 16);

const TraceRef = builder.objectRef<AttributionShape>('Trace').implement({
  description: 'Where the passages of a text come from, and the attribution that implies.',
  fields: (t) => ({
    spans: t.field({ type: [TraceSpanRef], resolve: (a) => a.spans }),
    attribution: t.field({ type: AttributionRef, resolve: (a) => a }),
  }),
});

builder.queryFields((t) => ({
  traceText: t.field({
    type: TraceRef,
    description:
      'Traces any text (recorded or not) to the records it quotes. With modelId, only records that model could have learned (accepted before the snapshot of one of its adapters); without, every accepted record, and the adapter list is empty.',
    args: { text: t.arg.string({ required: true }), modelId: t.arg.id({ required: false }) },
    complexity: (args) => textCost(args.text.length),
    resolve: async (_root, args, ctx) => {
      checkOutputText(args.text);
      let training = null;
      if (args.modelId != null) {
        const modelId = decodeGlobalIdOf('Model', String(args.modelId), 'modelId');
        training = await modelTraining(ctx.graph, modelId);
        if (training === null) throw badInput(`No model ${String(args.modelId)}.`, 'modelId');
      }
      return ctx.corpus.attribute(args.text, { training });
    },
  }),
}));
