import type { ManagedTransaction } from 'neo4j-driver';

/**
 * What a store writer needs from the transaction it runs in: `run`. A managed transaction from `GraphStore.write`
 * is one; so is the recording fake the statement snapshot tests use (test/unit/store/).
 */
export type Transaction = Pick<ManagedTransaction, 'run'>;

/** The transaction a `GraphStore.write` hands its work: what use-cases type their work with. */
export type { ManagedTransaction } from 'neo4j-driver';
