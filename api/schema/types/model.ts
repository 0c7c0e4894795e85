import { builder } from '../builder.js';
import { required } from '../required.js';
import { connectionComplexity, pageArgs, resolveLabelConnection, resolveNeighbourConnection, totalCountField } from '../connections.js';
import { decodeGlobalIdOf } from '../../core/global-id.js';
import { AdapterRef, BaseModelRef, ContributorRef, DatanetRef, ModelRef, OutputRef } from '../refs.js';
import type { AdapterShape, ModelShape, OutputShape } from '../../store/shapes.js';
import { adapterTraining, modelAdapters, type AdapterTraining, type ModelAdapter } from '../../store/reads/models.js';

export const ModelConnection = builder.connectionObject({ type: ModelRef, name: 'ModelConnection', ...totalCountField });
export const ModelOutputConnection = builder.connectionObject({ type: OutputRef, name: 'ModelOutputConnection', ...totalCountField });

builder.node(BaseModelRef, {
  description: 'A foundation model that adapters adapt and models are based on.',
  id: { resolve: (b) => b.id },
  loadOne: (id, ctx) => ctx.loaders.BaseModel.load(id),
  isTypeOf: (value) => (value as { __typename?: string }).__typename === 'BaseModel',
  fields: (t) => ({
    name: t.exposeString('name'),
    family: t.exposeString('family'),
  }),
});

const AdapterTrainingRef = builder.objectRef<AdapterTraining>('AdapterTraining').implement({
  description: 'A datanet an adapter was trained on, frozen at registration: later records are not part of it.',
  fields: (t) => ({
    datanet: t.field({ type: DatanetRef, resolve: async (a, _x, ctx) => required(await ctx.loaders.Datanet.load(a.datanetId)) }),
    snapshotSize: t.exposeInt('snapshotSize', { description: 'Accepted records in the datanet when the adapter was registered.' }),
    snapshotAt: t.expose('snapshotAt', { type: 'DateTime' }),
  }),
});

builder.node(AdapterRef, {
  description: 'A LoRA adapter trained on datanets, adapting one base model.',
  id: { resolve: (a) => a.id },
  loadOne: (id, ctx) => ctx.loaders.Adapter.load(id),
  isTypeOf: (value) => (value as { __typename?: string }).__typename === 'Adapter',
  fields: (t) => ({
    name: t.exposeString('name'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    baseModel: t.field({ type: BaseModelRef, resolve: async (a, _x, ctx) => required(await ctx.loaders.BaseModel.load(a.baseModelId)) }),
    builder: t.field({
      type: ContributorRef,
      nullable: true,
      resolve: async (a, _x, ctx) => (a.builderId ? (await ctx.loaders.Contributor.load(a.builderId)) : null),
    }),
    derivedFrom: t.field({
      type: AdapterRef,
      nullable: true,
      resolve: async (a, _x, ctx) => (a.derivedFromId ? (await ctx.loaders.Adapter.load(a.derivedFromId)) : null),
    }),
    trainedOn: t.field({
      type: [AdapterTrainingRef],
      resolve: (a, _x, ctx) => adapterTraining(ctx.graph, a.id),
    }),
  }),
});

const ModelAdapterRef = builder.objectRef<ModelAdapter>('ModelAdapter').implement({
  fields: (t) => ({
    adapter: t.field({ type: AdapterRef, resolve: async (m, _x, ctx) => required(await ctx.loaders.Adapter.load(m.adapterId)) }),
    weight: t.exposeFloat('weight'),
  }),
});

builder.node(ModelRef, {
  description: 'A deployable model version: a base model plus weighted adapters.',
  id: { resolve: (m) => m.id },
  loadOne: (id, ctx) => ctx.loaders.Model.load(id),
  isTypeOf: (value) => (value as { __typename?: string }).__typename === 'Model',
  fields: (t) => ({
    name: t.exposeString('name'),
    version: t.exposeString('version'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    baseModel: t.field({ type: BaseModelRef, resolve: async (m, _x, ctx) => required(await ctx.loaders.BaseModel.load(m.baseModelId)) }),
    owner: t.field({
      type: ContributorRef,
      nullable: true,
      resolve: async (m, _x, ctx) => (m.ownerId ? (await ctx.loaders.Contributor.load(m.ownerId)) : null),
    }),
    previousVersion: t.field({
      type: ModelRef,
      nullable: true,
      resolve: async (m, _x, ctx) => (m.previousVersionId ? (await ctx.loaders.Model.load(m.previousVersionId)) : null),
    }),
    adapters: t.field({
      type: [ModelAdapterRef],
      resolve: (m, _x, ctx) => modelAdapters(ctx.graph, m.id),
    }),
    outputs: t.field({
      type: ModelOutputConnection,
      args: pageArgs(t.arg),
      complexity: connectionComplexity,
      resolve: (m, args, ctx) =>
        resolveNeighbourConnection<OutputShape>(ctx.graph, { parentLabel: 'Model', pattern: '(n:Output)-[:GENERATED_BY]->(p)' }, m.id, args),
    }),
  }),
});

builder.queryFields((t) => ({
  adapter: t.field({
    type: AdapterRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => ctx.loaders.Adapter.load(decodeGlobalIdOf('Adapter', String(args.id))) as Promise<AdapterShape | null>,
  }),
  model: t.field({
    type: ModelRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => ctx.loaders.Model.load(decodeGlobalIdOf('Model', String(args.id))) as Promise<ModelShape | null>,
  }),
  models: t.field({
    type: ModelConnection,
    args: pageArgs(t.arg),
    complexity: connectionComplexity,
    resolve: (_root, args, ctx) => resolveLabelConnection<ModelShape>(ctx.graph, 'Model', args),
  }),
}));
