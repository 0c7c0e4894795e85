import { builder } from '../builder.js';
import { labelConnectionField, neighbourConnectionField } from '../connections.js';
import { nodeByIdField, nodeType } from '../node-type.js';
import { ContributorRef, RecordRef } from '../refs.js';

nodeType(ContributorRef, {
  description: 'A person or organisation who contributes records, reviews them, or builds adapters and models.',
  fields: (t) => ({
    handle: t.exposeString('handle'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    contributions: neighbourConnectionField(
      t,
      RecordRef,
      'ContributionConnection',
      { parentLabel: 'Contributor', pattern: '(p)-[:CONTRIBUTED]->(n:Record)' },
      { description: 'Records this contributor submitted, in id order.' },
    ),
  }),
});

builder.queryFields((t) => ({
  contributor: nodeByIdField(t, ContributorRef),
  contributors: labelConnectionField(t, ContributorRef),
}));
