import type { Node } from 'neo4j-driver';
import type { GraphStore } from '../graph-store.js';
import { plainNode } from '../values.js';
import type { NodeTypeName } from '../../core/global-id.js';
import type {
  AdapterShape, BaseModelShape, ContentClusterShape, ContributorShape, DatanetShape, ModelShape, OutputShape, RecordShape,
} from '../shapes.js';
import type { ProposalShape } from '../governance.js';
import type { AgentStepShape } from './agent-steps.js';

/** What a node of each label reads as. */
export interface NodeShapes {
  Contributor: ContributorShape; Datanet: DatanetShape; Record: RecordShape; ContentCluster: ContentClusterShape;
  BaseModel: BaseModelShape; Adapter: AdapterShape; Model: ModelShape; Output: OutputShape; Proposal: ProposalShape;
  AgentStep: AgentStepShape;
}

/** Many nodes of one label by id: an index seek per id on the label's unique constraint. */
export function nodeByIdCypher(label: NodeTypeName): string {
  return `UNWIND $ids AS id MATCH (n:${label} {id: id}) RETURN n`;
}

export async function nodesById<K extends NodeTypeName>(graph: GraphStore, label: K, ids: readonly string[]): Promise<Map<string, NodeShapes[K]>> {
  const rows = await graph.read<{ n: Node }>(nodeByIdCypher(label), { ids: [...ids] });
  return new Map(rows.map(({ n }) => [String(n.properties.id), plainNode<NodeShapes[K]>(n)]));
}
