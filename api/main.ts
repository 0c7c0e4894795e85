import { startApi } from './serve.js';

// The production entry: the API over the Neo4j at NEO4J_URI. It starts no database and never seeds one; `npm start`
// (scripts/start.ts) is the dev entry that does both.
await startApi({
  async neo4j(config) {
    if (!config.neo4jUri) {
      throw new Error(
        'NEO4J_URI is not set: api/main.ts serves the API over your own Neo4j and starts none; set NEO4J_URI (and NEO4J_USER, NEO4J_PASSWORD), or run npm start for the project\'s local Neo4j.',
      );
    }
    console.log(`Using the Neo4j at ${config.neo4jUri}.`);
    return { uri: config.neo4jUri };
  },
});
