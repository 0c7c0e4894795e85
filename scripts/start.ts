import { join } from 'node:path';
import { startApi } from '../api/serve.js';
import { graphIsEmpty } from '../api/store/graph-admin.js';
import { seedDemoGraph } from '../seed/demo-graph.js';
import { repoRoot, startLocalNeo4j } from '../tools/neo4j-local/local-neo4j.js';

// `npm start`: Neo4j (the project's local one unless NEO4J_URI is set), constraints, the demo graph if the graph is
// empty, then the API. The API itself (api/main.ts in production) knows nothing of the demo or the local Neo4j.
await startApi({
  async neo4j(config) {
    if (config.neo4jUri) {
      console.log(`Using the Neo4j at ${config.neo4jUri} (NEO4J_URI is set; starting nothing).`);
      return { uri: config.neo4jUri };
    }
    // Supervised: if it dies, it is restarted with back-off and the API's driver reconnects on its own.
    const local = await startLocalNeo4j({ storeDir: join(repoRoot, '.strata', 'neo4j', 'dev'), port: config.neo4jLocalPort, supervise: true });
    return { uri: local.uri, alsoStop: { what: 'local Neo4j stopped', stop: () => local.stop() } };
  },
  async beforeServe(graph) {
    if (await graphIsEmpty(graph)) {
      console.log('The graph is empty: seeding the demo contribution graph…');
      await seedDemoGraph(graph, { log: console.log });
    }
  },
});
