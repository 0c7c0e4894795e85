import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { printedSchema, schemaFile } from '../../../api/schema/print.js';

it('schema/schema.graphql is the printed schema (run `npm run schema:print` after changing api/)', () => {
  expect(readFileSync(schemaFile, 'utf8')).toBe(printedSchema());
});

it('keeps the fixed GraphQL names (docs/architecture.md#fixed-names)', () => {
  const sdl = printedSchema();
  for (const field of ['node(id: ID!): Node', 'output(id: ID!): Output', 'outputByContent(contentHash: String, text: String, wordsHash: String): Output', 'contributor(id: ID!): Contributor', 'datanet(id: ID!): Datanet', 'adapter(id: ID!): Adapter', 'model(id: ID!): Model']) {
    expect(sdl).toContain(field);
  }
  expect(sdl).toMatch(/lineage\(after: String, direction: LineageDirection = UPSTREAM, first: Int = 50, maxDepth: Int = 1, of: ID!\): LineageConnection!/);
  expect(sdl).toMatch(/lineageGraph\(direction: LineageDirection = UPSTREAM, maxDepth: Int = 2, maxNodes: Int = 200, of: ID!\): LineageGraph!/);
});
