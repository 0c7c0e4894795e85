import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { expect, it } from 'vitest';
import { repoRoot } from '../../../tools/neo4j-local/local-neo4j.js';

// The production entry must not carry the demo seed or the local Neo4j launcher: those are `npm start`'s
// (scripts/start.ts). Checked on the import lines of every file under api/.
it('nothing in api/ imports seed/, scripts/ or tools/', () => {
  const apiDir = join(repoRoot, 'api');
  const files = readdirSync(apiDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  expect(files).toContain('main.ts');
  const crossings: string[] = [];
  for (const file of files) {
    const source = readFileSync(join(apiDir, file), 'utf8');
    for (const [, spec] of source.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
      const target = relative(repoRoot, resolve(dirname(join(apiDir, file)), spec!));
      if (/^(seed|scripts|tools)\//.test(target)) crossings.push(`api/${file} → ${target}`);
    }
  }
  expect(crossings).toEqual([]);
});
