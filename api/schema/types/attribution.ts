import type { ObjectRef } from '@pothos/core';
import { builder, type StrataTypes } from '../builder.js';
import { AdapterRef, ContributorRef, DatanetRef, RecordRef } from '../refs.js';
import { linkField } from '../nodes.js';
import type { AttributionShape, SpanShape } from '../../attribution/attribution-shape.js';
import type { Share } from '../../attribution/shares.js';

/**
 * One entry of an attribution's share list, `{ <field>: <Node>!, share: Float! }`: the node the share's id names (a
 * share of a node that is gone is a broken graph) and its share.
 */
function shareRef<T extends { id: string }>(name: string, nodeRef: ObjectRef<StrataTypes, T>, field: string) {
  return builder.objectRef<Share>(name).implement({
    fields: (t) => ({
      [field]: linkField(t, nodeRef, (s) => s.id),
      share: t.exposeFloat('share'),
    }),
  });
}

const DatanetShareRef = shareRef('DatanetShare', DatanetRef, 'datanet');
const AdapterShareRef = shareRef('AdapterShare', AdapterRef, 'adapter');
const ContributorShareRef = shareRef('ContributorShare', ContributorRef, 'contributor');
const RecordShareRef = shareRef('RecordShare', RecordRef, 'record');

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
