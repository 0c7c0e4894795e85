import { complexityFromQuery } from '@pothos/plugin-complexity';
import cors from 'cors';
import express, { type Request as ExpressRequest, type RequestHandler } from 'express';
import {
  GraphQLError, Kind, getOperationAST, parse, specifiedRules, validate,
  type DocumentNode, type ExecutionResult, type GraphQLFormattedError, type GraphQLSchema, type ValidationRule,
} from 'graphql';
import { createHandler } from 'graphql-sse/lib/use/express';
import { viewerFromAuthorization } from '../auth/viewer.js';
import type { StrataContext } from '../context.js';
import { StrataError } from '../core/errors.js';
import type { Viewer } from '../core/roles.js';
import { isGraphStoreUnavailable, type GraphStore } from '../store/graph-store.js';
import { newRequestMeter, type CostLimits, type RequestMeter } from './request-cost.js';

export const EVENT_STREAM_PATH = '/graphql/stream';

/** graphql-sse wants an index-signature context type; the context is Strata's own. */
type StreamContext = StrataContext & Record<PropertyKey, unknown>;

export interface EventStreamOptions {
  schema: GraphQLSchema;
  graph: GraphStore;
  adminKey: string | undefined;
  /** The /graphql limits: tokens (parser), aliases and directives (validation rules), cost, depth and breadth. */
  maxTokens: number;
  validationRules: readonly ValidationRule[];
  cost: CostLimits;
  /** The same rate limiter (and budgets) as /graphql. */
  rateLimit: RequestHandler;
  contextFor(viewer: Viewer, meter: RequestMeter, req: ExpressRequest): StrataContext;
  formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError;
  /** An error outside GraphQL's handling (a bug): logged, answered 500 or the stream cut. */
  logUnexpected(error: unknown): void;
}

/**
 * GraphQL subscriptions over server-sent events (`graphql-sse`'s "distinct connections" mode: one POST with
 * `Accept: text/event-stream` per subscription), docs/architecture.md#notifications. Only subscriptions are served
 * here (queries and mutations go to /graphql), with the bounds /graphql has: the bearer key checked the same way
 * (HTTP 401 for a wrong key), the parser's token limit, the alias and directive rules, the cost, depth and breadth
 * limits, and the same rate-limit budget (1 point on arrival, the operation's cost when the stream ends).
 */
export function eventStreamRoute(options: EventStreamOptions): express.Router {
  const rules = [...specifiedRules, ...options.validationRules];
  const refuse = (status: number, code: string, message: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
    [
      JSON.stringify({ errors: [{ message, extensions: { code, ...extra } }] }),
      { status, statusText: code, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } },
    ] as const;

  const handler = createHandler<StreamContext>({
    // Only the distinct connections mode: no stream tokens to reserve, so nothing is held open for an unchecked caller.
    authenticate: () => null,
    // onSubscribe below has validated the document with these rules already.
    validate: () => [],
    onSubscribe: async (req, params) => {
      const raw = req.raw;
      const meter = req.context.res.locals.meter as RequestMeter;
      let document: DocumentNode;
      try {
        document = parse(params.query, { maxTokens: options.maxTokens });
      } catch (error) {
        return refuse(400, 'GRAPHQL_PARSE_FAILED', (error as Error).message);
      }
      const invalid = validate(options.schema, document, rules);
      if (invalid.length > 0) return refuse(400, 'GRAPHQL_VALIDATION_FAILED', invalid.map((e) => e.message).join(' '));
      const operation = getOperationAST(document, params.operationName);
      if (!operation) return refuse(400, 'BAD_REQUEST', 'Name the operation to run (operationName): the document has several, or none.');
      if (operation.operation !== 'subscription') {
        return refuse(400, 'BAD_REQUEST', `Only subscriptions are served at ${EVENT_STREAM_PATH}; send queries and mutations to /graphql.`);
      }
      let viewer: Viewer;
      try {
        viewer = await viewerFromAuthorization(raw.headers.authorization, options.graph, options.adminKey);
      } catch (error) {
        if (isGraphStoreUnavailable(error)) return refuse(503, 'GRAPH_STORE_UNAVAILABLE', 'The graph store (Neo4j) is not reachable; try again shortly.');
        if (error instanceof StrataError) {
          const headers: Record<string, string> = error.code === 'UNAUTHENTICATED' ? { 'www-authenticate': 'Bearer realm="strata"' } : {};
          return refuse(error.code === 'UNAUTHENTICATED' ? 401 : 400, error.code, error.message, {}, headers);
        }
        throw error;
      }
      const contextValue = options.contextFor(viewer, meter, raw) as StreamContext;
      const variableValues = params.variables ?? {};
      const measured = (() => {
        try {
          const one: DocumentNode = { kind: Kind.DOCUMENT, definitions: [operation, ...document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION)] };
          return complexityFromQuery(one, { schema: options.schema, ctx: contextValue, variables: variableValues });
        } catch (error) {
          return error as Error;
        }
      })();
      if (measured instanceof Error) return refuse(400, 'BAD_USER_INPUT', measured.message);
      const { complexity, depth, breadth } = measured;
      meter.operationName = params.operationName ?? operation.name?.value ?? null;
      meter.cost = complexity;
      const { maxDepth, maxBreadth, maxCost } = options.cost;
      const over =
        depth > maxDepth ? `depth (${depth}) is over this server's limit of ${maxDepth}`
        : breadth > maxBreadth ? `breadth (${breadth} fields) is over this server's limit of ${maxBreadth}`
        : complexity > maxCost ? `cost (${complexity}) is over this server's limit of ${maxCost}`
        : null;
      if (over) return refuse(400, 'BAD_USER_INPUT', `The subscription's ${over}; ask for fewer, shallower or smaller things.`, { cost: complexity });
      return { schema: options.schema, document, operationName: params.operationName ?? null, variableValues, contextValue };
    },
    // Errors in events are shown as /graphql shows them: typed codes pass, the rest is masked in production.
    onNext: (_ctx, _req, result) => {
      const errors = (result as ExecutionResult).errors;
      if (!errors?.length) return;
      // The formatted errors are what is sent (graphql-sse serialises the result as it is).
      return { ...result, errors: errors.map((e) => options.formatError(e instanceof GraphQLError ? e.toJSON() : { message: String(e) }, e)) } as unknown as ExecutionResult;
    },
  });

  const router = express.Router();
  router.use(
    EVENT_STREAM_PATH,
    cors(),
    options.rateLimit,
    express.json({ limit: '100kb' }),
    (_req, res, next) => {
      res.locals.meter = newRequestMeter();
      next();
    },
    async (req, res) => {
      try {
        await handler(req, res);
      } catch (error) {
        if (!res.headersSent) res.status(500).json({ errors: [{ message: 'Internal server error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
        else res.end();
        options.logUnexpected(error);
      }
    },
  );
  return router;
}
