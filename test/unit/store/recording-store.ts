import type { GraphStore } from '../../../api/store/graph-store.js';
import type { Runner } from '../../../api/store/runner.js';

/**
 * A transaction and a graph store that record every statement with its parameters and answer from canned rows, so a
 * store module's Cypher is pinned without a database (in the spirit of neo4j/graphql's tck).
 */

export interface SentStatement {
  statement: string;
  parameters: Record<string, unknown>;
}

type Row = Record<string, unknown>;

/**
 * `replies[i]` are the rows the i-th statement gets back (none when absent), whether it was sent with graph.read or in
 * a transaction; graph.write and graph.readTx hand their work the one recording transaction.
 */
export function recordingStore(replies: Row[][] = []): { tx: Runner; graph: GraphStore; sent: SentStatement[] } {
  const sent: SentStatement[] = [];
  const queue = [...replies];
  const send = (statement: string, parameters: Record<string, unknown> = {}) => {
    sent.push({ statement, parameters });
    return queue.shift() ?? [];
  };
  const tx = {
    run: async (statement: string, parameters?: Record<string, unknown>) => ({
      records: send(statement, parameters).map((row) => ({ get: (key: string) => row[key], toObject: () => row })),
    }),
  } as unknown as Runner;
  const graph = {
    database: 'neo4j',
    read: async (statement: string, parameters?: Record<string, unknown>) => send(statement, parameters),
    write: (work: (t: Runner) => Promise<unknown>) => work(tx),
    readTx: (work: (t: Runner) => Promise<unknown>) => work(tx),
  } as unknown as GraphStore;
  return { tx, graph, sent };
}
