import type { Node } from 'neo4j-driver';
import type { GraphStore } from '../graph-store.js';
import { plainNode } from '../values.js';

/** An agent step as stored (api/store/agent-steps.ts): the ids it links to are properties, so it reads alone. */
export interface AgentStepShape {
  id: string;
  outputId: string;
  stepId: string;
  position: number;
  kind: 'TOOL_CALL' | 'RETRIEVAL' | 'MODEL_CALL' | 'PARTIAL_OUTPUT';
  name: string | null;
  text: string | null;
  textHash: string | null;
  share: number | null;
  recordIds: string[];
  modelId: string | null;
  /** Node ids of the steps this one depends on. */
  dependsOn: string[];
}

/** The steps of many outputs, in the run's order: an index seek per output, then its TOOK_STEP edges. */
export const stepsByOutputCypher = `UNWIND $ids AS id
MATCH (o:Output {id: id})-[:TOOK_STEP]->(st:AgentStep)
WITH o.id AS outputId, st ORDER BY st.position
RETURN outputId, collect(st) AS steps`;

export async function stepsByOutput(graph: GraphStore, outputIds: readonly string[]): Promise<Map<string, AgentStepShape[]>> {
  const rows = await graph.read<{ outputId: string; steps: Node[] }>(stepsByOutputCypher, { ids: [...outputIds] });
  return new Map(rows.map((r) => [r.outputId, r.steps.map((n) => plainNode<AgentStepShape>(n))]));
}
