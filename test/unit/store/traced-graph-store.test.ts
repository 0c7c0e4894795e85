import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import type { ManagedTransaction } from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import type { GraphStore } from '../../../api/store/graph-store.js';
import { traceGraphStore } from '../../../api/store/traced-graph-store.js';

// The tracing wrapper of the graph store: spans for reads and transactions, one per statement, parented on the span
// that is current when the call starts; parameters never recorded; failures marked. (No database: a fake store.)
function setup(fail = false) {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  const tracer = provider.getTracer('test');
  const operation = tracer.startSpan('query Op');
  const answer = (): Promise<never[]> => (fail ? Promise.reject(Object.assign(new Error('gone'), { code: 'ServiceUnavailable' })) : Promise.resolve([]));
  const fakeTx = { run: () => Object.assign(answer(), { records: [] }) } as unknown as ManagedTransaction;
  const store = { driver: {} as GraphStore['driver'], database: 'neo4j', read: answer, write: (work: (tx: ManagedTransaction) => Promise<unknown>) => work(fakeTx), readTx: (work: (tx: ManagedTransaction) => Promise<unknown>) => work(fakeTx), ping: async () => {}, close: async () => {} } as unknown as GraphStore;
  const traced = traceGraphStore(store, tracer, () => trace.setSpan(ROOT_CONTEXT, operation));
  return { exporter, operation, traced };
}

describe('traceGraphStore', () => {
  it('a read is one cypher span under the current span, with the statement and never the parameters', async () => {
    const { exporter, operation, traced } = setup();
    await traced.read('MATCH (o:Output {id: $id}) RETURN o', { id: 'secret-text' });
    const [span] = exporter.getFinishedSpans();
    expect(span!.name).toBe('cypher');
    expect(span!.parentSpanContext?.spanId).toBe(operation.spanContext().spanId);
    expect(span!.attributes).toEqual({ 'db.system.name': 'neo4j', 'db.namespace': 'neo4j', 'db.query.text': 'MATCH (o:Output {id: $id}) RETURN o' });
    expect(JSON.stringify(span!.attributes)).not.toContain('secret-text');
  });

  it('a transaction is a span with a cypher span per statement it runs', async () => {
    const { exporter, operation, traced } = setup();
    await traced.write(async (tx) => {
      await tx.run('CREATE (a:A)');
      await tx.run('CREATE (b:B)');
    });
    await traced.readTx(async (tx) => tx.run('MATCH (c:C) RETURN c'));
    const spans = exporter.getFinishedSpans();
    const write = spans.find((s) => s.name === 'neo4j write')!;
    const read = spans.find((s) => s.name === 'neo4j read')!;
    expect(write.parentSpanContext?.spanId).toBe(operation.spanContext().spanId);
    const under = (parent: typeof write) => spans.filter((s) => s.parentSpanContext?.spanId === parent.spanContext().spanId).map((s) => s.attributes['db.query.text']);
    expect(under(write)).toEqual(['CREATE (a:A)', 'CREATE (b:B)']);
    expect(under(read)).toEqual(['MATCH (c:C) RETURN c']);
  });

  it('a failure is recorded on the span with its code, and still reaches the caller', async () => {
    const { exporter, traced } = setup(true);
    await expect(traced.read('RETURN 1')).rejects.toThrow('gone');
    const [span] = exporter.getFinishedSpans();
    expect(span!.status).toEqual({ code: 2, message: 'ServiceUnavailable' });
    expect(span!.events[0]!.name).toBe('exception');
  });
});
