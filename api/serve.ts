import { createServer } from 'node:net';
import { readConfig, type StrataConfig } from './config.js';
import { applyConstraints } from './store/constraints.js';
import { createGraphStore, type GraphStore } from './store/graph-store.js';
import { createStrataServer } from './server.js';
import { ensureDefaultRewardPolicy } from './store/rewards.js';
import { scheduleIdempotencyExpiry } from './store/idempotency.js';
import { checkFingerprintScheme } from './store/fingerprint-scheme.js';
import { FINGERPRINT_VERSION } from './dedup/fingerprint.js';
import { backfillWordsHashes } from './use-cases/backfill-words-hashes.js';
import { drainHttp } from './http/drain.js';
import { WebhookDispatcher } from './notifications/webhook-dispatcher.js';

/** The Neo4j the API runs over, and what stopping the API must also stop (the dev entry's local Neo4j). */
export interface Neo4jToUse {
  uri: string;
  alsoStop?: { what: string; stop: () => Promise<unknown> };
}

export interface StartHooks {
  /** Where the Neo4j is: the production entry takes NEO4J_URI; `npm start` runs the local one when it is unset. */
  neo4j(config: StrataConfig): Promise<Neo4jToUse>;
  /** After constraints, before serving (`npm start` seeds the demo graph here when the graph is empty). */
  beforeServe?(graph: GraphStore): Promise<void>;
}

/**
 * Starts the API as a process, shared by both entry points (api/main.ts, scripts/start.ts): configuration, the port
 * check, Neo4j, constraints, the HTTP server, and an orderly shutdown on SIGINT/SIGTERM.
 *
 * Until the API listens, a failure is one sentence for the user (each start-up error says what to do), not a stack
 * trace; a local Neo4j already started stops with the process.
 */
export async function startApi(hooks: StartHooks): Promise<void> {
  const startupFailure = (error: Error) => {
    console.error(`Strata could not start: ${error.message}`);
    process.exit(1);
  };
  process.on('uncaughtException', startupFailure);
  try {
    const config = readConfig();
    // Say so now, not after Neo4j has started and the graph has been seeded.
    if (config.port !== 0 && !(await canListen(config.port, config.host))) {
      console.error(`Port ${config.port} on ${config.host} is already in use: stop what runs there, or start with PORT=<another port>.`);
      process.exit(1);
    }
    const neo4j = await hooks.neo4j(config);
    const graph = createGraphStore({
      uri: neo4j.uri, user: config.neo4jUser, password: config.neo4jPassword, database: config.neo4jDatabase,
      readTimeoutMs: config.neo4jReadTimeoutMs, writeTimeoutMs: config.neo4jWriteTimeoutMs,
    });
    await graph.ping().catch((error: Error) => {
      throw new Error(
        `the Neo4j at ${neo4j.uri} does not answer (${error.message.split('\n')[0]}); check NEO4J_URI, NEO4J_USER and NEO4J_PASSWORD, or unset NEO4J_URI to use the local Neo4j.`,
      );
    });
    await applyConstraints(graph);
    await checkFingerprintScheme(graph, FINGERPRINT_VERSION);
    await ensureDefaultRewardPolicy(graph);
    await hooks.beforeServe?.(graph);
    // Outputs without a words hash of this tokenizer's version (older graphs, a tokenizer change) get one now.
    await backfillWordsHashes(graph, { log: console.log });
    await serve(graph, config, neo4j, () => process.removeListener('uncaughtException', startupFailure));
  } catch (error) {
    startupFailure(error as Error);
  }
}

async function serve(graph: GraphStore, config: StrataConfig, neo4j: Neo4jToUse, onListening: () => void): Promise<void> {
  const { app, apollo, logger, tracing, notifications } = await createStrataServer(graph, config, { warmTraceIndex: true });
  if (tracing) console.log(`Tracing: spans of GraphQL operations and Cypher go to ${config.otlpTracesUrl}.`);
  const idempotencyExpiry = scheduleIdempotencyExpiry(graph, { ttlMs: config.idempotencyTtlMs, log: console.log });
  const webhooks = new WebhookDispatcher(graph, { log: console.log });
  webhooks.start();
  const http = app.listen(config.port, config.host, () => {
    onListening();
    const base = `http://localhost:${config.port}`;
    console.log(`\nStrata GraphQL API: ${base}/graphql   (health: ${base}/healthz, readiness: ${base}/readyz)`);
    console.log(`Try:\n  curl -s ${base}/graphql -H 'content-type: application/json' \\\n    -d '{"query":"{ outputs(first: 3) { totalCount edges { node { id text attribution { coverage datanets { datanet { name } share } } } } } }"}'\n`);
  });

  let stopping = false;
  async function shutdown(signal: string) {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    logger.info({ signal }, 'shutting down');
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
    // Open event streams complete now (their clients resume by cursor elsewhere), or draining would wait them out.
    await step('event streams closed', () => notifications.close());
    // No new connections; requests under way get STRATA_SHUTDOWN_GRACE_MS to finish, then their connections are cut.
    await step('HTTP server drained', async () => {
      const { cut } = await drainHttp(http, config.shutdownGraceMs);
      if (cut > 0) console.log(`  ${cut} connection(s) still busy after ${config.shutdownGraceMs} ms were closed`);
    });
    await step('GraphQL server stopped', () => apollo.stop());
    // The spans of the last requests; a collector that does not answer gets a second.
    if (tracing) await step('traces flushed', () => Promise.race([tracing.shutdown(), new Promise((resolve) => setTimeout(resolve, 1_000).unref())]));
    await step('idempotency key sweep stopped', () => idempotencyExpiry.stop());
    await step('webhook deliveries stopped', () => webhooks.stop());
    // A frozen Neo4j would hold the driver's close (it says goodbye on each connection): give it a second.
    await step('Neo4j driver closed', () => Promise.race([graph.close(), new Promise((resolve) => setTimeout(resolve, 1_000).unref())]));
    if (neo4j.alsoStop) await step(neo4j.alsoStop.what, neo4j.alsoStop.stop);
    process.exit(0);
  }
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

/** Whether the API could listen on host:port right now (false when something else already does). */
function canListen(port: number, host: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => (error.code === 'EADDRINUSE' || error.code === 'EACCES' ? resolve(false) : reject(error)));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
}
