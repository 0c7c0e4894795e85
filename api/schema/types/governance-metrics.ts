import { builder } from '../builder.js';
import { linkField, optionalLinkField } from '../nodes.js';
import { ContributorRef, DatanetRef, ModelRef } from '../refs.js';
import { governanceMetrics, MAX_VALUE_DROP_CONTRIBUTORS, MAX_VALUE_DROPS, type GovernanceMetricsShape } from '../../use-cases/governance-metrics.js';
import { VALUE_DROP_THRESHOLD } from '../../attribution/value-history.js';
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

const threshold = `${Math.round(VALUE_DROP_THRESHOLD * 100)} %`;

const ValueDropRef = builder.objectRef<GovernanceMetricsShape['valueDrops'][number]>('ValueDrop').implement({
  description:
    `A contributor whose value for a model dropped: their mean share in a model version fell by more than ${threshold} from the version before it ` +
    '(the flag of `Contributor.valueHistory` at its default threshold, the same condition that sends a VALUE_DROPPED webhook; docs/architecture.md#governance).',
  fields: (t) => ({
    contributor: linkField(t, ContributorRef, (d) => d.contributorId, 'a contributor with a value drop'),
    model: linkField(t, ModelRef, (d) => d.modelId, 'the model version of a value drop'),
    previousVersion: optionalLinkField(t, ModelRef, (d) => d.previousVersionId, 'The version it is compared with.'),
    at: t.field({ type: 'DateTime', description: 'When the flagged model version was registered.', resolve: (d) => d.createdAt }),
    meanShareBefore: t.float({ nullable: true, description: 'The contributor\'s mean share in the previous version.', resolve: (d) => d.previousMeanShare }),
    meanShareAfter: t.float({ nullable: true, description: 'Their mean share in this version.', resolve: (d) => d.meanShare }),
    drop: t.float({ nullable: true, description: 'Relative drop: (before − after) / before.', resolve: (d) => d.dropFromPrevious }),
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
    valueDrops: t.field({
      type: [ValueDropRef],
      description:
        `Contributors with flagged value drops (docs/architecture.md#governance): each model version in which a contributor's mean share fell by more than ${threshold} ` +
        'from the version before, as `Contributor.valueHistory { flagged }` and the VALUE_DROPPED webhook report it. Newest version first; ' +
        `at most ${MAX_VALUE_DROPS}, from the first ${MAX_VALUE_DROP_CONTRIBUTORS} contributors (by id) credited by a model version that has a later version.`,
      resolve: (m) => m.valueDrops,
    }),
    valueDropsTruncated: t.exposeBoolean('valueDropsTruncated', { description: 'True when valueDrops reached one of its bounds, so some drops are not listed.' }),
  }),
});

builder.queryField('governanceMetrics', (t) =>
  t.field({
    type: GovernanceMetricsRef,
    description: 'Concentration of earnings, duplicate and rejection rates per datanet, suspensions, contributors with flagged value drops, open proposals.',
    complexity: 50,
    resolve: (_root, _args, ctx) => governanceMetrics(ctx.graph),
  }),
);
