import { builder } from '../builder.js';
import { labelConnection, neighbourConnection, totalCountField } from '../connections.js';
import { loadedNodeType, nodeById } from '../nodes.js';
import { ContributorRef, RecordRef } from '../refs.js';
import type { RecordShape } from '../../store/shapes.js';
import { NEIGHBOUR_LISTS } from '../../store/reads/pages.js';

export const ContributorConnection = builder.connectionObject({ type: ContributorRef, name: 'ContributorConnection', ...totalCountField });
export const ContributionConnection = builder.connectionObject({ type: RecordRef, name: 'ContributionConnection', ...totalCountField });

loadedNodeType(ContributorRef, 'A person or organisation who contributes records, reviews them, or builds adapters and models.', (t) => ({
  handle: t.exposeString('handle'),
  createdAt: t.expose('createdAt', { type: 'DateTime' }),
  contributions: t.field({
    type: ContributionConnection,
    description: 'Records this contributor submitted, in id order.',
    ...neighbourConnection<RecordShape>(t.arg, NEIGHBOUR_LISTS.contributorRecords),
  }),
}));

builder.queryFields((t) => ({
  contributor: t.field({ type: ContributorRef, ...nodeById(t.arg, 'Contributor') }),
  contributors: t.field({ type: ContributorConnection, ...labelConnection(t.arg, 'Contributor') }),
}));
