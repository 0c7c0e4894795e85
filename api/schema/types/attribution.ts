import type { ObjectRef } from '@pothos/core';
import { builder, type StrataTypes } from '../builder.js';
import { AdapterRef, ContributorRef, DatanetRef, RecordRef } from '../refs.js';
import { linkField } from '../nodes.js';
import { exactOnlyCoverage, type AttributionShape, type KindCoverage, type SpanShape } from '../../attribution/attribution-shape.js';
import { CONTEXT_CHARS, locateSpan, sourceContext, type SourceContext } from '../../attribution/source-context.js';
import { TOKENIZER_VERSION } from '../../attribution/trace/tokenize.js';
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

export const SpanKindEnum = builder.enumType('SpanKind', {
  description: 'The evidence tier of a span (docs/architecture.md#attribution).',
  values: {
    EXACT: { description: 'The passage occurs in the source word for word (in canonical tokens: case, look-alike letters, diacritics, dashes, numbers and the like do not count as differences).' },
    NEAR: { description: 'The source holds the passage with a few words changed, dropped or inserted; `similarity` says how close.' },
    SEMANTIC: { description: 'The source says the same in other words (paraphrase evidence).' },
  } as const,
});

interface SpanSourceParent {
  recordId: string;
  located: SourceContext;
}

const SpanSourceRef = builder.objectRef<SpanSourceParent>('SpanSource').implement({
  description: 'Where a span is in one source record: the matched passage with some text around it.',
  fields: (t) => ({
    record: linkField(t, RecordRef, (s) => s.recordId),
    context: t.string({ description: `The matched passage with up to ${CONTEXT_CHARS} characters of the record on each side.`, resolve: (s) => s.located.context }),
    matchStart: t.int({ description: 'UTF-16 offset of the matched passage in `context`.', resolve: (s) => s.located.matchStart }),
    matchEnd: t.int({ description: 'UTF-16 offset just past the matched passage in `context`.', resolve: (s) => s.located.matchEnd }),
  }),
});

const KindCoverageRef = builder.objectRef<KindCoverage>('KindCoverage').implement({
  description: 'Share of the output explained at one evidence tier.',
  fields: (t) => ({
    kind: t.field({ type: SpanKindEnum, resolve: (k) => k.kind }),
    coverage: t.exposeFloat('coverage'),
  }),
});

export const TraceSpanRef = builder.objectRef<SpanShape>('TraceSpan').implement({
  description: 'A passage of the output found in source records, at one evidence tier. Offsets are UTF-16 code units.',
  fields: (t) => ({
    start: t.exposeInt('start'),
    end: t.exposeInt('end'),
    text: t.exposeString('text'),
    kind: t.field({ type: SpanKindEnum, resolve: (s) => s.kind ?? 'EXACT' }),
    similarity: t.float({ description: '1 for EXACT; how close the source passage is for NEAR and SEMANTIC (0..1).', resolve: (s) => s.similarity ?? 1 }),
    records: t.field({
      type: [RecordRef],
      resolve: async (s, _a, ctx) => (await ctx.loaders.Record.loadMany(s.recordIds)).filter((r) => r != null && !(r instanceof Error)) as never,
    }),
    sources: t.field({
      type: [SpanSourceRef],
      description: 'One per record of `records` whose text holds the passage, in the same order.',
      resolve: async (s, _a, ctx) => {
        // Spans of span-trace/1 carry no offsets: the passage is found in each record by its words (tokenizer 1).
        const version = s.kind === undefined ? 1 : TOKENIZER_VERSION;
        const wanted = s.sources ?? s.recordIds.map((recordId) => ({ recordId, tokenStart: -1, tokenEnd: -1 }));
        const records = await ctx.loaders.Record.loadMany(wanted.map((w) => w.recordId));
        const out: SpanSourceParent[] = [];
        wanted.forEach((w, i) => {
          const record = records[i];
          if (record == null || record instanceof Error) return;
          const located = w.tokenStart >= 0 ? sourceContext(record.text, w.tokenStart, w.tokenEnd, version) : locateSpan(record.text, s.text, version);
          if (located) out.push({ recordId: w.recordId, located });
        });
        return out;
      },
    }),
  }),
});

export const AttributionRef = builder.objectRef<AttributionShape>('Attribution').implement({
  description:
    'Who made an output and how much each counted. Each share list sums to 1 when anything is attributed and is empty otherwise; coverage says how much of the output is explained at all.',
  fields: (t) => ({
    method: t.exposeString('method'),
    methodVersion: t.exposeString('methodVersion'),
    embeddingModel: t.string({
      nullable: true,
      description:
        'The sentence-embedding model the paraphrase (SEMANTIC) tier ran, when it took part (the method version then says +semantic/N); null otherwise. docs/architecture.md#the-paraphrase-tier-semantic',
      resolve: (a) => a.embeddingModel ?? null,
    }),
    coverage: t.exposeFloat('coverage'),
    coverageByKind: t.field({
      type: [KindCoverageRef],
      description: 'Coverage per evidence tier (every tier listed; they sum to coverage).',
      resolve: (a) => a.coverageByKind ?? exactOnlyCoverage(a.coverage),
    }),
    datanets: t.field({ type: [DatanetShareRef], resolve: (a) => a.datanets }),
    adapters: t.field({ type: [AdapterShareRef], resolve: (a) => a.adapters }),
    contributors: t.field({ type: [ContributorShareRef], resolve: (a) => a.contributors }),
    records: t.field({ type: [RecordShareRef], resolve: (a) => a.records }),
    spans: t.field({ type: [TraceSpanRef], resolve: (a) => a.spans }),
  }),
});
