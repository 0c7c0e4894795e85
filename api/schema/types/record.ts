import { builder } from '../builder.js';
import { linkField, nodeType, optionalLinkField } from '../node-type.js';
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
    datanet: linkField(t, DatanetRef, (r) => r.datanetId),
    contributor: linkField(t, ContributorRef, (r) => r.contributorId),
    cluster: optionalLinkField(
      t,
      ContentClusterRef,
      (r) => r.clusterId,
      'The dedup group of this text (exact and near duplicates); its first accepted record owns it.',
    ),
  }),
});

nodeType(ContentClusterRef, {
  description: 'Records with the same or nearly the same text. Only the owner record earns credit.',
  fields: (t) => ({
    contentHash: t.exposeString('contentHash'),
    owner: optionalLinkField(t, RecordRef, (c) => c.ownerRecordId, 'The first accepted record of the cluster; null while none is accepted.'),
  }),
});
