import { builder } from '../builder.js';
import { AdapterRef, BaseModelRef, ModelRef } from '../refs.js';
import { mutationField } from '../mutation-field.js';
import { linkField } from '../nodes.js';
import { actorOf } from '../../use-cases/actor.js';
import { registerAdapter, registerAdapterInput, type RegisterAdapterResult } from '../../use-cases/register-adapter.js';
import { registerBaseModel, registerBaseModelInput, type RegisterBaseModelResult } from '../../use-cases/register-base-model.js';
import { registerModel, registerModelInput, type RegisterModelResult } from '../../use-cases/register-model.js';
import { parseInput } from '../../use-cases/validation.js';

mutationField('registerBaseModel', {
  description: 'Admins only: base models are shared foundations that adapters adapt.',
  scope: 'admin',
  input: (t) => ({
    name: t.string({ required: true }),
    family: t.string({ required: true }),
  }),
  run: (input, ctx): Promise<RegisterBaseModelResult> => registerBaseModel(ctx.graph, actorOf(ctx.viewer), parseInput(registerBaseModelInput, input)),
  payload: (t) => ({
    baseModel: linkField(t, BaseModelRef, (r) => r.baseModelId, 'the new base model'),
  }),
});

mutationField('registerAdapter', {
  description: 'Contributors register adapters they built (the caller becomes the builder).',
  scope: 'contributor',
  input: (t) => ({
    name: t.string({ required: true }),
    baseModelId: t.id({ required: true }),
    trainedOn: t.idList({ required: true, description: 'Datanet ids (1 to 100, distinct). Each is snapshotted: records accepted later do not count for this adapter.' }),
    derivedFromId: t.id({ required: false, description: 'An adapter of the same base model this one was derived from.' }),
  }),
  run: (input, ctx): Promise<RegisterAdapterResult> => registerAdapter(ctx.graph, actorOf(ctx.viewer), parseInput(registerAdapterInput, input)),
  payload: (t) => ({
    adapter: linkField(t, AdapterRef, (r) => r.adapterId, 'the new adapter'),
  }),
});

const ModelAdapterInput = builder.inputType('ModelAdapterInput', {
  fields: (t) => ({
    adapterId: t.id({ required: true }),
    weight: t.float({ required: true, description: 'Finite and ≥ 0.' }),
  }),
});

mutationField('registerModel', {
  description: 'Contributors register model versions they own: a base model plus weighted adapters of that base model.',
  scope: 'contributor',
  input: (t) => ({
    name: t.string({ required: true }),
    version: t.string({ required: true }),
    baseModelId: t.id({ required: true }),
    adapters: t.field({ type: [ModelAdapterInput], required: true, description: '1 to 50 distinct adapters, all of the model\'s base model.' }),
    previousVersionId: t.id({ required: false, description: 'Your model this version succeeds.' }),
  }),
  run: (input, ctx): Promise<RegisterModelResult> => registerModel(ctx.graph, actorOf(ctx.viewer), parseInput(registerModelInput, input)),
  payload: (t) => ({
    model: linkField(t, ModelRef, (r) => r.modelId, 'the new model'),
  }),
});
