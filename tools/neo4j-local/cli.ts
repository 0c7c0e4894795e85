import { join } from 'node:path';
import { readConfig } from '../../api/config.js';
import { repoRoot, startLocalNeo4j } from './local-neo4j.js';

// `npm run neo4j`: run only the local Neo4j (e.g. to explore it with cypher-shell), until Ctrl-C.
const port = readConfig().neo4jLocalPort;
const server = await startLocalNeo4j({ storeDir: join(repoRoot, '.strata', 'neo4j', 'dev'), port });
console.log(`Neo4j at ${server.uri} (auth off). Ctrl-C stops it.`);
const stop = async () => {
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
