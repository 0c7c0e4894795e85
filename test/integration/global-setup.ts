import type { TestProject } from 'vitest/node';
import { testRunNeo4j } from '../../tools/neo4j-local/throwaway-neo4j.js';

declare module 'vitest' {
  export interface ProvidedContext {
    neo4jUri: string;
  }
}

/**
 * Starts (or reuses) the project's local Neo4j once per run. Tests use their own store and port, never the
 * developer's seeded graph; STRATA_TEST_NEO4J_URI points the tests at another server instead, STRATA_TEST_NEO4J_PORT
 * fixes the port (and reuses a server already on it).
 */
export default async function setup(project: TestProject) {
  const neo4j = await testRunNeo4j('test', {
    uriVariable: 'STRATA_TEST_NEO4J_URI',
    portVariable: 'STRATA_TEST_NEO4J_PORT',
    log: (line) => console.log(`[neo4j] ${line}`),
  });
  project.provide('neo4jUri', neo4j.uri);
  return neo4j.stop;
}
