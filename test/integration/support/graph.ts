import { afterAll, inject } from 'vitest';
import { applyConstraints } from '../../../api/store/constraints.js';
import { createGraphStore, type GraphStore } from '../../../api/store/graph-store.js';
import { wipeGraph } from '../../../api/store/graph-admin.js';

export const TEST_DATABASE = 'neo4j';

let graph: GraphStore | null = null;

/** One driver per test file (one per process, as in production), closed after the file. */
export function testGraph(): GraphStore {
  if (!graph) {
    // Generous deadlines: tests share a few cores with other work, and a slow read here is load, not an outage
    // (neo4j-outage.test.ts checks the production deadlines on a Neo4j of its own).
    graph = createGraphStore({ uri: inject('neo4jUri'), database: TEST_DATABASE, readTimeoutMs: 30_000, writeTimeoutMs: 120_000 });
    const opened = graph;
    afterAll(async () => {
      await opened.close();
      graph = null;
    });
  }
  return graph;
}

export function testDriver() {
  return testGraph().driver;
}

/** Empties the test store and re-applies constraints: each file starts from a graph it builds itself. */
export async function resetGraph(g: GraphStore = testGraph()): Promise<void> {
  await wipeGraph(g);
  await applyConstraints(g);
}

let counter = 0;
/** Ids no other test uses, for files that add to a shared graph instead of wiping it. */
export function uniqueId(prefix: string): string {
  counter += 1;
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${counter}`;
}
