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
  /** One auto-commit `RETURN 1`, no retries, given up after `pingTimeoutMs`: readiness must answer quickly. Throws when unreachable. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface GraphStoreOptions {
  uri: string;
  user?: string | undefined;
  password?: string | undefined;
  database: string;
  /** How long the driver retries transient failures (default 10 s; never past the call's deadline). */
  maxRetryMs?: number;
  /** Deadline of a read, retries included (default 4 s): Neo4j's transaction timeout and a client-side timer. */
  readTimeoutMs?: number;
  /** Deadline of a write transaction, retries included (default 60 s: bulk seeds and 1,000-record batches are big). */
  writeTimeoutMs?: number;
  /** Deadline of `ping` (default 1.5 s). */
  pingTimeoutMs?: number;
}

/**
 * A call to Neo4j that did not finish by its deadline. Neo4j's own transaction timeout runs on the server, so a server
 * that is frozen (or a network that swallows packets) would never enforce it: the client-side timer does.
 */
export class GraphStoreTimeout extends Error {
  readonly code = 'GraphStoreTimeout';
  constructor(what: string, ms: number) {
    super(`${what} got no answer from Neo4j within ${ms} ms.`);
    this.name = 'GraphStoreTimeout';
  }
}

/** `work`, or a GraphStoreTimeout after `ms`; the work itself is left to finish or fail on its own. */
export function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new GraphStoreTimeout(what, ms)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

export function createGraphStore(options: GraphStoreOptions): GraphStore {
  const auth = options.user ? neo4j.auth.basic(options.user, options.password ?? '') : undefined;
  const readMs = options.readTimeoutMs ?? 4_000;
  const writeMs = options.writeTimeoutMs ?? 60_000;
  const pingMs = options.pingTimeoutMs ?? 1_500;
  const driver = neo4j.driver(options.uri, auth, {
    // Fail fast when the store is down so the API can say so instead of hanging: every call also has a deadline below.
    connectionAcquisitionTimeout: Math.min(readMs, 3_000),
    connectionTimeout: Math.min(readMs, 3_000),
    maxTransactionRetryTime: options.maxRetryMs ?? 10_000,
    disableLosslessIntegers: false,
  });
  // Transactions share executeQuery's bookmark manager, so a read after a write (a mutation's payload) sees that write
  // on a cluster too.
  const inSession = <T>(mode: SessionMode, ms: number, run: (session: Session) => Promise<T>): Promise<T> => {
    const session = driver.session({ database: options.database, defaultAccessMode: mode, bookmarkManager: driver.executeQueryBookmarkManager });
    const work = (async () => {
      try {
        return await run(session);
      } finally {
        await session.close();
      }
    })();
    return withDeadline(work, ms, mode === neo4j.session.WRITE ? 'A write' : 'A read');
  };
  return {
    driver,
    database: options.database,
    async read(cypher, params = {}) {
      const result = await withDeadline(
        driver.executeQuery(cypher, params, { database: options.database, routing: neo4j.routing.READ, transactionConfig: { timeout: readMs } }),
        readMs,
        'A read',
      );
      return result.records.map((r) => r.toObject() as never);
    },
    write: (work) => inSession(neo4j.session.WRITE, writeMs, (session) => session.executeWrite(work, { timeout: writeMs })),
    readTx: (work) => inSession(neo4j.session.READ, readMs, (session) => session.executeRead(work, { timeout: readMs })),
    ping() {
      const session = driver.session({ database: options.database });
      const work = session.run('RETURN 1', {}, { timeout: pingMs }).then(() => undefined);
      // Closing waits for the answer, which a frozen server never sends: close in the background.
      void work.finally(() => session.close()).catch(() => {});
      return withDeadline(work, pingMs, 'The readiness ping');
    },
    close: () => driver.close(),
  };
}

/** Neo4j driver errors that mean "the store is not reachable right now", as opposed to a bad query. */
export function isGraphStoreUnavailable(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code ?? '';
  return (
    code === 'ServiceUnavailable' ||
    code === 'GraphStoreTimeout' ||
    // Neo4j's own transaction timeout: the store is too slow to answer right now.
    code.startsWith('Neo.ClientError.Transaction.TransactionTimedOut') ||
    code === 'SessionExpired' ||
    code.startsWith('Neo.TransientError.General.DatabaseUnavailable') ||
    /ECONNREFUSED|Connection acquisition timed out|Could not perform discovery/i.test(String((error as Error)?.message))
  );
}
