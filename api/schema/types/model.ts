import { builder } from '../builder.js';
import { labelConnection, neighbourConnection, totalCountField } from '../connections.js';
import { linked, loadedNodeType, nodeById, optionalLink } from '../nodes.js';
import { AdapterRef, BaseModelRef, ContributorRef, DatanetRef, ModelRef, OutputRef } from '../refs.js';
import type { OutputShape } from '../../store/shapes.js';
import { adapterTraining, modelAdapters, type AdapterTraining, type ModelAdapter } from '../../store/reads/models.js';
import { NEIGHBOUR_LISTS } from '../../store/reads/pages.js';

export const ModelConnection = builder.connectionObject({ type: ModelRef, name: 'ModelConnection', ...totalCountField });
export const ModelOutputConnection = builder.connectionObject({ type: OutputRef, name: 'ModelOutputConnection', ...totalCountField });

loadedNodeType(BaseModelRef, 'A foundation model that adapters adapt and models are based on.', (t) => ({
  name: t.exposeString('name'),
  family: t.exposeString('family'),
}));

const AdapterTrainingRef = builder.objectRef<AdapterTraining>('AdapterTraining').implement({
  description: 'A datanet an adapter was trained on, frozen at registration: later records are not part of it.',
  fields: (t) => ({
    datanet: t.field({ type: DatanetRef, resolve: (a, _x, ctx) => linked(ctx.loaders.Datanet, a.datanetId) }),
    snapshotSize: t.exposeInt('snapshotSize', { description: 'Accepted records in the datanet when the adapter was registered.' }),
    snapshotAt: t.expose('snapshotAt', { type: 'DateTime' }),
  }),
});

loadedNodeType(AdapterRef, 'A LoRA adapter trained on datanets, adapting one base model.', (t) => ({
  name: t.exposeString('name'),
  createdAt: t.expose('createdAt', { type: 'DateTime' }),
  baseModel: t.field({ type: BaseModelRef, resolve: (a, _x, ctx) => linked(ctx.loaders.BaseModel, a.baseModelId) }),
  builder: t.field({ type: ContributorRef, nullable: true, resolve: (a, _x, ctx) => optionalLink(ctx.loaders.Contributor, a.builderId) }),
  derivedFrom: t.field({ type: AdapterRef, nullable: true, resolve: (a, _x, ctx) => optionalLink(ctx.loaders.Adapter, a.derivedFromId) }),
  trainedOn: t.field({ type: [AdapterTrainingRef], resolve: (a, _x, ctx) => adapterTraining(ctx.graph, a.id) }),
}));

const ModelAdapterRef = builder.objectRef<ModelAdapter>('ModelAdapter').implement({
  fields: (t) => ({
    adapter: t.field({ type: AdapterRef, resolve: (m, _x, ctx) => linked(ctx.loaders.Adapter, m.adapterId) }),
    weight: t.exposeFloat('weight'),
  }),
});

loadedNodeType(ModelRef, 'A deployable model version: a base model plus weighted adapters.', (t) => ({
  name: t.exposeString('name'),
  version: t.exposeString('version'),
  createdAt: t.expose('createdAt', { type: 'DateTime' }),
  baseModel: t.field({ type: BaseModelRef, resolve: (m, _x, ctx) => linked(ctx.loaders.BaseModel, m.baseModelId) }),
  owner: t.field({ type: ContributorRef, nullable: true, resolve: (m, _x, ctx) => optionalLink(ctx.loaders.Contributor, m.ownerId) }),
  previousVersion: t.field({ type: ModelRef, nullable: true, resolve: (m, _x, ctx) => optionalLink(ctx.loaders.Model, m.previousVersionId) }),
  adapters: t.field({ type: [ModelAdapterRef], resolve: (m, _x, ctx) => modelAdapters(ctx.graph, m.id) }),
  outputs: t.field({ type: ModelOutputConnection, ...neighbourConnection<OutputShape>(t.arg, NEIGHBOUR_LISTS.modelOutputs) }),
}));

builder.queryFields((t) => ({
  adapter: t.field({ type: AdapterRef, ...nodeById(t.arg, 'Adapter') }),
  model: t.field({ type: ModelRef, ...nodeById(t.arg, 'Model') }),
  models: t.field({ type: ModelConnection, ...labelConnection(t.arg, 'Model') }),
}));
