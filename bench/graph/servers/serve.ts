import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

/**
 * Serves a benchmark GraphQL app on a free loopback port, prints "READY <url>" for the parent (spawn.ts), and on
 * SIGTERM/SIGINT closes HTTP, then runs `close` (Apollo, driver) and exits. Both contenders use it, so they differ
 * only in what answers the queries.
 */
export async function serveForBenchmark(app: Express, close: () => Promise<void>): Promise<void> {
  const http = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => http.once('listening', () => resolve()));
  // autocannon keeps its connections open between requests.
  http.keepAliveTimeout = 60_000;
  console.log(`READY http://127.0.0.1:${(http.address() as AddressInfo).port}/graphql`);
  const stop = async () => {
    await new Promise<void>((resolve) => http.close(() => resolve()));
    http.closeAllConnections();
    await close();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
