import type { Node } from 'neo4j-driver';
import type { GraphStore } from '../graph-store.js';
import { plainNode } from '../values.js';

/** OpenLineage runs as GraphQL reads them (written by api/store/lineage-runs.ts). */
/** A run with its events, oldest first: the run's history. */
export const lineageRunCypher = `MATCH (run:LineageRun {runId: $runId})
CALL (run) {
  MATCH (run)-[:HAD_EVENT]->(e:LineageEvent)
  WITH e ORDER BY e.eventTime, e.receivedAt
  RETURN collect(e) AS events
}
RETURN run, events`;

export interface LineageRunShape {
  runId: string;
  jobNamespace: string;
  jobName: string;
  submittedBy: string;
  adapterId?: string | null;
  createdAt: string;
  events: Array<{ key: string; eventType: string; eventTime: string; producer: string; payload: string; receivedAt: string; adapterId?: string | null }>;
}

export async function readLineageRun(graph: GraphStore, runId: string): Promise<LineageRunShape | null> {
  const rows = await graph.read<{ run: Node; events: Node[] }>(lineageRunCypher, { runId });
  const row = rows[0];
  if (!row) return null;
  return { ...plainNode<Omit<LineageRunShape, 'events'>>(row.run), events: row.events.map((e) => plainNode(e)) };
}

