import { join } from 'node:path';
import { readConfig } from '../api/config.js';
import { createGraphStore } from '../api/store/graph-store.js';
import { repoRoot, startLocalNeo4j, type LocalNeo4j } from '../tools/neo4j-local/local-neo4j.js';
import { seedDemoGraph } from './demo-graph.js';

// `npm run seed`: wipes the graph and re-creates the demo (the local Neo4j unless NEO4J_URI is set).
const config = readConfig();
let local: LocalNeo4j | null = null;
if (!config.neo4jUri) {
  local = await startLocalNeo4j({ storeDir: join(repoRoot, '.strata', 'neo4j', 'dev'), port: config.neo4jLocalPort });
}
const graph = createGraphStore({ uri: config.neo4jUri ?? local!.uri, user: config.neo4jUser, password: config.neo4jPassword, database: config.neo4jDatabase });
try {
  await seedDemoGraph(graph, { log: console.log });
} finally {
  await graph.close();
  await local?.stop();
}
