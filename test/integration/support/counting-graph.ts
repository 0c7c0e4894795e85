import type { GraphStore } from '../../../api/store/graph-store.js';

export interface CountingGraph extends GraphStore {
  /** Queries sent through this store so far: one per read, one per transaction attempt of write and readTx. */
  queryCount(): number;
}

/**
 * A GraphStore that counts what it sends, so a test can prove per-request batching (as Pothos's own dataloader tests
 * count calls of the load function). Production code never counts.
 */
export function countingGraph(graph: GraphStore): CountingGraph {
  let queries = 0;
  return {
    driver: graph.driver,
    database: graph.database,
    read(cypher, params) {
      queries += 1;
      return graph.read(cypher, params);
    },
    write(work) {
      return graph.write((tx) => {
        queries += 1;
        return work(tx);
      });
    },
    readTx(work) {
      return graph.readTx((tx) => {
        queries += 1;
        return work(tx);
      });
    },
    ping: () => graph.ping(),
    close: () => graph.close(),
    queryCount: () => queries,
  };
}
