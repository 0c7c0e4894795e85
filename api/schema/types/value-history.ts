import { builder } from '../builder.js';
import { ContributorRef, ModelRef } from '../refs.js';
import { required } from '../required.js';
import { VALUE_DROP_THRESHOLD, type ContributorModelValue } from '../../attribution/value-history.js';
import { contributorValueHistory } from '../../use-cases/value-history.js';

const ContributorModelValueRef = builder.objectRef<ContributorModelValue>('ContributorModelValue').implement({
  description: 'A contributor\'s share and earnings from one model version, compared with the version before it.',
  fields: (t) => ({
    model: t.field({ type: ModelRef, resolve: async (v, _a, ctx) => required(await ctx.loaders.Model.load(v.modelId), 'a model of a value history') }),
    previousVersion: t.field({
      type: ModelRef,
      nullable: true,
      resolve: async (v, _a, ctx) => (v.previousVersionId ? ctx.loaders.Model.load(v.previousVersionId) : null),
    }),
    outputsAttributed: t.exposeInt('outputsAttributed', { description: 'Outputs of this version that carry an attribution.' }),
    outputsCredited: t.exposeInt('outputsCredited', { description: 'Of those, how many credit this contributor at all.' }),
    meanShare: t.float({
      nullable: true,
      description: 'The contributor\'s share averaged over the attributed outputs (0 for an output that does not credit them); null while there are none.',
      resolve: (v) => v.meanShare,
    }),
    totalCredit: t.exposeFloat('totalCredit', { description: 'The contributor\'s shares summed over this version\'s outputs.' }),
    earnings: t.field({ type: 'BigInt', description: 'Payouts to the contributor from this version\'s outputs (all roles).', resolve: (v) => v.earnings }),
    dropFromPrevious: t.float({
      nullable: true,
      description: 'Relative drop of meanShare from the previous version: (previous − this) / previous; negative for a rise; null when there is nothing to compare.',
      resolve: (v) => v.dropFromPrevious,
    }),
    flagged: t.exposeBoolean('flagged', { description: 'True when dropFromPrevious exceeds the threshold.' }),
  }),
});

builder.objectField(ContributorRef, 'valueHistory', (t) =>
  t.field({
    type: [ContributorModelValueRef],
    description:
      'Per model version (oldest first): the versions whose outputs credited or paid this contributor, plus their later versions. Flags a version whose mean share dropped by more than `threshold` (relative) from its previous version.',
    args: { threshold: t.arg.float({ required: false, defaultValue: VALUE_DROP_THRESHOLD, description: 'Relative drop that raises the flag, from 0 to 1.' }) },
    complexity: 20,
    resolve: (c, args, ctx) => contributorValueHistory(ctx.graph, c.id, args.threshold ?? VALUE_DROP_THRESHOLD),
  }),
);
