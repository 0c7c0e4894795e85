import { builder } from '../builder.js';
import { connectionComplexity, pageArgs, resolveLabelConnection, resolveNeighbourConnection, totalCountField } from '../connections.js';
import { decodeGlobalIdOf } from '../../core/global-id.js';
import { DatanetRef, RecordRef } from '../refs.js';
import type { DatanetShape, RecordShape } from '../../store/shapes.js';
import { RecordStatus } from './record.js';

export const DatanetAdmission = builder.enumType('DatanetAdmission', {
  description: 'OPEN: records are accepted on submit. REVIEWED: records wait for a validator.',
  values: ['OPEN', 'REVIEWED'] as const,
});

export const DatanetConnection = builder.connectionObject({ type: DatanetRef, name: 'DatanetConnection', ...totalCountField });
export const DatanetRecordConnection = builder.connectionObject({ type: RecordRef, name: 'DatanetRecordConnection', ...totalCountField });

builder.node(DatanetRef, {
  description: 'A curated dataset: records contributed to one domain, reviewed or open.',
  id: { resolve: (d) => d.id },
  loadOne: (id, ctx) => ctx.loaders.Datanet.load(id),
  isTypeOf: (value) => (value as { __typename?: string }).__typename === 'Datanet',
  fields: (t) => ({
    name: t.exposeString('name'),
    description: t.exposeString('description'),
    domain: t.string({ nullable: true, resolve: (d) => d.domain ?? null }),
    admission: t.field({ type: DatanetAdmission, resolve: (d) => d.admission }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    records: t.field({
      type: DatanetRecordConnection,
      description: 'Records submitted to this datanet, in id order; optionally only those with one status.',
      args: { ...pageArgs(t.arg), status: t.arg({ type: RecordStatus, required: false }) },
      complexity: connectionComplexity,
      resolve: (d, args, ctx) =>
        resolveNeighbourConnection<RecordShape>(
          ctx.graph,
          { parentLabel: 'Datanet', pattern: '(n:Record)-[:IN]->(p)', where: '($status IS NULL OR n.status = $status)' },
          d.id,
          args,
          { status: args.status ?? null },
        ),
    }),
  }),
});

builder.queryFields((t) => ({
  datanet: t.field({
    type: DatanetRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => ctx.loaders.Datanet.load(decodeGlobalIdOf('Datanet', String(args.id))) as Promise<DatanetShape | null>,
  }),
  datanets: t.field({
    type: DatanetConnection,
    args: pageArgs(t.arg),
    complexity: connectionComplexity,
    resolve: (_root, args, ctx) => resolveLabelConnection<DatanetShape>(ctx.graph, 'Datanet', args),
  }),
}));
