import DataLoader from 'dataloader';
import type { Node } from 'neo4j-driver';
import type { GraphStore } from './graph-store.js';
import { plainNode } from './values.js';
import type { NodeTypeName } from '../core/global-id.js';
import type {
  AdapterShape, BaseModelShape, ContentClusterShape, ContributorShape, DatanetShape, ModelShape, OutputShape, RecordShape,
} from './shapes.js';

/**
 * One DataLoader per node label, per request: every node field in a response is fetched with one
 * `UNWIND … MATCH (n:Label {id})` per label (an index seek per id), however many places ask for it.
 */
export interface NodeShapes {
  Contributor: ContributorShape; Datanet: DatanetShape; Record: RecordShape; ContentCluster: ContentClusterShape;
  BaseModel: BaseModelShape; Adapter: AdapterShape; Model: ModelShape; Output: OutputShape;
}
export type NodeLoaders = { [K in NodeTypeName]: DataLoader<string, NodeShapes[K] | null> };

export function nodeByIdCypher(label: NodeTypeName): string {
  return `UNWIND $ids AS id MATCH (n:${label} {id: id}) RETURN n`;
}

export function createNodeLoaders(graph: GraphStore): NodeLoaders {
  const make = <K extends NodeTypeName>(label: K) =>
    new DataLoader<string, NodeShapes[K] | null>(async (ids) => {
      const rows = await graph.read<{ n: Node }>(nodeByIdCypher(label), { ids: [...ids] });
      const byId = new Map(rows.map(({ n }) => [String(n.properties.id), plainNode<NodeShapes[K]>(n)]));
      return ids.map((id) => byId.get(id) ?? null);
    });
  return {
    Contributor: make('Contributor'),
    Datanet: make('Datanet'),
    Record: make('Record'),
    ContentCluster: make('ContentCluster'),
    BaseModel: make('BaseModel'),
    Adapter: make('Adapter'),
    Model: make('Model'),
    Output: make('Output'),
  };
}
