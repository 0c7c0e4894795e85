import { builder } from '../builder.js';
import { labelConnection, neighbourConnection, totalCountField } from '../connections.js';
import { linkField, loadedNodeType, nodeById, optionalLinkField } from '../nodes.js';
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
    datanet: linkField(t, DatanetRef, (a) => a.datanetId),
    snapshotSize: t.exposeInt('snapshotSize', { description: 'Accepted records in the datanet when the adapter was registered.' }),
    snapshotAt: t.expose('snapshotAt', { type: 'DateTime' }),
  }),
});

loadedNodeType(AdapterRef, 'A LoRA adapter trained on datanets, adapting one base model.', (t) => ({
  name: t.exposeString('name'),
  createdAt: t.expose('createdAt', { type: 'DateTime' }),
  baseModel: linkField(t, BaseModelRef, (a) => a.baseModelId),
  builder: optionalLinkField(t, ContributorRef, (a) => a.builderId),
  derivedFrom: optionalLinkField(t, AdapterRef, (a) => a.derivedFromId),
  trainedOn: t.field({ type: [AdapterTrainingRef], resolve: (a, _x, ctx) => adapterTraining(ctx.graph, a.id) }),
}));

const ModelAdapterRef = builder.objectRef<ModelAdapter>('ModelAdapter').implement({
  fields: (t) => ({
    adapter: linkField(t, AdapterRef, (m) => m.adapterId),
    weight: t.exposeFloat('weight'),
  }),
});

loadedNodeType(ModelRef, 'A deployable model version: a base model plus weighted adapters.', (t) => ({
  name: t.exposeString('name'),
  version: t.exposeString('version'),
  createdAt: t.expose('createdAt', { type: 'DateTime' }),
  baseModel: linkField(t, BaseModelRef, (m) => m.baseModelId),
  owner: optionalLinkField(t, ContributorRef, (m) => m.ownerId),
  previousVersion: optionalLinkField(t, ModelRef, (m) => m.previousVersionId),
  adapters: t.field({ type: [ModelAdapterRef], resolve: (m, _x, ctx) => modelAdapters(ctx.graph, m.id) }),
  outputs: t.field({ type: ModelOutputConnection, ...neighbourConnection<OutputShape>(t.arg, NEIGHBOUR_LISTS.modelOutputs) }),
}));

builder.queryFields((t) => ({
  adapter: t.field({ type: AdapterRef, ...nodeById(t.arg, 'Adapter') }),
  model: t.field({ type: ModelRef, ...nodeById(t.arg, 'Model') }),
  models: t.field({ type: ModelConnection, ...labelConnection(t.arg, 'Model') }),
}));
