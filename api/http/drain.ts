import type { Server } from 'node:http';

/**
 * Stops accepting connections and lets requests under way finish, for at most `graceMs`; then closes whatever is still
 * open. Idle keep-alive connections are closed at once (and as they become idle), or they would hold `close` open.
 * Resolves with how many connections had to be cut.
 */
export async function drainHttp(server: Server, graceMs: number): Promise<{ cut: number }> {
  let cut = 0;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const idleSweep = setInterval(() => server.closeIdleConnections(), 50);
  const deadline = setTimeout(() => {
    server.getConnections((_error, count) => {
      cut = count;
      server.closeAllConnections();
    });
  }, graceMs);
  try {
    await closed;
  } finally {
    clearInterval(idleSweep);
    clearTimeout(deadline);
  }
  return { cut };
}
