import type { GraphStore } from '../../../api/store/graph-store.js';
import type { ManagedTransaction } from '../../../api/store/transaction.js';

/**
 * A transaction and a graph store that send nothing: they record each statement with its parameters (what the
 * snapshot tests pin) and answer with the rows given, one list of rows per statement, in order.
 */
export interface Sent {
  cypher: string;
  params: Record<string, unknown>;
}

type Row = Record<string, unknown>;

const asRecord = (row: Row) => ({ keys: Object.keys(row), get: (key: string) => row[key], toObject: () => row });

export function recording(answers: Row[][] = []) {
  const sent: Sent[] = [];
  const next = (cypher: string, params: Record<string, unknown> = {}) => {
    sent.push({ cypher, params });
    return answers.shift() ?? [];
  };
  const tx = { run: async (cypher: string, params?: Record<string, unknown>) => ({ records: next(cypher, params).map(asRecord) }) };
  const graph = {
    database: 'neo4j',
    read: async (cypher: string, params?: Record<string, unknown>) => next(cypher, params),
    write: async <T>(work: (t: ManagedTransaction) => Promise<T>) => work(tx as unknown as ManagedTransaction),
    readTx: async <T>(work: (t: ManagedTransaction) => Promise<T>) => work(tx as unknown as ManagedTransaction),
    queryCount: () => sent.length,
    close: async () => {},
  };
  return { tx: tx as unknown as ManagedTransaction, graph: graph as unknown as GraphStore, sent };
}
