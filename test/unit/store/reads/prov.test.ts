import { describe, expect, it } from 'vitest';
import { lineageCypher } from '../../../../api/store/reads/lineage.js';
import { upstreamRelationsCypher } from '../../../../api/store/reads/lineage-relations.js';
import { nodeByIdCypher } from '../../../../api/store/reads/nodes.js';
import { execute, int, node, type Answer } from './support/recording-graph.js';

// GraphQL in, Cypher out for prov(of:): the lineage page (the same statement as `lineage`), the subject on the first
// page, and one query for the page's upstream edges — only of nodes short of the depth cap.
const output = node('Output', { id: 'out_1', contentHash: 'a'.repeat(64), text: 't', modelId: 'mdl_1', createdAt: '2026-02-01T00:00:00.000Z' });
const model = node('Model', { id: 'mdl_1', name: 'Tides', version: '1', baseModelId: 'bm_1', createdAt: '2026-01-01T00:00:00.000Z' });
const base = node('BaseModel', { id: 'bm_1', name: 'Base', family: 'f' });

const graph: Answer = (statement) => {
  if (statement.includes('AS page')) {
    return [{ total: int(2), pathsSeen: int(2), truncatedNodes: int(0), page: [
      { node: model, depth: int(1), pathCount: int(1), kinds: ['GENERATED_BY'] },
      { node: base, depth: int(2), pathCount: int(1), kinds: ['BASED_ON'] },
    ] }];
  }
  if (statement === nodeByIdCypher('Output')) return [{ n: output }];
  if (statement === upstreamRelationsCypher) {
    return [
      { fromLabel: 'Output', fromId: 'out_1', kind: 'GENERATED_BY', toLabel: 'Model', toId: 'mdl_1', properties: {} },
      { fromLabel: 'Model', fromId: 'mdl_1', kind: 'BASED_ON', toLabel: 'BaseModel', toId: 'bm_1', properties: {} },
    ];
  }
  return undefined;
};

describe('prov(of:)', () => {
  it('costs three queries on the first page, and the depth-capped nodes send no edge query', async () => {
    const result = await execute(graph, '{ prov(of: "Output:out_1", maxDepth: 2) }');
    expect(result.errors).toBeUndefined();
    expect(result.sent.map((s) => s.statement)).toEqual([lineageCypher('Output', 2), nodeByIdCypher('Output'), upstreamRelationsCypher]);
    expect(result.sent[2]!.parameters).toEqual({ nodes: [{ label: 'Output', id: 'out_1' }, { label: 'Model', id: 'mdl_1' }], limit: 'int(5001)' });
    expect({ parameters: result.sent.map((s) => s.parameters), document: result.data }).toMatchSnapshot();
  });

  it('refuses a depth past the cap before sending anything', async () => {
    const result = await execute(graph, '{ prov(of: "Output:out_1", maxDepth: 9) }');
    expect(result.errors?.[0]).toMatch(/maxDepth must be an integer from 1 to 6/);
    expect(result.sent).toEqual([]);
  });
});
