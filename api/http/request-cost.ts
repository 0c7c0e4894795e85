import type { ApolloServerPlugin } from '@apollo/server';
import { complexityFromQuery } from '@pothos/plugin-complexity';
import { GraphQLError, Kind, type DocumentNode } from 'graphql';

/** What one request costs, filled in once its operation is known; read by the rate limiter and the request log. */
export interface RequestMeter {
  operationName: string | null;
  /** The operation's cost (the complexity plugin's sum of field costs, lists multiplied), or 0 until known. */
  cost: number;
  /** `extensions.code` of each error the response carries (for the request log and the error metrics). */
  errorCodes: string[];
}

export const newRequestMeter = (): RequestMeter => ({ operationName: null, cost: 0, errorCodes: [] });

export interface CostLimits {
  maxCost: number;
  maxDepth: number;
  maxBreadth: number;
}

/**
 * Bounds every operation before it runs, and records what it costs. The cost is computed here, once per request,
 * with the request's variables (a `traceText` of 60 KB costs more than one of 60 bytes), rather than in each root
 * resolver as the complexity plugin does by default: that check never runs for an operation with no resolver at all
 * (`{ a: __typename b: __typename … }`), and it could not feed the rate limiter. It cannot be a validation rule either:
 * Apollo caches validation per document, and the cost depends on the variables. See
 * docs/architecture.md#bounded-requests.
 */
export function requestCostPlugin(limits: CostLimits, meterOf: (context: unknown) => RequestMeter | undefined): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse(request) {
          const meter = meterOf(request.contextValue);
          const body = request.response.body;
          if (meter && body.kind === 'single') meter.errorCodes = (body.singleResult.errors ?? []).map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
        },
        async didResolveOperation(request) {
          const meter = meterOf(request.contextValue);
          const operation = request.operation;
          if (!operation) return;
          const document: DocumentNode = {
            kind: Kind.DOCUMENT,
            definitions: [operation, ...request.document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION)],
          };
          let measured: { complexity: number; depth: number; breadth: number };
          try {
            measured = complexityFromQuery(document, { schema: request.schema, ctx: request.contextValue, variables: request.request.variables ?? {} });
          } catch (error) {
            // Variables that do not fit their declared types (the cost needs their values): what execution would say.
            throw new GraphQLError((error as Error).message, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
          }
          const { complexity, depth, breadth } = measured;
          if (meter) {
            meter.operationName = request.operationName ?? operation.name?.value ?? null;
            meter.cost = complexity;
          }
          const over =
            depth > limits.maxDepth ? `depth (${depth}) is over this server's limit of ${limits.maxDepth}`
            : breadth > limits.maxBreadth ? `breadth (${breadth} fields) is over this server's limit of ${limits.maxBreadth}`
            : complexity > limits.maxCost ? `cost (${complexity}) is over this server's limit of ${limits.maxCost}`
            : null;
          if (over) {
            throw new GraphQLError(`The query's ${over}; ask for fewer, shallower or smaller things per request.`, {
              extensions: { code: 'BAD_USER_INPUT', cost: complexity, http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}
