import { builder } from '../builder.js';
import { linked, loadedNodeType, optionalLink } from '../nodes.js';
import { ContentClusterRef, ContributorRef, DatanetRef, RecordRef } from '../refs.js';

export const RecordStatus = builder.enumType('RecordStatus', {
  description: 'PENDING until a validator decides (REVIEWED datanets); OPEN datanets accept on submit.',
  values: ['PENDING', 'ACCEPTED', 'REJECTED'] as const,
});

loadedNodeType(RecordRef, 'One contributed passage of text, in one datanet.', (t) => ({
  contentHash: t.exposeString('contentHash', { description: 'Lowercase hex SHA-256 of the normalised text.' }),
  text: t.exposeString('text'),
  license: t.exposeString('license'),
  status: t.field({ type: RecordStatus, resolve: (r) => r.status }),
  submittedAt: t.expose('submittedAt', { type: 'DateTime' }),
  acceptedAt: t.field({ type: 'DateTime', nullable: true, resolve: (r) => r.acceptedAt ?? null }),
  datanet: t.field({ type: DatanetRef, resolve: (r, _a, ctx) => linked(ctx.loaders.Datanet, r.datanetId) }),
  contributor: t.field({ type: ContributorRef, resolve: (r, _a, ctx) => linked(ctx.loaders.Contributor, r.contributorId) }),
  cluster: t.field({
    type: ContentClusterRef,
    nullable: true,
    description: 'The dedup group of this text (exact and near duplicates); its first accepted record owns it.',
    resolve: (r, _a, ctx) => optionalLink(ctx.loaders.ContentCluster, r.clusterId),
  }),
}));

loadedNodeType(ContentClusterRef, 'Records with the same or nearly the same text. Only the owner record earns credit.', (t) => ({
  contentHash: t.exposeString('contentHash'),
  owner: t.field({
    type: RecordRef,
    nullable: true,
    description: 'The first accepted record of the cluster; null while none is accepted.',
    resolve: (c, _a, ctx) => optionalLink(ctx.loaders.Record, c.ownerRecordId),
  }),
}));
