import { builder } from '../builder.js';
import { labelConnection, totalCountField } from '../connections.js';
import { linkField, loadedNodeType } from '../nodes.js';
import { badInput } from '../../core/errors.js';
import { decodeGlobalIdOf } from '../../core/global-id.js';
import { ModelRef, OutputRef } from '../refs.js';
import { AttributionRef } from './attribution.js';
import { storedAttribution } from '../../store/reads/influences.js';
import { selectsAny } from '../selection.js';
import type { StrataContext } from '../../context.js';
import type { GraphQLResolveInfo } from 'graphql';
import { CONTENT_HASH_PATTERN, contentHash } from '../../core/normalize.js';

export const OutputConnection = builder.connectionObject({ type: OutputRef, name: 'OutputConnection', ...totalCountField });

loadedNodeType(OutputRef, 'A text a model generated, with the attribution Strata computed for it.', (t) => ({
  contentHash: t.exposeString('contentHash', { description: 'Lowercase hex SHA-256 of the normalised text.' }),
  text: t.exposeString('text'),
  prompt: t.string({ nullable: true, resolve: (o) => o.prompt ?? null }),
  createdAt: t.expose('createdAt', { type: 'DateTime' }),
  fee: t.field({ type: 'BigInt', nullable: true, resolve: (o) => o.fee ?? null }),
  model: linkField(t, ModelRef, (o) => o.modelId, 'the model of an output'),
  attribution: t.field({
    type: AttributionRef,
    nullable: true,
    description: 'Null while no attribution has been computed for this output.',
    resolve: async (o, _a, ctx) => storedAttribution(o, await ctx.loaders.influences.load(o.id)),
  }),
}));

/** Loads an output; when the query asks for its model or attribution, they come in the same round trip. */
function loadOutput(id: string, ctx: StrataContext, info: GraphQLResolveInfo) {
  if (!selectsAny(info, ['model', 'attribution'])) return ctx.loaders.Output.load(id);
  return ctx.loaders.outputProvenance.load(id);
}

builder.queryFields((t) => ({
  output: t.field({
    type: OutputRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx, info) => loadOutput(decodeGlobalIdOf('Output', String(args.id)), ctx, info),
  }),
  outputByContent: t.field({
    type: OutputRef,
    nullable: true,
    description:
      'The most recent output with this text (normalised: NFKC, whitespace runs to one space, trimmed), this contentHash, or this wordsHash; give exactly one. ' +
      'wordsHash is the rendering-proof hash of the text\'s canonical word sequence (the tokenizer\'s words without markdown syntax a renderer hides), ' +
      'so a page that renders the output\'s markdown finds it without sending its text: docs/architecture.md#the-words-hash.',
    args: {
      text: t.arg.string({ required: false }),
      contentHash: t.arg.string({ required: false }),
      wordsHash: t.arg.string({ required: false }),
    },
    resolve: async (_root, args, ctx) => {
      const given = [args.text, args.contentHash, args.wordsHash].filter((x) => x != null).length;
      if (given !== 1) throw badInput('Give exactly one of text, contentHash or wordsHash.', 'text');
      if (args.wordsHash != null) {
        if (!CONTENT_HASH_PATTERN.test(args.wordsHash)) throw badInput('wordsHash must be 64 lowercase hex characters (SHA-256).', 'wordsHash');
        return ctx.loaders.outputByWordsHash.load(args.wordsHash);
      }
      const hash = args.text != null ? contentHash(args.text) : args.contentHash!;
      if (!CONTENT_HASH_PATTERN.test(hash)) throw badInput('contentHash must be 64 lowercase hex characters (SHA-256).', 'contentHash');
      return ctx.loaders.outputByContentHash.load(hash);
    },
  }),
  outputs: t.field({ type: OutputConnection, ...labelConnection(t.arg, 'Output') }),
}));
