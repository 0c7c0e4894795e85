import { builder } from '../builder.js';
import { exportProv, PROV_DEFAULT_PAGE } from '../../use-cases/export-prov.js';

/**
 * `prov(of:)`: the same W3C PROV-O JSON-LD document as `GET /prov/{globalId}` (docs/architecture.md#prov-o-export),
 * for clients that already speak GraphQL. The document names its context by URL; IRIs are the nodes' PROV URLs.
 */
builder.queryField('prov', (t) =>
  t.field({
    type: 'JSON',
    description: "The upstream lineage of `of` as one page of W3C PROV-O JSON-LD (the document GET /prov/{globalId} serves); the page node's nextPage holds the next page's URL, its `after` parameter the cursor.",
    args: {
      of: t.arg.id({ required: true }),
      maxDepth: t.arg.int({ defaultValue: 1 }),
      first: t.arg.int({ defaultValue: PROV_DEFAULT_PAGE }),
      after: t.arg.string({ required: false }),
    },
    complexity: (args) => ({ field: 5, multiplier: args.first ?? PROV_DEFAULT_PAGE }),
    resolve: (_root, args, ctx) => exportProv(ctx.graph, ctx.origin, { of: String(args.of), maxDepth: args.maxDepth, first: args.first, after: args.after }),
  }),
);
