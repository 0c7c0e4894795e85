import { ApolloServer, HeaderMap } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import cors from 'cors';
import express from 'express';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { StrataConfig } from './config.js';
import { createContext, type StrataContext } from './context.js';
import { viewerFromAuthorization } from './auth/viewer.js';
import { isGraphStoreUnavailable, withDeadline, type GraphStore } from './store/graph-store.js';
import { graphStoreUnavailable, StrataError } from './core/errors.js';
import { schema } from './schema/index.js';
import { loadSemanticTier } from './embedding/onnx-embedder.js';
import { ParaphraseTier } from './corpus/paraphrase-tier.js';
import { CorpusService } from './corpus/corpus-service.js';
import { ProvenanceCache } from './store/provenance-cache.js';
import { ProvenanceReads } from './store/provenance-reads.js';
import { LogService } from './log/log-service.js';
import { newRequestMeter, requestCostPlugin, type RequestMeter } from './http/request-cost.js';
import { documentLimits } from './http/request-bounds.js';
import { responseCap } from './http/response-cap.js';
import { rateLimits } from './http/rate-limit.js';
import { Metrics } from './http/metrics.js';
import { createLogger, requestLog } from './http/request-log.js';
import { startTracing, type Tracing } from './http/tracing.js';
import type { DestinationStream, Logger } from 'pino';

/** Depth and breadth (fields in one selection, summed down the tree) of one operation; not configurable. */
const MAX_DEPTH = 15;
const MAX_BREADTH = 300;
const MAX_DIRECTIVES = 50;
/** neo4j-driver's default connection pool size (this project does not change it). */
const NEO4J_POOL_SIZE = 100;
/** /readyz answers within about ping (1.5 s) + this, whatever Neo4j does. */
const READINESS_AUDIT_MS = 1_500;
import { provRoute } from './http/prov-route.js';
import { openLineageRoute } from './http/openlineage-route.js';
import { publicOrigin } from './http/http-errors.js';
import { eventStreamRoute } from './http/event-stream-route.js';
import { NotificationFeed, type FeedOptions } from './notifications/notification-feed.js';
import { PersistedQueryStore, TRUSTED_DOCUMENTS } from './http/trusted-documents.js';
import { LookupResponses } from './http/lookup-responses.js';
import { directLookups, type DirectLookups } from './http/direct-lookups.js';
import { ANONYMOUS } from './core/roles.js';

const KNOWN_CODES = new Set(['BAD_USER_INPUT', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'GRAPH_STORE_UNAVAILABLE', 'GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED', 'BAD_REQUEST', 'PERSISTED_QUERY_NOT_FOUND']);

/**
 * Typed errors pass through; a store outage says so; anything else is masked in production, and logged with its stack
 * (`logUnexpected`) so the operator sees what the client could not.
 */
export function formatError(production: boolean, logUnexpected: (error: unknown) => void = () => {}) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = (error as GraphQLError)?.originalError ?? error;
    if (isGraphStoreUnavailable(original)) {
      const e = graphStoreUnavailable();
      return { message: e.message, path: formatted.path, extensions: { code: 'GRAPH_STORE_UNAVAILABLE' } };
    }
    const code = String(formatted.extensions?.code ?? '');
    if (!KNOWN_CODES.has(code)) logUnexpected(original);
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
  logger: Logger;
  metrics: Metrics;
  /** Present when STRATA_OTLP_TRACES_URL is set; shutdown flushes it. */
  tracing: Tracing | undefined;
  /** The event streams' source (docs/architecture.md#notifications); shutdown closes it before draining HTTP. */
  notifications: NotificationFeed;
}

