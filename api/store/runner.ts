import type { ManagedTransaction } from 'neo4j-driver';

/**
 * What a store writer needs to run its statements in the caller's transaction: a ManagedTransaction, or an explicit
 * Transaction in scripts, or a recording fake in the statement snapshot tests.
 */
export type Runner = Pick<ManagedTransaction, 'run'>;
