import { builder } from '../builder.js';
import { linkField } from '../nodes.js';
import { DatanetRef } from '../refs.js';
import { governanceMetrics, type GovernanceMetricsShape } from '../../use-cases/governance-metrics.js';
import { MAX_METRICS_DATANETS } from '../../store/reads/governance-metrics.js';

const DatanetHealthRef = builder.objectRef<GovernanceMetricsShape['datanets'][number]>('DatanetHealth').implement({
  description: 'A datanet\'s records, how many are duplicates (their content cluster is owned by another record) or rejected, and whether voters suspended it.',
  fields: (t) => ({
    datanet: linkField(t, DatanetRef, (h) => h.datanetId, 'a datanet'),
    records: t.exposeInt('records'),
    duplicates: t.exposeInt('duplicates'),
    rejected: t.exposeInt('rejected'),
    duplicateRate: t.exposeFloat('duplicateRate'),
    rejectionRate: t.exposeFloat('rejectionRate'),
    suspended: t.exposeBoolean('suspended', { description: 'Its records earn no attribution credit (a DATANET_ELIGIBILITY decision).' }),
  }),
});

const GovernanceMetricsRef = builder.objectRef<GovernanceMetricsShape>('GovernanceMetrics').implement({
  description: 'What voters watch (docs/architecture.md#governance).',
  fields: (t) => ({
    openProposals: t.exposeInt('openProposals'),
    contributorsPaid: t.exposeInt('contributorsPaid'),
    contributorEarnings: t.field({ type: 'BigInt', description: 'Exact sum of every payout to a contributor.', resolve: (m) => m.contributorEarnings }),
    topTenShare: t.exposeFloat('topTenShare', { description: 'Share of contributors\' earnings going to the ten largest earners.' }),
    gini: t.exposeFloat('gini', { description: 'Gini coefficient of contributors\' earnings (0 = equal).' }),
    datanets: t.field({ type: [DatanetHealthRef], description: `The first ${MAX_METRICS_DATANETS} datanets by id.`, resolve: (m) => m.datanets }),
  }),
});

builder.queryField('governanceMetrics', (t) =>
  t.field({
    type: GovernanceMetricsRef,
    description: 'Concentration of earnings, duplicate and rejection rates per datanet, suspensions, open proposals.',
    complexity: 50,
    resolve: (_root, _args, ctx) => governanceMetrics(ctx.graph),
  }),
);
