import { builder } from '../builder.js';
import { labelConnectionField, neighbourConnectionField } from '../connections.js';
import { nodeByIdField, nodeType } from '../node-type.js';
import { DatanetRef, RecordRef } from '../refs.js';
import { RecordStatus } from './record.js';

export const DatanetAdmission = builder.enumType('DatanetAdmission', {
  description: 'OPEN: records are accepted on submit. REVIEWED: records wait for a validator.',
  values: ['OPEN', 'REVIEWED'] as const,
});

nodeType(DatanetRef, {
  description: 'A curated dataset: records contributed to one domain, reviewed or open.',
  fields: (t) => ({
    name: t.exposeString('name'),
    description: t.exposeString('description'),
    domain: t.string({ nullable: true, resolve: (d) => d.domain ?? null }),
    admission: t.field({ type: DatanetAdmission, resolve: (d) => d.admission }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    records: neighbourConnectionField(
      t,
      RecordRef,
      'DatanetRecordConnection',
      { parentLabel: 'Datanet', pattern: '(n:Record)-[:IN]->(p)', where: '($status IS NULL OR n.status = $status)' },
      {
        description: 'Records submitted to this datanet, in id order; optionally only those with one status.',
        filter: {
          args: { status: t.arg({ type: RecordStatus, required: false }) },
          params: (args: { status?: string | null }) => ({ status: args.status ?? null }),
        },
      },
    ),
  }),
});

builder.queryFields((t) => ({
  datanet: nodeByIdField(t, DatanetRef),
  datanets: labelConnectionField(t, DatanetRef),
}));
