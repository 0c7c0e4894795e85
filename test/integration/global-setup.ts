import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort, repoRoot, startLocalNeo4j } from '../../schema/neo4j-local/local-neo4j.js';

declare module 'vitest' {
  export interface ProvidedContext {
    neo4jUri: string;
  }
}

/**
 * Starts (or reuses) the project's local Neo4j once per run. Tests use their own store and port, never the
 * developer's seeded graph; STRATA_TEST_NEO4J_URI points the tests at another server instead.
 */
export default async function setup(project: TestProject) {
  const given = process.env.STRATA_TEST_NEO4J_URI;
  if (given) {
    project.provide('neo4jUri', given);
    return;
  }
  // A port and store of this run's own: parallel runs (two checkouts, CI beside a developer) never share a database
  // that the tests wipe. STRATA_TEST_NEO4J_PORT fixes the port (and reuses a server already on it).
  const port = process.env.STRATA_TEST_NEO4J_PORT ? Number(process.env.STRATA_TEST_NEO4J_PORT) : await freePort();
  const storeDir = join(repoRoot, '.strata', 'neo4j', `test-${port}`);
  const server = await startLocalNeo4j({
    storeDir,
    port,
    log: (line) => console.log(`[neo4j] ${line}`),
  });
  project.provide('neo4jUri', server.uri);
  return async () => {
    await server.stop();
    if (server.owned && !process.env.STRATA_TEST_NEO4J_PORT) rmSync(storeDir, { recursive: true, force: true });
  };
}
