import { builder } from '../builder.js';
import { connectionComplexity, labelConnectionField, pageArgs, resolveNeighbourConnection, totalCountField } from '../connections.js';
import { nodeByIdField, nodeType } from '../node-type.js';
import { DatanetRef, RecordRef } from '../refs.js';
import type { RecordShape } from '../../store/shapes.js';
import { RecordStatus } from './record.js';

export const DatanetAdmission = builder.enumType('DatanetAdmission', {
  description: 'OPEN: records are accepted on submit. REVIEWED: records wait for a validator.',
  values: ['OPEN', 'REVIEWED'] as const,
});

export const DatanetConnection = builder.connectionObject({ type: DatanetRef, name: 'DatanetConnection', ...totalCountField });
export const DatanetRecordConnection = builder.connectionObject({ type: RecordRef, name: 'DatanetRecordConnection', ...totalCountField });

nodeType(DatanetRef, {
  description: 'A curated dataset: records contributed to one domain, reviewed or open.',
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
  datanet: nodeByIdField(t, DatanetRef),
  datanets: labelConnectionField(t, DatanetConnection, 'Datanet'),
}));
