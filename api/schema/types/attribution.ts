import { builder } from '../builder.js';
import { AdapterRef, ContributorRef, DatanetRef, RecordRef } from '../refs.js';
import { required } from '../required.js';
import type { AttributionShape, SpanShape } from '../../attribution/attribution-shape.js';
import type { Share as ShareShape } from '../../attribution/shares.js';

const DatanetShareRef = builder.objectRef<ShareShape>('DatanetShare').implement({
  fields: (t) => ({
    datanet: t.field({ type: DatanetRef, resolve: async (s, _a, ctx) => required(await ctx.loaders.Datanet.load(s.id)) }),
    share: t.exposeFloat('share'),
  }),
});
const AdapterShareRef = builder.objectRef<ShareShape>('AdapterShare').implement({
  fields: (t) => ({
    adapter: t.field({ type: AdapterRef, resolve: async (s, _a, ctx) => required(await ctx.loaders.Adapter.load(s.id)) }),
    share: t.exposeFloat('share'),
  }),
});
const ContributorShareRef = builder.objectRef<ShareShape>('ContributorShare').implement({
  fields: (t) => ({
    contributor: t.field({ type: ContributorRef, resolve: async (s, _a, ctx) => required(await ctx.loaders.Contributor.load(s.id)) }),
    share: t.exposeFloat('share'),
  }),
});
const RecordShareRef = builder.objectRef<ShareShape>('RecordShare').implement({
  fields: (t) => ({
    record: t.field({ type: RecordRef, resolve: async (s, _a, ctx) => required(await ctx.loaders.Record.load(s.id)) }),
    share: t.exposeFloat('share'),
  }),
});

export const TraceSpanRef = builder.objectRef<SpanShape>('TraceSpan').implement({
  description: 'A passage of the output found verbatim in source records. Offsets are UTF-16 code units.',
  fields: (t) => ({
    start: t.exposeInt('start'),
    end: t.exposeInt('end'),
    text: t.exposeString('text'),
    records: t.field({
      type: [RecordRef],
      resolve: async (s, _a, ctx) => (await ctx.loaders.Record.loadMany(s.recordIds)).filter((r) => r != null && !(r instanceof Error)) as never,
    }),
  }),
});

export const AttributionRef = builder.objectRef<AttributionShape>('Attribution').implement({
  description:
    'Who made an output and how much each counted. Each share list sums to 1 when anything is attributed and is empty otherwise; coverage says how much of the output is explained at all.',
  fields: (t) => ({
    method: t.exposeString('method'),
    methodVersion: t.exposeString('methodVersion'),
    coverage: t.exposeFloat('coverage'),
    datanets: t.field({ type: [DatanetShareRef], resolve: (a) => a.datanets }),
    adapters: t.field({ type: [AdapterShareRef], resolve: (a) => a.adapters }),
    contributors: t.field({ type: [ContributorShareRef], resolve: (a) => a.contributors }),
    records: t.field({ type: [RecordShareRef], resolve: (a) => a.records }),
    spans: t.field({ type: [TraceSpanRef], resolve: (a) => a.spans }),
  }),
});
