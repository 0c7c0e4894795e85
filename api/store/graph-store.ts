import neo4j, { type Driver, type ManagedTransaction, type RecordShape, type Session, type SessionMode } from 'neo4j-driver';

/**
 * The one Neo4j driver of the process and the only way the API talks to it: reads go to readers
 * (routing READ), writes run in managed transactions (retried by the driver on transient errors), and both
 * always name the database.
 */
export interface GraphStore {
  driver: Driver;
  database: string;
  read<T extends RecordShape = RecordShape>(cypher: string, params?: Record<string, unknown>): Promise<T[]>;
  write<T>(work: (tx: ManagedTransaction) => Promise<T>): Promise<T>;
  /** A managed read transaction, for read helpers written against a transaction (e.g. the log's proofs). */
  readTx<T>(work: (tx: ManagedTransaction) => Promise<T>): Promise<T>;
  /** One auto-commit `RETURN 1` with a 3 s timeout and no retries: readiness must answer quickly. Throws when unreachable. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface GraphStoreOptions {
  uri: string;
  user?: string | undefined;
  password?: string | undefined;
  database: string;
  /** How long the driver retries transient failures (default 10 s). */
  maxRetryMs?: number;
}

export function createGraphStore(options: GraphStoreOptions): GraphStore {
  const auth = options.user ? neo4j.auth.basic(options.user, options.password ?? '') : undefined;
  const driver = neo4j.driver(options.uri, auth, {
    // Fail fast when the store is down so the API can say so instead of hanging.
    connectionAcquisitionTimeout: 10_000,
    connectionTimeout: 5_000,
    maxTransactionRetryTime: options.maxRetryMs ?? 10_000,
    disableLosslessIntegers: false,
  });
  // Transactions share executeQuery's bookmark manager, so a read after a write (a mutation's payload) sees that write
  // on a cluster too.
  const inSession = async <T>(mode: SessionMode, run: (session: Session) => Promise<T>): Promise<T> => {
    const session = driver.session({ database: options.database, defaultAccessMode: mode, bookmarkManager: driver.executeQueryBookmarkManager });
    try {
      return await run(session);
    } finally {
      await session.close();
    }
  };
  return {
    driver,
    database: options.database,
    async read(cypher, params = {}) {
      const result = await driver.executeQuery(cypher, params, {
        database: options.database,
        routing: neo4j.routing.READ,
      });
      return result.records.map((r) => r.toObject() as never);
    },
    write: (work) => inSession(neo4j.session.WRITE, (session) => session.executeWrite(work)),
    readTx: (work) => inSession(neo4j.session.READ, (session) => session.executeRead(work)),
    async ping() {
      const session = driver.session({ database: options.database });
      try {
        await session.run('RETURN 1', {}, { timeout: 3000 });
      } finally {
        await session.close();
      }
    },
    close: () => driver.close(),
  };
}

/** Neo4j driver errors that mean "the store is not reachable right now", as opposed to a bad query. */
export function isGraphStoreUnavailable(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code ?? '';
  return (
    code === 'ServiceUnavailable' ||
    code === 'SessionExpired' ||
    code.startsWith('Neo.TransientError.General.DatabaseUnavailable') ||
    /ECONNREFUSED|Connection acquisition timed out|Could not perform discovery/i.test(String((error as Error)?.message))
  );
}
