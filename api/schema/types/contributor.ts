import { builder } from '../builder.js';
import { labelConnectionField, neighbourConnectionField, totalCountField } from '../connections.js';
import { nodeByIdField, nodeType } from '../node-type.js';
import { ContributorRef, RecordRef } from '../refs.js';

export const ContributorConnection = builder.connectionObject({ type: ContributorRef, name: 'ContributorConnection', ...totalCountField });
export const ContributionConnection = builder.connectionObject({ type: RecordRef, name: 'ContributionConnection', ...totalCountField });

nodeType(ContributorRef, {
  description: 'A person or organisation who contributes records, reviews them, or builds adapters and models.',
  fields: (t) => ({
    handle: t.exposeString('handle'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    contributions: neighbourConnectionField(
      t,
      ContributionConnection,
      { parentLabel: 'Contributor', pattern: '(p)-[:CONTRIBUTED]->(n:Record)' },
      'Records this contributor submitted, in id order.',
    ),
  }),
});

builder.queryFields((t) => ({
  contributor: nodeByIdField(t, ContributorRef),
  contributors: labelConnectionField(t, ContributorConnection, 'Contributor'),
}));
