import { describe, expect, it } from 'vitest';
import { valueDropCandidatesCypher, valueHistoriesCypher, valueHistoryCypher } from '../../../../api/store/reads/value-history.js';
import { MAX_VALUE_DROP_CONTRIBUTORS } from '../../../../api/use-cases/governance-metrics.js';
import { execute, expectPinned, int, node, type Answer } from './support/recording-graph.js';

// GraphQL in, Cypher out for governanceMetrics' contributors with flagged value drops.

const v1 = node('Model', { id: 'mdl_1', name: 'Tutor', version: '1.0', baseModelId: 'base_1', createdAt: '2026-01-01T00:00:00.000Z' });
const v2 = node('Model', { id: 'mdl_2', name: 'Tutor', version: '2.0', baseModelId: 'base_1', previousVersionId: 'mdl_1', createdAt: '2026-02-01T00:00:00.000Z' });
const row = (contributorId: string, model: typeof v1, outputs: number, credit: number, credited: number, amounts: string[]) => ({
  contributorId, modelId: model.properties.id, previousVersionId: model.properties.previousVersionId ?? null, createdAt: model.properties.createdAt,
  outputs: int(outputs), credit, credited: int(credited), amounts,
});

// ada: mean share 0.5 in v1, 0.1 in v2 (a drop of 80 %, flagged); bo: 0.2 → 0.19 (5 %, not flagged).
const graph: Answer = (statement, { ids }) => {
  if (statement === valueDropCandidatesCypher) return [{ contributorId: 'ctr_ada' }, { contributorId: 'ctr_bo' }];
  if (statement === valueHistoriesCypher) {
    return [
      row('ctr_ada', v1, 4, 2, 4, ['40']), row('ctr_ada', v2, 10, 1, 2, ['5']),
      row('ctr_bo', v1, 4, 0.8, 2, ['8']), row('ctr_bo', v2, 10, 1.9, 5, ['19']),
    ].filter((r) => ids.includes(r.contributorId));
  }
  if (statement.includes('(n:Model {id: id})')) return [v1, v2].filter((m) => ids.includes(m.properties.id)).map((n) => ({ n }));
  if (statement.includes('(n:Contributor {id: id})')) {
    return ids.map((id: string) => ({ n: node('Contributor', { id, handle: id.slice(4), createdAt: '2026-01-01T00:00:00.000Z' }) }));
  }
  return undefined;
};

describe('governanceMetrics value drops', () => {
  it('reads the candidates, then every candidate\'s value history in one query; lists the flagged versions only', async () => {
    const result = await execute(
      graph,
      `{ governanceMetrics { valueDropsTruncated valueDrops { contributor { handle } model { version } previousVersion { version } at meanShareBefore meanShareAfter drop } } }`,
    );
    expectPinned(result);
    const m = (result.data as { governanceMetrics: { valueDrops: { contributor: { handle: string } }[]; valueDropsTruncated: boolean } }).governanceMetrics;
    expect(m.valueDrops.map((d) => d.contributor.handle)).toEqual(['ada']);
    expect(m.valueDropsTruncated).toBe(false);
    const candidates = result.sent.find((s) => s.statement === valueDropCandidatesCypher)!;
    expect(candidates.parameters).toEqual({ limit: `int(${MAX_VALUE_DROP_CONTRIBUTORS + 1})` });
    expect(result.sent.filter((s) => s.statement === valueHistoriesCypher).map((s) => s.parameters)).toEqual([{ ids: ['ctr_ada', 'ctr_bo'] }]);
  });

  it('the per-contributor and the batched history share one body: only the anchor differs', () => {
    const body = (cypher: string) => cypher.slice(cypher.indexOf('CALL (c) {'));
    expect(body(valueHistoriesCypher)).toBe(body(valueHistoryCypher));
    expect(valueHistoriesCypher.startsWith('UNWIND $ids AS contributorId\nMATCH (c:Contributor {id: contributorId})')).toBe(true);
  });
});
