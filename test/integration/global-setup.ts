import type { TestProject } from 'vitest/node';
import { startThrowawayNeo4j } from '../../tools/neo4j-local/throwaway-neo4j.js';

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
  const fixed = process.env.STRATA_TEST_NEO4J_PORT;
  const server = await startThrowawayNeo4j('test', {
    fixedPort: fixed ? Number(fixed) : undefined,
    log: (line) => console.log(`[neo4j] ${line}`),
  });
  project.provide('neo4jUri', server.uri);
  return () => server.stop();
}
