import type { AddressInfo } from 'node:net';
import { readConfig, type StrataConfig } from '../../../api/config.js';
import { createStrataServer } from '../../../api/server.js';
import { seedDemoGraph } from '../../../seed/demo-graph.js';
import type { GraphStore } from '../../../api/store/graph-store.js';
import { resetGraph, testGraph } from './graph.js';
import type { FeedOptions, NotificationFeed } from '../../../api/notifications/notification-feed.js';

/** A fixed Ed25519 seed for tests (base64 of 32 bytes): checkpoints are signed by a key the tests know. */
export const TEST_LOG_SEED = Buffer.alloc(32, 7).toString('base64');

export interface TestApi {
  /** The GraphQL endpoint, e.g. http://127.0.0.1:41234/graphql */
  url: string;
  /** The server root, for /healthz and /readyz. */
  baseUrl: string;
  /** The server's event feed (docs/architecture.md#notifications). */
  notifications: NotificationFeed;
  stop(): Promise<void>;
}

/**
 * The real API on the real (test) Neo4j, on a free loopback port; by default on a freshly seeded demo graph.
 * `graph` (default: the file's test store) is what the API talks through, e.g. a counting wrapper of it.
 */
export async function startTestApi(options: { seed?: boolean; adminKey?: string; production?: boolean; graph?: GraphStore; votingPeriodSeconds?: number; config?: Partial<StrataConfig>; notifications?: FeedOptions; /** false: trusted lookups through Apollo's pipeline (docs/architecture.md#trusted-lookups-without-the-pipeline) */ directLookups?: boolean } = {}): Promise<TestApi> {
  const graph = options.graph ?? testGraph();
  if (options.seed !== false) {
    await resetGraph(graph);
    await seedDemoGraph(graph);
  }
  const config = { ...readConfig({}), adminKey: options.adminKey, production: options.production ?? false, port: 0, attributionIndexFile: null, logSigningKeyFile: null, logAuditTtlMs: 0, env: { STRATA_LOG_SIGNING_KEY: TEST_LOG_SEED },
    // Tests send hundreds of requests from one address: no rate limits unless a test sets them.
    rateLimit: { windowMs: 60_000, anonymous: 0, keyed: 0 },
    // The paraphrase tier embeds the whole corpus: only the tests that are about it turn it on (with the model dir).
    semantic: false, embeddingCacheFile: null,
    // One line per request would bury the test output.
    logLevel: 'silent', ...options.config };
  if (options.votingPeriodSeconds !== undefined) config.votingPeriodSeconds = options.votingPeriodSeconds;
  const { app, apollo, notifications } = await createStrataServer(graph, config, { ...(options.notifications ? { notifications: options.notifications } : {}), ...(options.directLookups === false ? { directLookups: false } : {}) });
  const http = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => http.once('listening', () => resolve()));
  const { port } = http.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    url: `${baseUrl}/graphql`,
    baseUrl,
    notifications,
    async stop() {
      notifications.close();
      const closed = new Promise<void>((resolve) => http.close(() => resolve()));
      // Keep-alive connections left idle (an event stream's, once it completed) would hold close() for 5 s.
      http.closeIdleConnections();
      await closed;
      await apollo.stop();
    },
  };
}

/** POSTs a GraphQL request and returns the parsed body. */
export async function gql<T = any>(url: string, query: string, variables: Record<string, unknown> = {}, key?: string): Promise<{ data?: T; errors?: Array<{ message: string; extensions?: { code?: string; field?: string } }> }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as never;
}
