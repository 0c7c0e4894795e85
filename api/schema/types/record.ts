import { builder } from '../builder.js';
import { nodeType } from '../node-type.js';
import { required } from '../required.js';
import { ContentClusterRef, ContributorRef, DatanetRef, RecordRef } from '../refs.js';
import type { ContentClusterShape, ContributorShape, DatanetShape, RecordShape } from '../../store/shapes.js';

export const RecordStatus = builder.enumType('RecordStatus', {
  description: 'PENDING until a validator decides (REVIEWED datanets); OPEN datanets accept on submit.',
  values: ['PENDING', 'ACCEPTED', 'REJECTED'] as const,
});

nodeType(RecordRef, {
  description: 'One contributed passage of text, in one datanet.',
  fields: (t) => ({
    contentHash: t.exposeString('contentHash', { description: 'Lowercase hex SHA-256 of the normalised text.' }),
    text: t.exposeString('text'),
    license: t.exposeString('license'),
    status: t.field({ type: RecordStatus, resolve: (r) => r.status }),
    submittedAt: t.expose('submittedAt', { type: 'DateTime' }),
    acceptedAt: t.field({ type: 'DateTime', nullable: true, resolve: (r) => r.acceptedAt ?? null }),
    datanet: t.field({
      type: DatanetRef,
      resolve: async (r, _a, ctx) => required(await ctx.loaders.Datanet.load(r.datanetId)),
    }),
    contributor: t.field({
      type: ContributorRef,
      resolve: async (r, _a, ctx) => required(await ctx.loaders.Contributor.load(r.contributorId)),
    }),
    cluster: t.field({
      type: ContentClusterRef,
      nullable: true,
      description: 'The dedup group of this text (exact and near duplicates); its first accepted record owns it.',
      resolve: async (r, _a, ctx) => (r.clusterId ? (await ctx.loaders.ContentCluster.load(r.clusterId)) : null),
    }),
  }),
});

nodeType(ContentClusterRef, {
  description: 'Records with the same or nearly the same text. Only the owner record earns credit.',
  fields: (t) => ({
    contentHash: t.exposeString('contentHash'),
    owner: t.field({
      type: RecordRef,
      nullable: true,
      description: 'The first accepted record of the cluster; null while none is accepted.',
      resolve: async (c, _a, ctx) => (c.ownerRecordId ? (await ctx.loaders.Record.load(c.ownerRecordId)) : null),
    }),
  }),
});
