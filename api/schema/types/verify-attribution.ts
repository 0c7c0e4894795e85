import { builder } from '../builder.js';
import { decodeGlobalIdOf } from '../../core/global-id.js';
import { OutputRef } from '../refs.js';
import { required } from '../required.js';
import { AttributionRef } from './attribution.js';
import { MAX_OUTPUT_TEXT, textCost } from './trace.js';
import { verifyOutputAttribution, type AttributionCheckShape } from '../../use-cases/verify-attribution.js';
import { ATTRIBUTION_METHOD_VERSION } from '../../attribution/attribute-text.js';

const AttributionCheckRef = builder.objectRef<AttributionCheckShape>('AttributionCheck').implement({
  description: 'A stored attribution recomputed by the running engine, and compared with the transparency log.',
  fields: (t) => ({
    output: t.field({ type: OutputRef, resolve: async (c, _a, ctx) => required(await ctx.loaders.Output.load(c.outputId), 'the verified output') }),
    matches: t.exposeBoolean('matches', { description: 'True when differences is empty.' }),
    storedMethodVersion: t.exposeString('storedMethodVersion'),
    runningMethodVersion: t.string({ resolve: () => ATTRIBUTION_METHOD_VERSION }),
    stored: t.field({ type: AttributionRef, resolve: (c) => c.stored }),
    recomputed: t.field({ type: AttributionRef, resolve: (c) => c.recomputed }),
    differences: t.exposeStringList('differences', {
      description: 'Coverage and shares differing by more than 1e-9, spans differing in offsets, text or records, and anything stored that the log entry does not say. Empty when everything matches.',
    }),
    corpusAsOf: t.expose('corpusAsOf', { type: 'DateTime', description: 'The recomputation used the records accepted up to this instant, as the original did.' }),
    corpusRecords: t.exposeInt('corpusRecords'),
    rebuiltCorpus: t.exposeBoolean('rebuiltCorpus', { description: 'True when records accepted since made it rebuild the past corpus from Neo4j.' }),
  }),
});

builder.queryField('verifyAttribution', (t) =>
  t.field({
    type: AttributionCheckRef,
    description:
      'Recomputes the output\'s attribution with the stored method version over the corpus it was computed on, and lists every difference from the stored one (and from its log entry). Refused (CONFLICT) when the stored method version is not the running one.',
    args: { outputId: t.arg.id({ required: true }) },
    // The stored text is not known before it runs: charge for the longest one, plus rebuilding a past corpus.
    complexity: 2 * textCost(MAX_OUTPUT_TEXT),
    resolve: (_root, args, ctx) => verifyOutputAttribution(ctx.graph, ctx.corpus, decodeGlobalIdOf('Output', String(args.outputId), 'outputId')),
  }),
);
