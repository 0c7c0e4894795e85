import { describe, expect, it } from 'vitest';
import { complexityFromQuery } from '@pothos/plugin-complexity';
import { parse } from 'graphql';
import { schema } from '../../../api/schema/index.js';
import { prepareTrustedDocuments } from '../../../api/http/direct-lookups.js';
import { documentLimits } from '../../../api/http/request-bounds.js';
import { TRUSTED_DOCUMENTS } from '../../../api/http/trusted-documents.js';

// Trusted lookups without the pipeline (docs/architecture.md#trusted-lookups-without-the-pipeline) validate each
// document once and keep the cost measured on its first request: both are sound only if every trusted document is
// valid against the schema and the document limits, and its cost does not depend on its variables.

const variablesOf = (name: string, n: number): Record<string, unknown> =>
  ({
    OutputProvenance: { id: `Output:out_${n}` },
    OutputProvenanceByContentHash: { contentHash: String(n).repeat(64).slice(0, 64) },
    OutputProvenanceByWordsHash: { wordsHash: String(n).repeat(64).slice(0, 64) },
    LogEntryAt: { index: String(n * 1_000) },
  })[name]!;

describe('trusted documents', () => {
  it('are all valid, so all are answered without the pipeline', () => {
    const bounds = documentLimits({ maxAliases: 15, maxTokens: 5_000, maxDirectives: 50, production: true });
    const prepared = prepareTrustedDocuments({ schema, validationRules: bounds.validationRules });
    expect([...prepared.values()].map((p) => p.trusted.name).sort()).toEqual(TRUSTED_DOCUMENTS.map((d) => d.name).sort());
  });

  it('cost the same whatever their variables', () => {
    for (const trusted of TRUSTED_DOCUMENTS) {
      const document = parse(trusted.document);
      const costs = [1, 2, 7].map((n) => complexityFromQuery(document, { schema, ctx: {}, variables: variablesOf(trusted.name, n) }));
      expect(costs[0]!.complexity, trusted.name).toBeGreaterThan(0);
      for (const cost of costs) expect(cost, trusted.name).toEqual(costs[0]);
    }
  });
});
