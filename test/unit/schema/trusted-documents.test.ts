/**
 * The trusted documents (docs/architecture.md#lookups-over-get): each is a valid query (never a mutation) against the
 * committed schema, named as its operation, addressed by the SHA-256 of its text, and known to the persisted-query
 * store under Apollo's key prefix without being overwritten by a registration.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema, parse, validate, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { PersistedQueryStore, TRUSTED_DOCUMENTS, trustedDocument } from '../../../api/http/trusted-documents.js';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const schema = buildSchema(readFileSync(join(repoRoot, 'schema', 'schema.graphql'), 'utf8'));

describe('trusted documents', () => {
  it.each(TRUSTED_DOCUMENTS.map((d) => [d.name, d] as const))('%s is a valid query named as itself, addressed by its SHA-256', (name, d) => {
    const ast = parse(d.document);
    expect(validate(schema, ast).map((e) => e.message)).toEqual([]);
    const operations = ast.definitions.filter((x): x is OperationDefinitionNode => x.kind === 'OperationDefinition');
    expect(operations.map((o) => [o.operation, o.name?.value])).toEqual([['query', name]]);
    expect(d.sha256Hash).toBe(createHash('sha256').update(d.document, 'utf8').digest('hex'));
    expect(trustedDocument(d.sha256Hash)).toBe(d);
  });

  it('only a log entry by index is immutable', () => {
    expect(TRUSTED_DOCUMENTS.filter((d) => d.cache === 'immutable').map((d) => d.name)).toEqual(['LogEntryAt']);
  });

  it('the persisted-query store knows them from the start and keeps registrations beside them', async () => {
    const store = new PersistedQueryStore();
    const d = TRUSTED_DOCUMENTS[0]!;
    expect(await store.get(`apq:${d.sha256Hash}`)).toBe(d.document);
    await store.set(`apq:${d.sha256Hash}`, '{ __typename }');
    expect(await store.get(`apq:${d.sha256Hash}`)).toBe(d.document);
    expect(await store.get('apq:abc')).toBeUndefined();
    await store.set('apq:abc', '{ __typename }');
    expect(await store.get('apq:abc')).toBe('{ __typename }');
  });
});
