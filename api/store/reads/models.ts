import type { GraphStore } from '../graph-store.js';
import { toNumber } from '../values.js';

/** A datanet an adapter was trained on, with the snapshot frozen at registration. */
export interface AdapterTraining { datanetId: string; snapshotSize: number; snapshotAt: string }

export const adapterTrainingCypher =
  'MATCH (:Adapter {id: $id})-[t:TRAINED_ON]->(d:Datanet) RETURN d.id AS datanetId, t.snapshotSize AS snapshotSize, toString(t.snapshotAt) AS snapshotAt ORDER BY d.id';

export async function adapterTraining(graph: GraphStore, adapterId: string): Promise<AdapterTraining[]> {
  const rows = await graph.read(adapterTrainingCypher, { id: adapterId });
  return rows.map((r) => ({ datanetId: String(r.datanetId), snapshotSize: toNumber(r.snapshotSize), snapshotAt: new Date(String(r.snapshotAt)).toISOString() }));
}

/** An adapter a model uses, with its weight. */
export interface ModelAdapter { adapterId: string; weight: number }

export const modelAdaptersCypher = 'MATCH (:Model {id: $id})-[u:USES]->(a:Adapter) RETURN a.id AS adapterId, u.weight AS weight ORDER BY a.id';

export async function modelAdapters(graph: GraphStore, modelId: string): Promise<ModelAdapter[]> {
  const rows = await graph.read(modelAdaptersCypher, { id: modelId });
  return rows.map((r) => ({ adapterId: String(r.adapterId), weight: Number(r.weight) }));
}
