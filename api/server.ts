import { ApolloServer, HeaderMap } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import cors from 'cors';
import express from 'express';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { StrataConfig } from './config.js';
import { createContext, type StrataContext } from './context.js';
import { viewerFromAuthorization } from './auth/viewer.js';
import { isGraphStoreUnavailable, type GraphStore } from './store/graph-store.js';
import { graphStoreUnavailable, StrataError } from './core/errors.js';
import { schema } from './schema/index.js';
import { CorpusService } from './corpus/corpus-service.js';
import { LogService } from './log/log-service.js';
import { provRoute } from './http/prov-route.js';
import { openLineageRoute } from './http/openlineage-route.js';
import { publicOrigin } from './http/http-errors.js';

const KNOWN_CODES = new Set(['BAD_USER_INPUT', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'GRAPH_STORE_UNAVAILABLE', 'GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED', 'BAD_REQUEST', 'PERSISTED_QUERY_NOT_FOUND']);

/** Typed errors pass through; a store outage says so; anything else is masked in production. */
export function formatError(production: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = (error as GraphQLError)?.originalError ?? error;
    if (isGraphStoreUnavailable(original)) {
      const e = graphStoreUnavailable();
      return { message: e.message, path: formatted.path, extensions: { code: 'GRAPH_STORE_UNAVAILABLE' } };
    }
    const code = String(formatted.extensions?.code ?? '');
    if (production && !KNOWN_CODES.has(code)) {
      return { message: 'Internal server error.', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    }
    return formatted;
  };
}

export interface StrataServer {
  app: express.Express;
  apollo: ApolloServer<StrataContext>;
  corpus: CorpusService;
  log: LogService;
}

export async function createStrataServer(graph: GraphStore, config: StrataConfig): Promise<StrataServer> {
  const apollo = new ApolloServer<StrataContext>({
    schema,
    formatError: formatError(config.production),
    includeStacktraceInErrorResponses: !config.production,
    introspection: true,
    // serve.ts owns shutdown (HTTP, driver, local Neo4j, in that order); Apollo's own signal handler would race it.
    stopOnTerminationSignals: false,
  });
  await apollo.start();
  const corpus = new CorpusService(graph, { file: config.attributionIndexFile, log: config.production ? () => {} : console.log });
  const log = new LogService(graph, { keyFile: config.logSigningKeyFile, env: config.env, auditTtlMs: config.logAuditTtlMs });

  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    // No retries: readiness must answer quickly, not wait out a retry budget.
    try {
      await graph.ping();
    } catch (error) {
      res.status(503).json({ status: 'unavailable', reason: 'The graph store (Neo4j) is not reachable.', detail: String((error as Error).message).slice(0, 200) });
      return;
    }
    // Walk-back detection: stored leaves must recompute to the head, and the head must extend the last signed checkpoint.
    try {
      const audit = await log.audit();
      if (!audit.ok) {
        res.status(503).json({ status: 'log-integrity-failure', reason: 'The transparency log does not match what it signed.', problems: audit.problems });
        return;
      }
      res.json({ status: 'ready', log: { size: audit.head.size, rootHash: audit.head.rootHash } });
    } catch (error) {
      res.status(503).json({ status: 'unavailable', reason: 'The transparency log could not be audited.', detail: String((error as Error).message).slice(0, 200) });
    }
  });
  // Lineage in and out (docs/architecture.md#lineage-in-and-out).
  app.use(provRoute(graph, { publicUrl: config.publicUrl, production: config.production }));
  app.use(openLineageRoute(graph, { adminKey: config.adminKey, production: config.production }));
  app.use(
    '/graphql',
    cors(),
    // Room for the largest documented batch: 1,000 records × 32 KB, plus JSON overhead.
    express.json({ limit: '40mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        try {
          const origin = publicOrigin(req, config.publicUrl);
          return createContext(graph, await viewerFromAuthorization(req.headers.authorization, graph, config.adminKey), { corpus, log, origin });
        } catch (error) {
          // Apollo answers a context failure itself; hand it a GraphQLError carrying the code. A key that is missing its
          // scheme, unknown or revoked is HTTP 401 (RFC 6750), so a client can tell "fix your key" from "server down".
          const typed = isGraphStoreUnavailable(error) ? graphStoreUnavailable() : error;
          if (typed instanceof StrataError) {
            const http = typed.code === 'UNAUTHENTICATED' ? { http: { status: 401, headers: new HeaderMap([['www-authenticate', 'Bearer realm="strata"']]) } } : {};
            throw new GraphQLError(typed.message, { extensions: { ...typed.extensions, ...http } });
          }
          throw error;
        }
      },
    }),
  );
  // A body over the limit or not JSON at all never reaches Apollo: answer it as a GraphQL error, not an HTML page.
  app.use('/graphql', (error: { type?: string; limit?: number }, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (error?.type === 'entity.too.large') {
      res.status(413).json({ errors: [{ message: `The request body is over this server's limit of ${error.limit} bytes; send fewer or smaller records per call.`, extensions: { code: 'BAD_USER_INPUT' } }] });
    } else if (error?.type === 'entity.parse.failed') {
      res.status(400).json({ errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }] });
    } else {
      next(error);
    }
  });
  return { app, apollo, corpus, log };
}
