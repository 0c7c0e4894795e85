import { describe, expect, it } from 'vitest';
import { emptyModel, layoutGraph, mergeGraph, NODE_W, nodesPerRow } from '../../../extension/lib/graph';
import { inlineLineageGraphQuery } from '../../../extension/lib/queries';

const first = {
  nodes: [
    { id: 'out', kind: 'Output', label: 'answer' },
    { id: 'model', kind: 'Model', label: 'assistant v2' },
    { id: 'ad', kind: 'Adapter', label: 'med-lora' },
  ],
  edges: [
    { from: 'out', to: 'model', kind: 'GENERATED_BY' },
    { from: 'model', to: 'ad', kind: 'USES' },
    { from: 'ad', to: 'missing', kind: 'TRAINED_ON' },
  ],
  frontier: [{ id: 'ad', hiddenNeighbours: 2 }],
};

describe('lineage graph model', () => {
  it('merges answers and expands the frontier', () => {
    const m = mergeGraph(emptyModel('out'), first);
    expect(m.nodes.size).toBe(3);
    expect(m.edges.size).toBe(2); // the edge to a node not drawn is dropped
    expect(m.frontier.get('ad')).toBe(2);
    mergeGraph(
      m,
      {
        nodes: [{ id: 'ad', kind: 'Adapter', label: 'med-lora' }, { id: 'dn', kind: 'Datanet', label: 'Clinical notes' }, { id: 'base', kind: 'BaseModel', label: 'base' }],
        edges: [{ from: 'ad', to: 'dn', kind: 'TRAINED_ON' }, { from: 'ad', to: 'base', kind: 'ADAPTS' }],
        frontier: [{ id: 'ad', hiddenNeighbours: 5 }, { id: 'dn', hiddenNeighbours: 40 }],
      },
      'ad',
    );
    expect(m.nodes.size).toBe(5);
    expect(m.frontier.has('ad')).toBe(false); // expanded nodes are never frontier again
    expect(m.frontier.get('dn')).toBe(40);
  });

  it('lays layers out top to bottom by distance from the root, wrapping wide layers', () => {
    const m = mergeGraph(emptyModel('out'), first);
    const l = layoutGraph(m, 2);
    const y = (id: string) => l.nodes.find((n) => n.node.id === id)!.y;
    expect(y('out')).toBeLessThan(y('model'));
    expect(y('model')).toBeLessThan(y('ad'));
    expect(l.nodes.find((n) => n.node.id === 'ad')!.hidden).toBe(2);
    expect(l.edges).toHaveLength(2);
    // Five nodes in one layer, two per row: three rows, never wider than two nodes.
    const wide = mergeGraph(emptyModel('r'), {
      nodes: [{ id: 'r', kind: 'Output', label: 'r' }, ...['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, kind: 'Record', label: id }))],
      edges: ['a', 'b', 'c', 'd', 'e'].map((id) => ({ from: 'r', to: id, kind: 'INFLUENCED_BY' })),
      frontier: [],
    });
    const lw = layoutGraph(wide, nodesPerRow(400));
    expect(nodesPerRow(400)).toBe(2);
    expect(new Set(lw.nodes.filter((n) => n.depth === 1).map((n) => n.y)).size).toBe(3);
    expect(lw.width).toBeLessThanOrEqual(400);
    expect(lw.width).toBeGreaterThanOrEqual(2 * NODE_W);
  });

  it('writes a ready-to-run query for the copy link', () => {
    const q = inlineLineageGraphQuery({ of: 'a"b', direction: 'DOWNSTREAM', maxDepth: 2, maxNodes: 100 });
    expect(q).toContain('lineageGraph(of: "a\\"b", direction: DOWNSTREAM, maxDepth: 2, maxNodes: 100)');
    expect(q).toContain('frontier { id hiddenNeighbours }');
  });
});
