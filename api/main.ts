import { join } from 'node:path';
import { readConfig } from './config.js';
import { applyConstraints } from './store/constraints.js';
import { createGraphStore } from './store/graph-store.js';
import { createStrataServer } from './server.js';
import { ensureDefaultRewardPolicy } from './attribution/reward-store.js';
import { scheduleIdempotencyExpiry } from './contributions/idempotency-expiry.js';
import { checkFingerprintScheme } from './dedup/fingerprint-scheme.js';
import { canListen, repoRoot, startLocalNeo4j, type LocalNeo4j } from '../tools/neo4j-local/local-neo4j.js';
import { graphIsEmpty, seedDemoGraph } from '../seed/demo-graph.js';

// `npm start`: Neo4j (the project's local one unless NEO4J_URI is set), constraints, demo seed if empty, API.

// Until the API listens, a failure is one sentence for the user (each start-up error says what to do), not a stack
// trace; the local Neo4j, if already started, stops with us.
const startupFailure = (error: Error) => {
  console.error(`Strata could not start: ${error.message}`);
  process.exit(1);
};
process.on('uncaughtException', startupFailure);
const config = readConfig();
// Say so now, not after Neo4j has started and the graph has been seeded.
if (config.port !== 0 && !(await canListen(config.port, config.host))) {
  console.error(`Port ${config.port} on ${config.host} is already in use: stop what runs there, or start with PORT=<another port>.`);
  process.exit(1);
}
let localNeo4j: LocalNeo4j | null = null;
let uri = config.neo4jUri;
if (!uri) {
  localNeo4j = await startLocalNeo4j({
    storeDir: join(repoRoot, '.strata', 'neo4j', 'dev'),
    port: Number(process.env.NEO4J_LOCAL_PORT ?? 7687),
  });
  uri = localNeo4j.uri;
} else {
  console.log(`Using the Neo4j at ${uri} (NEO4J_URI is set; starting nothing).`);
}

const graph = createGraphStore({ uri, user: config.neo4jUser, password: config.neo4jPassword, database: config.neo4jDatabase });
await graph.driver.verifyConnectivity({ database: config.neo4jDatabase }).catch((error: Error) => {
  throw new Error(`the Neo4j at ${uri} does not answer (${error.message.split('\n')[0]}); check NEO4J_URI, NEO4J_USER and NEO4J_PASSWORD, or unset NEO4J_URI to use the local Neo4j.`);
});
await applyConstraints(graph);
await checkFingerprintScheme(graph);
await ensureDefaultRewardPolicy(graph);
if (await graphIsEmpty(graph)) {
  console.log('The graph is empty: seeding the demo contribution graph…');
  await seedDemoGraph(graph, { log: console.log });
}

const { app, apollo } = await createStrataServer(graph, config);
const idempotencyExpiry = scheduleIdempotencyExpiry(graph, { ttlMs: config.idempotencyTtlMs, log: console.log });
const http = app.listen(config.port, config.host, () => {
  process.removeListener('uncaughtException', startupFailure);
  const base = `http://localhost:${config.port}`;
  console.log(`\nStrata GraphQL API: ${base}/graphql   (health: ${base}/healthz, readiness: ${base}/readyz)`);
  console.log(`Try:\n  curl -s ${base}/graphql -H 'content-type: application/json' \\\n    -d '{"query":"{ outputs(first: 3) { totalCount edges { node { id text attribution { coverage datanets { datanet { name } share } } } } } }"}'\n`);
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping…`);
  // Whatever hangs, the process still ends.
  setTimeout(() => {
    console.error('Shutdown took over 45 s; exiting anyway.');
    process.exit(1);
  }, 45_000).unref();
  const step = async (what: string, work: () => Promise<unknown> | unknown) => {
    const started = Date.now();
    await work();
    console.log(`  ${what} (${Date.now() - started} ms)`);
  };
  // Keep-alive connections would hold close() open forever.
  await step('HTTP server closed', () => {
    http.closeAllConnections();
    http.close();
  });
  await step('GraphQL server stopped', () => apollo.stop());
  await step('idempotency key sweep stopped', () => idempotencyExpiry.stop());
  await step('Neo4j driver closed', () => graph.close());
  if (localNeo4j) await step('local Neo4j stopped', () => localNeo4j!.stop());
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
