import { SpanKind, SpanStatusCode, trace, type Context, type Span, type Tracer } from '@opentelemetry/api';
import type { ManagedTransaction } from 'neo4j-driver';
import type { GraphStore } from './graph-store.js';

/** Statements are the store's named constants, so their text is bounded; this keeps a span small all the same. */
const MAX_STATEMENT_CHARS = 2_000;

/**
 * The graph store, with an OpenTelemetry span for every Cypher statement it sends, as a child of the span that is
 * current when the call starts (the GraphQL operation's): a `read` is one `cypher` span; a `write` or `readTx` is a
 * `neo4j write`/`neo4j read` transaction span (retries included) with a `cypher` span per `tx.run`.
 *
 * Only the statement is recorded, never its parameters: they carry user text and key hashes. Used only when tracing
 * is on (docs/architecture.md#traces); otherwise the store is not wrapped at all.
 */
export function traceGraphStore(graph: GraphStore, tracer: Tracer, current: () => Context): GraphStore {
  const database = { 'db.system.name': 'neo4j', 'db.namespace': graph.database };
  const statementSpan = (cypher: string, parent: Context) =>
    tracer.startSpan('cypher', { kind: SpanKind.CLIENT, attributes: { ...database, 'db.query.text': cypher.trim().slice(0, MAX_STATEMENT_CHARS) } }, parent);
  const settle = <T>(span: Span, work: PromiseLike<T>): Promise<T> =>
    Promise.resolve(work).then(
      (value) => {
        span.end();
        return value;
      },
      (error: Error & { code?: string }) => {
        span.recordException({ name: error?.name ?? 'Error', message: String(error?.message ?? error), code: error?.code });
        span.setStatus({ code: SpanStatusCode.ERROR, message: error?.code ?? error?.name });
        span.end();
        throw error;
      },
    );
  const transaction = <T>(mode: 'read' | 'write', run: (work: (tx: ManagedTransaction) => Promise<T>) => Promise<T>, work: (tx: ManagedTransaction) => Promise<T>) => {
    const span = tracer.startSpan(`neo4j ${mode}`, { kind: SpanKind.INTERNAL, attributes: database }, current());
    const parent = trace.setSpan(current(), span);
    return settle(
      span,
      run((tx) => {
        // The transaction the work sees: itself, but every statement it runs gets a span. Its result is awaited (not
        // streamed) everywhere in the store, so observing it with `then` shares the one buffered answer.
        const traced = Object.create(tx) as ManagedTransaction;
        traced.run = ((cypher: string, params?: Record<string, unknown>) => {
          const result = tx.run(cypher, params);
          void settle(statementSpan(cypher, parent), result).catch(() => {});
          return result;
        }) as ManagedTransaction['run'];
        return work(traced);
      }),
    );
  };
  return {
    ...graph,
    read: (cypher, params) => settle(statementSpan(cypher, current()), graph.read(cypher, params)),
    write: (work) => transaction('write', (w) => graph.write(w), work),
    readTx: (work) => transaction('read', (w) => graph.readTx(w), work),
    ping: () => graph.ping(),
    close: () => graph.close(),
  };
}
