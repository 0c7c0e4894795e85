/**
 * Every GraphQL document the extension sends is valid against the API's committed schema (schema/schema.graphql):
 * a renamed field or argument fails here, not in a user's browser. Documents are found by walking lib/queries.ts's
 * exports, so a new one is checked without anyone remembering to add it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import * as queries from '../../../extension/lib/queries';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const schema = buildSchema(readFileSync(join(repoRoot, 'schema', 'schema.graphql'), 'utf8'));

const documents: Array<[string, string]> = [
  ...(Object.entries(queries) as Array<[string, unknown]>).filter((e): e is [string, string] => typeof e[1] === 'string' && /^\s*(query|mutation|subscription)\b/.test(e[1])),
  ['inlineLineageGraphQuery', queries.inlineLineageGraphQuery({ of: 'Output:out_1', direction: 'UPSTREAM', maxDepth: 2, maxNodes: 60 })],
];

describe('the extension\'s GraphQL documents', () => {
  it('are all found', () => {
    expect(documents.map(([name]) => name).sort()).toEqual(
      ['CAST_VOTE_MUTATION', 'CONTRIBUTOR_EVENTS_SUBSCRIPTION', 'EVENT_SUBJECT_QUERY', 'LINEAGE_GRAPH_QUERY', 'LOG_CHECKPOINT_QUERY', 'OPEN_PROPOSALS_QUERY', 'PROPOSAL_CORRECTION_QUERY', 'OUTPUT_BY_CONTENT_NO_LOG_QUERY', 'OUTPUT_BY_CONTENT_QUERY', 'OUTPUT_BY_WORDS_QUERY', 'TRACE_TEXT_QUERY', 'inlineLineageGraphQuery'].sort(),
    );
  });

  it.each(documents)('%s is valid against schema/schema.graphql', (_name, source) => {
    expect(validate(schema, parse(source)).map((e) => e.message)).toEqual([]);
  });

  it('live only in lib/queries.ts', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        if (name === '.output' || name === '.wxt' || name === 'node_modules') continue;
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.(ts|html)$/.test(name)) files.push(p);
      }
    };
    walk(join(repoRoot, 'extension'));
    const elsewhere = files.filter((f) => !f.endsWith(join('lib', 'queries.ts')) && /\b(query|mutation|subscription)\s+\w*\s*[({]/.test(readFileSync(f, 'utf8').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '')));
    expect(elsewhere).toEqual([]);
  });
});
