import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, repoRoot, startLocalNeo4j, type LocalNeo4j } from './local-neo4j.js';

const storesDir = join(repoRoot, '.strata', 'neo4j');
const OWNER_FILE = 'strata-owner.pid';

/**
 * A Neo4j for one test run (`kind` = "test" or "e2e"): a free port and a store of its own under .strata/neo4j, removed
 * when the run ends. `fixedPort` pins the port and keeps the store (and reuses a server already on it). Stores of
 * earlier runs that were killed before they could clean up (their owner process is gone) are removed first.
 */
export async function startThrowawayNeo4j(kind: string, options: { fixedPort?: number; supervise?: boolean; startTimeoutMs?: number; log: (line: string) => void }): Promise<LocalNeo4j> {
  removeAbandonedStores(storesDir, kind, options.log);
  const port = options.fixedPort ?? (await freePort());
  const storeDir = join(storesDir, `${kind}-${port}`);
  mkdirSync(storeDir, { recursive: true });
  recordStoreOwner(storeDir);
  const server = await startLocalNeo4j({ storeDir, port, log: options.log, supervise: options.supervise ?? false, ...(options.startTimeoutMs ? { startTimeoutMs: options.startTimeoutMs } : {}) });
  return {
    ...server,
    async stop() {
      await server.stop();
      if (server.owned && options.fixedPort === undefined) rmSync(storeDir, { recursive: true, force: true });
    },
  };
}

/** Removes `<kind>-<port>` stores in `dir` whose recorded owner process no longer runs; returns their names. */
export function removeAbandonedStores(dir: string, kind: string, log: (line: string) => void): string[] {
  if (!existsSync(dir)) return [];
  const abandoned = readdirSync(dir).filter((name) => new RegExp(`^${kind}-\\d+$`).test(name) && !ownerAlive(join(dir, name)));
  for (const name of abandoned) rmSync(join(dir, name), { recursive: true, force: true });
  if (abandoned.length > 0) log(`Removed ${abandoned.length} store(s) left by interrupted runs: ${abandoned.join(', ')}.`);
  return abandoned;
}

/**
 * The Neo4j of a test run's global setup: the server the `uriVariable` environment variable names, if it is set;
 * otherwise a throwaway one of this run's own, on the port `portVariable` fixes (reusing a server already there) or on
 * a free port, so parallel runs never share a database the tests wipe. `stop` is set only for a server started here.
 */
export async function testRunNeo4j(
  kind: string,
  options: { uriVariable: string; portVariable: string; log: (line: string) => void },
): Promise<{ uri: string; stop?: () => Promise<void> }> {
  const given = process.env[options.uriVariable];
  if (given) return { uri: given };
  const fixed = process.env[options.portVariable];
  const server = await startThrowawayNeo4j(kind, { fixedPort: fixed ? Number(fixed) : undefined, log: options.log });
  return { uri: server.uri, stop: () => server.stop() };
}

/** What startThrowawayNeo4j records in a store it creates, so a later run can tell the store was abandoned. */
export function recordStoreOwner(storeDir: string, pid: number = process.pid): void {
  writeFileSync(join(storeDir, OWNER_FILE), String(pid));
}

function ownerAlive(storeDir: string): boolean {
  const file = join(storeDir, OWNER_FILE);
  // A store without an owner file is from before owners were recorded, or is being created right now: leave it.
  if (!existsSync(file)) return true;
  const pid = Number(readFileSync(file, 'utf8'));
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
