import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { GraphStore } from './graph-store.js';

const constraintsFile = fileURLToPath(new URL('../../schema/constraints.cypher', import.meta.url));

export function constraintStatements(): string[] {
  return readFileSync(constraintsFile, 'utf8')
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('//'))
    .join('\n')
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Applies every constraint and index; each statement is IF NOT EXISTS (or a DROP … IF EXISTS), so this is safe at every start. */
export async function applyConstraints(graph: GraphStore, extra: string[] = []): Promise<void> {
  for (const statement of [...constraintStatements(), ...extra]) {
    await graph.driver.executeQuery(statement, {}, { database: graph.database });
  }
  await graph.driver.executeQuery('CALL db.awaitIndexes(60)', {}, { database: graph.database });
}
