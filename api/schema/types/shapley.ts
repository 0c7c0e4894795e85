import { builder } from '../builder.js';
import { badInput } from '../../core/errors.js';
import { decodeGlobalIdOf } from '../../core/global-id.js';
import { ContributorRef, DatanetRef, ModelRef } from '../refs.js';
import { required } from '../required.js';
import { mutationField } from '../mutation-field.js';
import { linkField, optionalLinkField } from '../nodes.js';
import {
  coalitionsToScore, datanetShapleyOf, MAX_COALITION_PLAYERS, SAMPLED_PERMUTATIONS, shapleySeed, type DatanetShapleyShape,
} from '../../attribution/datanet-shapley.js';
import { submitCoalitionScores, submitCoalitionScoresInput } from '../../use-cases/submit-coalition-scores.js';
import { MAX_EXACT_PLAYERS, type SampledPlayerValue } from '../../attribution/shapley.js';
import { actorOf } from '../../use-cases/actor.js';
import { parseInput } from '../../use-cases/validation.js';
import { encodeGlobalId } from '../../core/global-id.js';

/** How many datanet ids coalitionsToScore lists for n datanets (an upper bound for SAMPLED). */
function coalitionIdsListed(n: number): number {
  return n <= MAX_EXACT_PLAYERS ? n * 2 ** Math.max(n - 1, 0) : SAMPLED_PERMUTATIONS * ((n * (n + 1)) / 2);
}

const ShapleyMethodEnum = builder.enumType('ShapleyMethod', {
  description: 'EXACT: every coalition (up to 15 datanets). SAMPLED: Monte Carlo over seeded player orders, with standard errors.',
  values: ['EXACT', 'SAMPLED'] as const,
});

const DatanetShapleyValueRef = builder.objectRef<SampledPlayerValue>('DatanetShapleyValue').implement({
  fields: (t) => ({
    datanet: linkField(t, DatanetRef, (v) => v.id, 'a datanet of a Shapley table'),
    value: t.exposeFloat('value', { description: 'The datanet\'s Shapley value, in the units of the submitted scores.' }),
    standardError: t.exposeFloat('standardError', { description: '0 for EXACT; for SAMPLED the standard error of the estimate.' }),
  }),
});

const DatanetShapleyRef = builder.objectRef<DatanetShapleyShape>('DatanetShapley').implement({
  description: 'Dataset-level Shapley values of a model\'s datanets, from the coalition scores its builder submitted.',
  fields: (t) => ({
    method: t.field({ type: ShapleyMethodEnum, resolve: (s) => s.method }),
    values: t.field({ type: [DatanetShapleyValueRef], description: 'One per datanet named in the scores, by datanet id.', resolve: (s) => s.values }),
    coalitionCount: t.exposeInt('coalitionCount', { description: 'Coalition scores submitted.' }),
    permutations: t.int({ nullable: true, description: 'Player orders sampled (SAMPLED only).', resolve: (s) => s.permutations }),
    seed: t.float({ nullable: true, description: 'Seed of the sampled orders (SAMPLED only): anyone can re-run the estimate.', resolve: (s) => s.seed }),
    total: t.exposeFloat('total', { description: 'score(all datanets) − score(none): what the values add up to.' }),
    submittedBy: optionalLinkField(t, ContributorRef, (s) => s.submittedBy),
    submittedAt: t.expose('submittedAt', { type: 'DateTime' }),
  }),
});

const CoalitionRef = builder.objectRef<string[]>('Coalition').implement({
  fields: (t) => ({
    datanetIds: t.idList({ resolve: (c) => c.map((id) => encodeGlobalId('Datanet', id)) }),
  }),
});

