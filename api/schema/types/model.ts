import { builder } from '../builder.js';
import { required } from '../required.js';
import { labelConnectionField, neighbourConnectionField } from '../connections.js';
import { linkField, nodeByIdField, nodeType, optionalLinkField } from '../node-type.js';
import { AdapterRef, BaseModelRef, ContributorRef, DatanetRef, ModelRef, OutputRef } from '../refs.js';
import type { AdapterShape, BaseModelShape, ContributorShape, DatanetShape, ModelShape, OutputShape } from '../../store/shapes.js';
import { toNumber } from '../../store/values.js';

nodeType(BaseModelRef, {
  description: 'A foundation model that adapters adapt and models are based on.',
  fields: (t) => ({
    name: t.exposeString('name'),
    family: t.exposeString('family'),
  }),
});

interface AdapterTraining { datanetId: string; snapshotSize: number; snapshotAt: string }
const AdapterTrainingRef = builder.objectRef<AdapterTraining>('AdapterTraining').implement({
  description: 'A datanet an adapter was trained on, frozen at registration: later records are not part of it.',
  fields: (t) => ({
    datanet: t.field({ type: DatanetRef, resolve: async (a, _x, ctx) => required(await ctx.loaders.Datanet.load(a.datanetId)) }),
    snapshotSize: t.exposeInt('snapshotSize', { description: 'Accepted records in the datanet when the adapter was registered.' }),
    snapshotAt: t.expose('snapshotAt', { type: 'DateTime' }),
  }),
});

nodeType(AdapterRef, {
  description: 'A LoRA adapter trained on datanets, adapting one base model.',
  fields: (t) => ({
    name: t.exposeString('name'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    baseModel: linkField(t, BaseModelRef, (a) => a.baseModelId),
    builder: optionalLinkField(t, ContributorRef, (a) => a.builderId),
    derivedFrom: optionalLinkField(t, AdapterRef, (a) => a.derivedFromId),
    trainedOn: t.field({
      type: [AdapterTrainingRef],
      resolve: async (a, _x, ctx) => {
        const rows = await ctx.graph.read(
          'MATCH (:Adapter {id: $id})-[t:TRAINED_ON]->(d:Datanet) RETURN d.id AS datanetId, t.snapshotSize AS snapshotSize, toString(t.snapshotAt) AS snapshotAt ORDER BY d.id',
          { id: a.id },
        );
        return rows.map((r) => ({ datanetId: String(r.datanetId), snapshotSize: toNumber(r.snapshotSize), snapshotAt: new Date(String(r.snapshotAt)).toISOString() }));
      },
    }),
  }),
});

interface ModelAdapter { adapterId: string; weight: number }
const ModelAdapterRef = builder.objectRef<ModelAdapter>('ModelAdapter').implement({
  fields: (t) => ({
    adapter: t.field({ type: AdapterRef, resolve: async (m, _x, ctx) => required(await ctx.loaders.Adapter.load(m.adapterId)) }),
    weight: t.exposeFloat('weight'),
  }),
});

nodeType(ModelRef, {
  description: 'A deployable model version: a base model plus weighted adapters.',
  fields: (t) => ({
    name: t.exposeString('name'),
    version: t.exposeString('version'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    baseModel: linkField(t, BaseModelRef, (m) => m.baseModelId),
    owner: optionalLinkField(t, ContributorRef, (m) => m.ownerId),
    previousVersion: optionalLinkField(t, ModelRef, (m) => m.previousVersionId),
    adapters: t.field({
      type: [ModelAdapterRef],
      resolve: async (m, _x, ctx) => {
        const rows = await ctx.graph.read('MATCH (:Model {id: $id})-[u:USES]->(a:Adapter) RETURN a.id AS adapterId, u.weight AS weight ORDER BY a.id', { id: m.id });
        return rows.map((r) => ({ adapterId: String(r.adapterId), weight: Number(r.weight) }));
      },
    }),
    outputs: neighbourConnectionField(t, OutputRef, 'ModelOutputConnection', { parentLabel: 'Model', pattern: '(n:Output)-[:GENERATED_BY]->(p)' }),
  }),
});

builder.queryFields((t) => ({
  adapter: nodeByIdField(t, AdapterRef),
  model: nodeByIdField(t, ModelRef),
  models: labelConnectionField(t, ModelRef),
}));
