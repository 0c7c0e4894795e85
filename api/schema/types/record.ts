import { builder } from '../builder.js';
import { linkField, loadedNodeType, optionalLinkField } from '../nodes.js';
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
  datanet: linkField(t, DatanetRef, (r) => r.datanetId),
  contributor: linkField(t, ContributorRef, (r) => r.contributorId),
  cluster: optionalLinkField(t, ContentClusterRef, (r) => r.clusterId, 'The dedup group of this text (exact and near duplicates); its first accepted record owns it.'),
}));

loadedNodeType(ContentClusterRef, 'Records with the same or nearly the same text. Only the owner record earns credit.', (t) => ({
  contentHash: t.exposeString('contentHash'),
  owner: optionalLinkField(t, RecordRef, (c) => c.ownerRecordId, 'The first accepted record of the cluster; null while none is accepted.'),
}));