interface CoalitionPlan { method: 'EXACT' | 'SAMPLED'; permutations: number | null; coalitions: string[][] }
const CoalitionPlanRef = builder.objectRef<CoalitionPlan>('CoalitionPlan').implement({
  description: 'The coalitions a builder must score for submitCoalitionScores to accept a table over the given datanets.',
  fields: (t) => ({
    method: t.field({ type: ShapleyMethodEnum, resolve: (p) => p.method }),
    permutations: t.int({ nullable: true, resolve: (p) => p.permutations }),
    coalitions: t.field({
      type: [CoalitionRef],
      description: 'Smallest coalitions first. The empty coalition scores 0 unless submitted.',
      resolve: (p) => p.coalitions,
    }),
  }),
});

builder.objectFields(ModelRef, (t) => ({
  datanetShapley: t.field({
    type: DatanetShapleyRef,
    nullable: true,
    description: 'Shapley values of the datanets in the submitted coalition scores; null until scores are submitted.',
    resolve: async (m, _a, ctx) => {
      const stored = await ctx.loaders.coalitionScores.load(m.id);
      return stored ? datanetShapleyOf(stored) : null;
    },
  }),
  coalitionsToScore: t.field({
    type: CoalitionPlanRef,
    description: 'Which coalitions of these datanets to score: all non-empty subsets up to 15 datanets, else every prefix of the seeded player orders.',
    args: { datanetIds: t.arg.idList({ required: true }) },
    // The answer lists every coalition: 2^n − 1 of them up to 15 datanets, then every prefix of the sampled orders.
    // Charge for the ids it would list, so a request cannot ask for hundreds of MB with a few bytes of input.
    complexity: (args) => 10 + Math.ceil(coalitionIdsListed(Math.min(args.datanetIds.length, MAX_COALITION_PLAYERS)) / 25),
    resolve: async (m, args, ctx) => {
      const ids = [...new Set(args.datanetIds.map((id, i) => decodeGlobalIdOf('Datanet', String(id), `datanetIds.${i}`)))];
      if (ids.length === 0 || ids.length > MAX_COALITION_PLAYERS) throw badInput(`datanetIds must name 1 to ${MAX_COALITION_PLAYERS} datanets.`, 'datanetIds');
      // Made-up ids would make a plan for datanets that do not exist (and cost as much as real ones): refuse them.
      const found = await ctx.loaders.Datanet.loadMany(ids);
      const missing = found.findIndex((d) => d === null || d instanceof Error);
      if (missing >= 0) {
        const at = args.datanetIds.findIndex((id) => String(id) === encodeGlobalId('Datanet', ids[missing]!));
        throw badInput(`No datanet ${encodeGlobalId('Datanet', ids[missing]!)}.`, `datanetIds.${at >= 0 ? at : missing}`);
      }
      return coalitionsToScore(ids, shapleySeed(m.id));
    },
  }),
}));

const CoalitionScoreInput = builder.inputType('CoalitionScoreInput', {
  fields: (t) => ({
    datanetIds: t.idList({ required: true, description: 'The coalition: datanets of the model, in any order (empty = no datanet).' }),
    score: t.float({ required: true, description: 'What the model scored with exactly these datanets (e.g. eval accuracy).' }),
  }),
});

mutationField('submitCoalitionScores', {
  description:
    'The model\'s owner, a builder of one of its adapters, or an admin stores coalition scores (replacing earlier ones) from which Model.datanetShapley is computed. Every coalition the computation needs must be scored; a missing one is BAD_USER_INPUT naming it.',
  scope: 'authenticated',
  complexity: 50,
  input: (t) => ({
    modelId: t.id({ required: true }),
    scores: t.field({ type: [CoalitionScoreInput], required: true }),
  }),
  run: (input, ctx): Promise<{ modelId: string }> => submitCoalitionScores(ctx.graph, actorOf(ctx.viewer), parseInput(submitCoalitionScoresInput, input)),
  payload: (t) => ({
    model: linkField(t, ModelRef, (r) => r.modelId, 'the model'),
    datanetShapley: t.field({
      type: DatanetShapleyRef,
      resolve: async (r, _a, ctx) => datanetShapleyOf(required(await ctx.loaders.coalitionScores.load(r.modelId), 'the submitted coalition scores')),
    }),
  }),
});
