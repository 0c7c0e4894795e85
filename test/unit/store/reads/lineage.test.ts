import { describe, expect, it } from 'vitest';
import { lineageCypher, lineageGraphCypher } from '../../../../api/store/reads/lineage.js';
import { execute, int, node, type Answer } from './support/recording-graph.js';

// GraphQL in, Cypher out for lineage. The statements' text is pinned by test/unit/cypher/lineage-cypher.test.ts;
// here: which statement a document sends, with which parameters, and how the rows become a connection.

const record = node('Record', {
  id: 'rec_1', contentHash: 'b'.repeat(64), text: 'The answer is 42.', license: 'CC-BY-4.0', status: 'ACCEPTED',
  submittedAt: '2026-01-02T00:00:00.000Z', datanetId: 'dn_1', contributorId: 'ctr_1',
});
const adapter = node('Adapter', { id: 'ad_1', name: 'physics-lora', baseModelId: 'base_1', createdAt: '2026-01-15T00:00:00.000Z' });
const datanet = node('Datanet', { id: 'dn_1', name: 'Physics', description: '', admission: 'OPEN', createdAt: '2026-01-01T00:00:00.000Z' });

const graph: Answer = (statement) => {
  if (statement.includes('AS page')) {
    return [{
      total: int(3), pathsSeen: int(3), truncatedNodes: int(1),
      page: [
        { node: adapter, depth: int(1), pathCount: int(1), kinds: ['TRAINED_ON'] },
        { node: record, depth: int(1), pathCount: int(1), kinds: ['IN'] },
      ],
    }];
  }
  if (statement.includes('AS frontier')) {
    return [{
      kept: [{ node: datanet, depth: int(0) }, { node: record, depth: int(1) }],
      total: int(2), pathsSeen: int(2),
      edges: [{ from: 'Record:rec_1', to: 'Datanet:dn_1', kind: 'IN' }],
      frontier: [{ id: 'Record:rec_1', hidden: int(1) }],
    }];
  }
  return undefined;
};

describe('lineage reads', () => {
  it('lineage: one query per page, the cursor split into depth and id, the page fetched one past its size', async () => {
    const document = `query($after: String) { lineage(of: "Datanet:dn_1", direction: DOWNSTREAM, maxDepth: 2, first: 1, after: $after) {
      totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor minDepth pathCount reachedBy node { id } }
      completeness { isComplete truncatedNodes reasons }
    } }`;
    const first = await execute(graph, document);
    expect(first.errors).toBeUndefined();
    expect(first.sent.map((s) => s.statement)).toEqual([lineageCypher('Datanet', 2, 'DOWNSTREAM')]);
    const next = await execute(graph, document, { after: (first.data as any).lineage.pageInfo.endCursor });
    expect({ first: { data: first.data, parameters: first.sent[0]!.parameters }, next: next.sent[0]!.parameters }).toMatchSnapshot();
  });

  it('lineage without totals lets the search stop once the page is full', async () => {
    const result = await execute(graph, '{ lineage(of: "Datanet:dn_1", first: 1) { edges { node { id } } } }');
    expect(result.sent.map((s) => s.parameters)).toMatchSnapshot();
  });

  it('lineageGraph: one query; nodes, edges and the frontier', async () => {
    const result = await execute(graph, `{ lineageGraph(of: "Datanet:dn_1", maxDepth: 2, maxNodes: 10) {
      nodes { id kind label depth } edges { from to kind } frontier { id hiddenNeighbours } completeness { isComplete reasons }
    } }`);
    expect(result.errors).toBeUndefined();
    expect(result.sent.map((s) => s.statement)).toEqual([lineageGraphCypher('Datanet', 2, 'UPSTREAM')]);
    expect({ data: result.data, parameters: result.sent[0]!.parameters }).toMatchSnapshot();
  });
});