export async function createStrataServer(givenGraph: GraphStore, config: StrataConfig, options: { logDestination?: DestinationStream; /** false: no request or Neo4j metrics (bench/hardening.ts measures what they cost) */ metrics?: boolean; /** Event stream settings (tests shorten the value checks). */ notifications?: FeedOptions; /** Load the trace index now, and be ready only once it is (serve.ts; docs/architecture.md#start-up) */ warmTraceIndex?: boolean; /** false: trusted lookups go through Apollo's pipeline too (tests compare the two; docs/architecture.md#trusted-lookups-without-the-pipeline) */ directLookups?: boolean } = {}): Promise<StrataServer> {
  const logger = createLogger(config.logLevel, options.logDestination);
  let corpusRecords = () => 0;
  let closeCorpus = async () => {};
  // Cold lookups of concurrent requests share one query (docs/architecture.md#provenance-reads-in-batches).
  const provenanceReads = new ProvenanceReads();
  const bounds = documentLimits({ maxAliases: config.limits.maxAliases, maxTokens: config.limits.maxTokens, maxDirectives: MAX_DIRECTIVES, production: config.production });
  const costLimits = { maxCost: config.limits.maxCost, maxDepth: MAX_DEPTH, maxBreadth: MAX_BREADTH };
  // Filled in once the context's engines exist (below); counted from the start.
  let direct: DirectLookups | null = null;
  const provenance = new ProvenanceCache(config.provenanceCache, provenanceReads);
  // Whole answers to trusted GET lookups, dropped with the provenance cache (docs/architecture.md#lookups-over-get).
  const lookups = new LookupResponses({ ...config.provenanceCache, generation: () => provenance.generation });
  const metrics = new Metrics({
    traceIndexRecords: () => corpusRecords(),
    neo4jPoolSize: NEO4J_POOL_SIZE,
    provenanceCache: () => ({ ...provenance.counts, size: provenance.size }),
    lookupResponses: () => ({ ...lookups.counts, size: lookups.size }),
    provenanceReads: () => provenanceReads.counts,
    directLookups: () => direct?.counts ?? { answered: 0, passed: 0 },
  });
  // Tracing off (the default): nothing below is wrapped or mounted for it.
  const tracing = config.otlpTracesUrl ? startTracing({ url: config.otlpTracesUrl }) : undefined;
  const timed = options.metrics === false ? givenGraph : metrics.instrument(givenGraph);
  const graph = tracing ? tracing.instrument(timed) : timed;
  const apollo = new ApolloServer<StrataContext>({
    schema,
    parseOptions: bounds.parseOptions,
    // Automatic persisted queries, with the trusted documents known from the start (docs/architecture.md#lookups-over-get).
    persistedQueries: { cache: new PersistedQueryStore() },
    validationRules: bounds.validationRules,
    plugins: [
      ...bounds.plugins,
      requestCostPlugin(costLimits, (context) => (context as StrataContext).meter),
      // The tracing threads stop with the GraphQL server (docs/architecture.md#tracing-off-the-event-loop).
      { serverWillStart: async () => ({ serverWillStop: () => closeCorpus() }) },
      ...(tracing ? [tracing.plugin] : []),
    ],
    formatError: formatError(config.production, (error) => logger.error({ err: error }, 'unexpected error (masked for clients in production)')),
    includeStacktraceInErrorResponses: !config.production,
    // On by default: the schema is published anyway (schema/schema.graphql); STRATA_INTROSPECTION=off hides it.
    introspection: config.introspection,
    // serve.ts owns shutdown (HTTP, driver, local Neo4j, in that order); Apollo's own signal handler would race it.
    stopOnTerminationSignals: false,
  });
  await apollo.start();
  const corpusLog = config.production ? () => {} : console.log;
  // The paraphrase tier runs when its model is present (docs/architecture.md#the-paraphrase-tier-semantic); without
  // it attribution works as before and the start-up log says why the tier is off.
  const tier = await loadSemanticTier({ dir: config.embeddingModelDir, disabled: !config.semantic });
  logger.info({ semanticTier: tier.status }, tier.status.state === 'on' ? `Paraphrase tier on (${tier.status.modelVersion}).` : `Paraphrase tier off: ${tier.status.reason}.`);
  const paraphrase = tier.embedder ? new ParaphraseTier(graph, tier.embedder, { cacheFile: config.embeddingCacheFile, log: corpusLog }) : null;
  const corpus = new CorpusService(graph, { file: config.attributionIndexFile, log: corpusLog, threads: config.traceThreads, paraphrase });
  // Record sentences are embedded in the background; an output that needs one before then embeds it on demand.
  if (paraphrase) void paraphrase.warm().catch((error: Error) => logger.warn({ err: error }, 'Embedding record sentences failed; they are embedded on demand.'));
  corpusRecords = () => corpus.recordCount;
  closeCorpus = async () => {
    await corpus.close();
    await tier.embedder?.close();
  };
  // The trace index is loaded (or built) at start rather than by the first trace, and /readyz waits for it, so a
  // load balancer sends no traffic to a process whose first recordOutput would wait for the whole index.
  let traceIndexReady = !options.warmTraceIndex;
  let warming: Promise<void> | null = null;
  const warmTraceIndex = () => {
    const started = Date.now();
    warming ??= corpus.ready().then(
      () => {
        traceIndexReady = true;
        logger.info({ records: corpus.recordCount, ms: Date.now() - started }, 'Trace index ready.');
        corpusLog(`Trace index ready: ${corpus.recordCount} records in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
      },
      (error: Error) => {
        // Retried by the next /readyz (Neo4j may come back).
        warming = null;
        logger.warn({ err: error }, 'Loading the trace index failed; /readyz retries.');
      },
    );
  };
  if (!traceIndexReady) warmTraceIndex();
  const log = new LogService(graph, { keyFile: config.logSigningKeyFile, env: config.env, auditTtlMs: config.logAuditTtlMs });
  const notifications = new NotificationFeed(graph, { log: (line) => logger.warn(line), ...options.notifications });
  const engines = { corpus, log, governance: { votingPeriodSeconds: config.votingPeriodSeconds }, provenance, notifications };
  const showError = formatError(config.production, (error) => logger.error({ err: error }, 'unexpected error (masked for clients in production)'));
  // Anonymous trusted lookups executed without Apollo's pipeline, same bytes out (docs/architecture.md#trusted-lookups-without-the-pipeline);
  // with tracing on they go through Apollo, whose plugin names the operation's span.
  if (!tracing && options.directLookups !== false) {
    direct = directLookups({
      schema, validationRules: bounds.validationRules, cost: costLimits,
      contextFor: (req, meter) => createContext(graph, ANONYMOUS, { ...engines, origin: publicOrigin(req, config.publicUrl) }, meter),
    });
  }
  // One budget per client for /graphql and /graphql/stream together.
  const rateLimit = rateLimits(config.rateLimit);

  const app = express();
  app.disable('x-powered-by');
  // Behind a proxy, req.ip (the anonymous rate-limit bucket) is the client only if the proxy's header is believed.
  app.set('trust proxy', config.trustProxyHops);
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  app.get('/readyz', async (_req, res) => {
    // No retries: readiness must answer quickly, not wait out a retry budget.
    try {
      await graph.ping();
    } catch (error) {
      res.status(503).json({ status: 'unavailable', reason: 'The graph store (Neo4j) is not reachable.', detail: String((error as Error).message).slice(0, 200) });
      return;
    }
    if (!traceIndexReady) {
      warmTraceIndex();
      res.status(503).json({ status: 'starting', reason: `The trace index is loading (${corpus.recordCount} records so far).` });
      return;
    }
    // Walk-back detection: stored leaves must recompute to the head, and the head must extend the last signed checkpoint.
    try {
      // The ping answered, but a store that freezes now must not hold readiness past a probe's patience either.
      const audit = await withDeadline(log.audit(), READINESS_AUDIT_MS, 'The log audit');
      if (!audit.ok) {
        res.status(503).json({ status: 'log-integrity-failure', reason: 'The transparency log does not match what it signed.', problems: audit.problems });
        return;
      }
      res.json({ status: 'ready', log: { size: audit.head.size, rootHash: audit.head.rootHash } });
    } catch (error) {
      res.status(503).json({ status: 'unavailable', reason: 'The transparency log could not be audited.', detail: String((error as Error).message).slice(0, 200) });
    }
  });
  // The documents a client may ask for by hash over GET, with how long their answers may be kept.
  app.get('/graphql/trusted-documents', (_req, res) => {
    res.json(TRUSTED_DOCUMENTS.map(({ name, sha256Hash, cache, document }) => ({ name, sha256Hash, cache, document })));
  });
  // Lineage in and out (docs/architecture.md#lineage-in-and-out).
  app.use(provRoute(graph, { publicUrl: config.publicUrl, production: config.production }));
  app.use(openLineageRoute(graph, { adminKey: config.adminKey, production: config.production }));
  // Subscriptions over SSE (docs/architecture.md#notifications); before /graphql, whose mount would match it too.
  app.use(
    eventStreamRoute({
      schema, graph, adminKey: config.adminKey, maxTokens: config.limits.maxTokens, validationRules: bounds.validationRules,
      cost: { maxCost: config.limits.maxCost, maxDepth: MAX_DEPTH, maxBreadth: MAX_BREADTH }, rateLimit,
      contextFor: (viewer, meter, req) => createContext(graph, viewer, { ...engines, origin: publicOrigin(req, config.publicUrl) }, meter),
      formatError: showError,
      logUnexpected: (error) => logger.error({ err: error }, 'event stream failed'),
    }),
  );
  app.use(
    '/graphql',
    requestLog(logger, options.metrics === false ? null : metrics),
    cors(),
    rateLimit,
    // Room for the largest documented batch: 1,000 records × 32 KB, plus JSON overhead.
    express.json({ limit: '40mb' }),
    (_req, res, next) => {
      res.locals.meter = newRequestMeter();
      next();
    },
    // Before the response cap, so a body the cap replaces by an error is not cached.
    lookups.middleware(),
    responseCap(config.limits.maxResponseBytes),
    ...(tracing ? [tracing.middleware] : []),
    ...(direct ? [direct.middleware] : []),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        try {
          const origin = publicOrigin(req, config.publicUrl);
          return createContext(
            graph,
            await viewerFromAuthorization(req.headers.authorization, graph, config.adminKey),
            { ...engines, origin },
            res.locals.meter as RequestMeter,
          );
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
  return { app, apollo, corpus, log, logger, metrics, tracing, notifications };
}
