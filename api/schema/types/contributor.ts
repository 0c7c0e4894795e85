import { builder } from '../builder.js';
import { connectionComplexity, pageArgs, resolveLabelConnection, resolveNeighbourConnection, totalCountField } from '../connections.js';
import { decodeGlobalIdOf } from '../../core/global-id.js';
import { ContributorRef, RecordRef } from '../refs.js';
import type { ContributorShape, RecordShape } from '../../store/shapes.js';

export const ContributorConnection = builder.connectionObject({ type: ContributorRef, name: 'ContributorConnection', ...totalCountField });
export const ContributionConnection = builder.connectionObject({ type: RecordRef, name: 'ContributionConnection', ...totalCountField });

builder.node(ContributorRef, {
  description: 'A person or organisation who contributes records, reviews them, or builds adapters and models.',
  id: { resolve: (c) => c.id },
  loadOne: (id, ctx) => ctx.loaders.Contributor.load(id),
  isTypeOf: (value) => (value as { __typename?: string }).__typename === 'Contributor',
  fields: (t) => ({
    handle: t.exposeString('handle'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    contributions: t.field({
      type: ContributionConnection,
      description: 'Records this contributor submitted, in id order.',
      args: pageArgs(t.arg),
      complexity: connectionComplexity,
      resolve: (c, args, ctx) =>
        resolveNeighbourConnection<RecordShape>(ctx.graph, { parentLabel: 'Contributor', pattern: '(p)-[:CONTRIBUTED]->(n:Record)' }, c.id, args),
    }),
  }),
});

builder.queryFields((t) => ({
  contributor: t.field({
    type: ContributorRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => ctx.loaders.Contributor.load(decodeGlobalIdOf('Contributor', String(args.id))) as Promise<ContributorShape | null>,
  }),
  contributors: t.field({
    type: ContributorConnection,
    args: pageArgs(t.arg),
    complexity: connectionComplexity,
    resolve: (_root, args, ctx) => resolveLabelConnection<ContributorShape>(ctx.graph, 'Contributor', args),
  }),
}));
