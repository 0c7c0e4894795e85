import { builder } from '../builder.js';
import { AdapterRef, BaseModelRef, ModelRef } from '../refs.js';
import { idempotencyKeyInput, loadWritten } from './mutation-support.js';
import { actorOf } from '../../use-cases/actor.js';
import { registerAdapter, registerAdapterInput, type RegisterAdapterResult } from '../../use-cases/register-adapter.js';
import { registerBaseModel, registerBaseModelInput, type RegisterBaseModelResult } from '../../use-cases/register-base-model.js';
import { registerModel, registerModelInput, type RegisterModelResult } from '../../use-cases/register-model.js';
import { parseInput } from '../../use-cases/validation.js';

const RegisterBaseModelInput = builder.inputType('RegisterBaseModelInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    family: t.string({ required: true }),
    idempotencyKey: idempotencyKeyInput(t),
  }),
});

const RegisterBaseModelPayload = builder.objectRef<RegisterBaseModelResult>('RegisterBaseModelPayload').implement({
  fields: (t) => ({
    baseModel: t.field({
      type: BaseModelRef,
      resolve: async (r, _a, ctx) => (await loadWritten(ctx.loaders.BaseModel, [r.baseModelId], 'the new base model'))[0]!,
    }),
  }),
});

builder.mutationField('registerBaseModel', (t) =>
  t.field({
    type: RegisterBaseModelPayload,
    description: 'Admins only: base models are shared foundations that adapters adapt.',
    authScopes: { admin: true },
    args: { input: t.arg({ type: RegisterBaseModelInput, required: true }) },
    resolve: (_root, args, ctx) => registerBaseModel(ctx.graph, actorOf(ctx.viewer), parseInput(registerBaseModelInput, args.input)),
  }),
);

const RegisterAdapterInput = builder.inputType('RegisterAdapterInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    baseModelId: t.id({ required: true }),
    trainedOn: t.idList({ required: true, description: 'Datanet ids (1 to 100, distinct). Each is snapshotted: records accepted later do not count for this adapter.' }),
    derivedFromId: t.id({ required: false, description: 'An adapter of the same base model this one was derived from.' }),
    idempotencyKey: idempotencyKeyInput(t),
  }),
});

const RegisterAdapterPayload = builder.objectRef<RegisterAdapterResult>('RegisterAdapterPayload').implement({
  fields: (t) => ({
    adapter: t.field({
      type: AdapterRef,
      resolve: async (r, _a, ctx) => (await loadWritten(ctx.loaders.Adapter, [r.adapterId], 'the new adapter'))[0]!,
    }),
  }),
});

builder.mutationField('registerAdapter', (t) =>
  t.field({
    type: RegisterAdapterPayload,
    description: 'Contributors register adapters they built (the caller becomes the builder).',
    authScopes: { contributor: true },
    args: { input: t.arg({ type: RegisterAdapterInput, required: true }) },
    resolve: (_root, args, ctx) => registerAdapter(ctx.graph, actorOf(ctx.viewer), parseInput(registerAdapterInput, args.input)),
  }),
);

const ModelAdapterInput = builder.inputType('ModelAdapterInput', {
  fields: (t) => ({
    adapterId: t.id({ required: true }),
    weight: t.float({ required: true, description: 'Finite and ≥ 0.' }),
  }),
});

const RegisterModelInput = builder.inputType('RegisterModelInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    version: t.string({ required: true }),
    baseModelId: t.id({ required: true }),
    adapters: t.field({ type: [ModelAdapterInput], required: true, description: '1 to 50 distinct adapters, all of the model\'s base model.' }),
    previousVersionId: t.id({ required: false, description: 'Your model this version succeeds.' }),
    idempotencyKey: idempotencyKeyInput(t),
  }),
});

const RegisterModelPayload = builder.objectRef<RegisterModelResult>('RegisterModelPayload').implement({
  fields: (t) => ({
    model: t.field({
      type: ModelRef,
      resolve: async (r, _a, ctx) => (await loadWritten(ctx.loaders.Model, [r.modelId], 'the new model'))[0]!,
    }),
  }),
});

builder.mutationField('registerModel', (t) =>
  t.field({
    type: RegisterModelPayload,
    description: 'Contributors register model versions they own: a base model plus weighted adapters of that base model.',
    authScopes: { contributor: true },
    args: { input: t.arg({ type: RegisterModelInput, required: true }) },
    resolve: (_root, args, ctx) => registerModel(ctx.graph, actorOf(ctx.viewer), parseInput(registerModelInput, args.input)),
  }),
);
