import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, TraceFlags, trace, type Context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { GraphStore } from '../store/graph-store.js';
import { traceGraphStore } from '../store/traced-graph-store.js';
import type { RequestMeter } from './request-cost.js';

/** The document is kept on the span for debugging, up to this many characters (variables never: they hold user text). */
const MAX_DOCUMENT_CHARS = 4_000;
/** W3C Trace Context: version 00, trace id, parent span id, flags. */
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

export interface Tracing {
  /** Opens the GraphQL operation's span around the rest of the /graphql chain (mount it just before Apollo). */
  middleware: RequestHandler;
  /** Names the span after the operation once Apollo has resolved it (`query Lookup`). */
  plugin: ApolloServerPlugin<BaseContext>;
  /** The graph store with a span per Cypher statement, children of the current operation's span. */
  instrument(graph: GraphStore): GraphStore;
  /** Sends the spans still queued (tests; shutdown does it too). */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

/**
 * Optional OpenTelemetry traces (STRATA_OTLP_TRACES_URL): a span per GraphQL operation with a child span per Cypher
 * statement it sent, batched to an OTLP/HTTP endpoint. Built only when the variable is set; when it is not, server.ts
 * mounts none of this, so tracing off costs nothing (docs/architecture.md#traces).
 *
 * The spans are made by hand rather than by the graphql and http auto-instrumentations: those patch modules as they are
 * loaded, which an API already running (or a test server in a process that loaded graphql first) cannot guarantee.
 * The provider is this server's own, not the process-global one, so two servers in a process do not mix their spans.
 */
export function startTracing(options: { url: string; serviceName?: string }): Tracing {
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.serviceName ?? 'strata-api' }),
    spanProcessors: [new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: options.url }) })],
  });
  const tracer = provider.getTracer('strata');
  // The current span follows the request through its promises (AsyncLocalStorage), down to the store's calls.
  const contexts = new AsyncLocalStorageContextManager();
  contexts.enable();
  const current = () => contexts.active();

  const middleware: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
    const span = tracer.startSpan('graphql', { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method, 'url.path': req.baseUrl || req.path } }, callerContext(req.get('traceparent')));
    res.once('close', () => {
      const meter = res.locals.meter as RequestMeter | undefined;
      span.setAttribute('http.response.status_code', res.statusCode);
      if (meter) {
        span.setAttribute('strata.request.cost', meter.cost);
        if (meter.errorCodes.length > 0) span.setAttribute('strata.error_codes', meter.errorCodes);
      }
      if (res.statusCode >= 500 || meter?.errorCodes.includes('INTERNAL_SERVER_ERROR') || meter?.errorCodes.includes('GRAPH_STORE_UNAVAILABLE')) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: meter?.errorCodes.join(', ') || `HTTP ${res.statusCode}` });
      }
      span.end();
    });
    contexts.with(trace.setSpan(ROOT_CONTEXT, span), next);
  };

  const plugin: ApolloServerPlugin<BaseContext> = {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, operationName, source }) {
          const span = trace.getSpan(current());
          if (!span || !operation) return;
          const name = operationName ?? operation.name?.value;
          span.updateName(name ? `${operation.operation} ${name}` : operation.operation);
          span.setAttribute('graphql.operation.type', operation.operation);
          if (name) span.setAttribute('graphql.operation.name', name);
          span.setAttribute('graphql.document', source.slice(0, MAX_DOCUMENT_CHARS));
        },
      };
    },
  };

  return {
    middleware,
    plugin,
    instrument: (graph) => traceGraphStore(graph, tracer, current),
    flush: () => provider.forceFlush(),
    async shutdown() {
      await provider.shutdown();
      contexts.disable();
    },
  };
}

/** The caller's trace (a `traceparent` header), so the operation's span joins it; otherwise a new trace. */
function callerContext(traceparent: string | undefined): Context {
  const match = TRACEPARENT.exec(traceparent ?? '');
  if (!match || /^0+$/.test(match[1]!) || /^0+$/.test(match[2]!)) return ROOT_CONTEXT;
  return trace.setSpanContext(ROOT_CONTEXT, { traceId: match[1]!, spanId: match[2]!, traceFlags: Number.parseInt(match[3]!, 16) & TraceFlags.SAMPLED, isRemote: true });
}
