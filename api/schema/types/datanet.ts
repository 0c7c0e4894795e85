import { builder } from '../builder.js';
import { connectionComplexity, labelConnection, pageArgs, resolveNeighbourConnection, totalCountField } from '../connections.js';
import { loadWritten } from '../mutation-field.js';
import { loadedNodeType, nodeById, optionalLinkField } from '../nodes.js';
import { ContributorRef, DatanetRef, RecordRef } from '../refs.js';
import type { RecordShape } from '../../store/shapes.js';
import { NEIGHBOUR_LISTS } from '../../store/reads/pages.js';
import { RecordStatus } from './record.js';

export const DatanetAdmission = builder.enumType('DatanetAdmission', {
  description: 'OPEN: records are accepted on submit. REVIEWED: records wait for a validator.',
  values: ['OPEN', 'REVIEWED'] as const,
});

export const DatanetConnection = builder.connectionObject({ type: DatanetRef, name: 'DatanetConnection', ...totalCountField });
export const DatanetRecordConnection = builder.connectionObject({ type: RecordRef, name: 'DatanetRecordConnection', ...totalCountField });

loadedNodeType(DatanetRef, 'A curated dataset: records contributed to one domain, reviewed or open.', (t) => ({
  name: t.exposeString('name'),
  description: t.exposeString('description'),
  domain: t.string({ nullable: true, resolve: (d) => d.domain ?? null }),
  admission: t.field({ type: DatanetAdmission, resolve: (d) => d.admission }),
  createdAt: t.expose('createdAt', { type: 'DateTime' }),
  owner: optionalLinkField(t, ContributorRef, (d) => d.ownerId, 'Who created it and runs it (null: created with the admin key).'),
  validators: t.field({
    type: [ContributorRef],
    description: 'The validators its owner appointed (besides holders of the VALIDATOR role), in id order.',
    resolve: async (d, _a, ctx) => loadWritten(ctx.loaders.Contributor, await ctx.loaders.datanetValidators.load(d.id), 'an appointed validator'),
  }),
  records: t.field({
    type: DatanetRecordConnection,
    description: 'Records submitted to this datanet, in id order; optionally only those with one status.',
    args: { ...pageArgs(t.arg), status: t.arg({ type: RecordStatus, required: false }) },
    complexity: connectionComplexity,
    resolve: (d, args, ctx) =>
      resolveNeighbourConnection<RecordShape>(ctx.graph, NEIGHBOUR_LISTS.datanetRecords, d.id, args, { status: args.status ?? null }),
  }),
}));

builder.queryFields((t) => ({
  datanet: t.field({ type: DatanetRef, ...nodeById(t.arg, 'Datanet') }),
  datanets: t.field({ type: DatanetConnection, ...labelConnection(t.arg, 'Datanet') }),
}));
